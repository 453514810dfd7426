import { Module } from '@nestjs/common';
import { RecommendationsRepository } from './recommendations.repository';
import { RecommendationsResolver } from './recommendations.resolver';
import { RecommendationsService } from './recommendations.service';

@Module({
  providers: [RecommendationsRepository, RecommendationsService, RecommendationsResolver],
})
export class RecommendationsModule {}
