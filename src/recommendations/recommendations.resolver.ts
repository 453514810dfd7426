import { Args, Query, Resolver } from '@nestjs/graphql';
import { RecommendationsService, type RecommendedEvent, type SearchRanking, type SearchResult, type SimilarEvent } from './recommendations.service';

@Resolver()
export class RecommendationsResolver {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Query('RecommendedEvents')
  recommended(
    @Args('userid') userid: string,
    @Args('limit') limit: number | null,
    @Args('offset') offset: number | null,
    @Args('includeLiked') includeLiked: boolean | null,
  ): Promise<RecommendedEvent[]> {
    return this.recommendations.recommended({ userid, limit: limit ?? 10, offset: offset ?? 0, includeLiked: includeLiked ?? null });
  }

  @Query('PersonalizedEventSearch')
  search(
    @Args('query') query: string,
    @Args('userid') userid: string,
    @Args('limit') limit: number | null,
    @Args('offset') offset: number | null,
    @Args('ranking') ranking: SearchRanking | null,
  ): Promise<SearchResult[]> {
    return this.recommendations.search({ query, userid, limit: limit ?? 10, offset: offset ?? 0, ranking: ranking ?? null });
  }

  @Query('SimilarEvents')
  similar(@Args('eventId') eventId: number, @Args('limit') limit: number | null): Promise<SimilarEvent[]> {
    return this.recommendations.similar(eventId, limit ?? 10);
  }
}
