import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InterestEntity } from './interest.entity';
import { InterestsProcessor } from './interests.processor';
import { InterestsRepository } from './interests.repository';
import { InterestsResolver } from './interests.resolver';
import { InterestsService } from './interests.service';

@Module({
  imports: [TypeOrmModule.forFeature([InterestEntity])],
  providers: [InterestsRepository, InterestsService, InterestsResolver, InterestsProcessor],
  exports: [InterestsService],
})
export class InterestsModule {}
