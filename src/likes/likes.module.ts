import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LikeEntity, LikeEventEntity } from './like.entity';
import { LikesRepository } from './likes.repository';
import { LikeCountResolver, LikesResolver } from './likes.resolver';
import { LikesService } from './likes.service';

@Module({
  imports: [TypeOrmModule.forFeature([LikeEntity, LikeEventEntity])],
  providers: [LikesRepository, LikesService, LikesResolver, LikeCountResolver],
})
export class LikesModule {}
