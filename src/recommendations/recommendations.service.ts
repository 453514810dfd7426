import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../common/invalid-input.error';
import { requireLimit, requirePage } from '../common/pagination';
import { requireAtMost, requireText } from '../common/user-input';
import { AppConfig } from '../config/app-config';
import { EmbeddingService } from '../embedding/embedding.service';
import { toEventView, type EventView } from '../events/event-view';
import { RecommendationsRepository, ScoredEventRow } from './recommendations.repository';

export type RecommendationBasis = 'PROFILE' | 'POPULAR';
export type SearchRanking = 'BLEND' | 'SIMILARITY';

export type RecommendedEvent = EventView & { score: number; basis: RecommendationBasis };
export type SearchResult = EventView & { score: number; similarity: number; textRank: number };
export type SimilarEvent = EventView & { score: number };

export interface RecommendedArgs {
  userid: string;
  limit: number;
  offset: number;
  includeLiked: boolean | null;
}

export interface SearchArgs {
  query: string;
  userid: string;
  limit: number;
  offset: number;
  ranking: SearchRanking | null;
}

/**
 * Recommendations and personalised search over the user's profile. An empty userid is an anonymous
 * reader (the published DataSQRL search example sends userid ""): no profile, nothing stored.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly repository: RecommendationsRepository,
    private readonly embedding: EmbeddingService,
    private readonly config: AppConfig,
  ) {}

  private get model(): string {
    return this.embedding.embedderFor('event').name;
  }

  /**
   * By similarity to the profile. Talks the user likes are left out unless asked for; a user without a
   * profile gets the most-liked, then upcoming talks (basis POPULAR; RECOMMEND_POPULAR_ITEMS says which
   * agenda items count), or nothing with RECOMMEND_FALLBACK=none.
   */
  async recommended(args: RecommendedArgs): Promise<RecommendedEvent[]> {
    const userid = requireAtMost('userid', args.userid, this.config.USERID_MAX_CHARS);
    const page = requirePage(args.limit, args.offset, this.config.MAX_PAGE_SIZE);
    const includeLiked = args.includeLiked ?? this.config.RECOMMEND_INCLUDE_LIKED;
    const likes = this.config.PROFILE_LIKES;
    const query = { userid, model: this.model, likes, includeLiked, ...page };
    const rows = await this.repository.recommended(query);
    if (rows.length > 0 || this.config.RECOMMEND_FALLBACK === 'none') return rows.map((row) => this.view(row, 'PROFILE'));
    if (await this.repository.hasProfile(userid, this.model, likes)) {
      // The profile may have come into being between the two queries (an interest embedded meanwhile):
      // asked again, the answer is the one for the profile hasProfile saw, not an empty list.
      return (await this.repository.recommended(query)).map((row) => this.view(row, 'PROFILE'));
    }
    const popular = { userid, includeLiked, items: this.config.RECOMMEND_POPULAR_ITEMS, now: new Date(), ...page };
    return (await this.repository.popular(popular)).map((row) => this.view(row, 'POPULAR'));
  }

  async search(args: SearchArgs): Promise<SearchResult[]> {
    const query = requireText('query', args.query, this.config.SEARCH_QUERY_MAX_CHARS);
    const userid = requireAtMost('userid', args.userid, this.config.USERID_MAX_CHARS);
    const ranking = args.ranking ?? (this.config.SEARCH_RANKING === 'similarity' ? 'SIMILARITY' : 'BLEND');
    const profileWeight = ranking === 'SIMILARITY' ? 1 : this.config.SEARCH_PROFILE_WEIGHT;
    const rows = await this.repository.search({
      userid,
      model: this.model,
      likes: this.config.PROFILE_LIKES,
      query,
      profileWeight,
      textWeight: 1 - profileWeight,
      ...requirePage(args.limit, args.offset, this.config.MAX_PAGE_SIZE),
    });
    return rows.map((row) => ({
      ...toEventView(row, this.config.EVENTS_TIME_ZONE),
      score: row.score,
      similarity: row.similarity,
      textRank: row.text_rank,
    }));
  }

  /** Empty while the talk has no embedding yet. */
  async similar(eventId: number, limit: number): Promise<SimilarEvent[]> {
    const checkedLimit = requireLimit(limit, this.config.MAX_PAGE_SIZE);
    if (!(await this.repository.eventExists(eventId))) {
      throw new InvalidInputError(`there is no talk with eventId ${eventId}`, 'eventId');
    }
    const rows = await this.repository.similar(eventId, checkedLimit);
    return rows.map((row) => ({ ...toEventView(row, this.config.EVENTS_TIME_ZONE), score: row.score }));
  }

  private view(row: ScoredEventRow, basis: RecommendationBasis): RecommendedEvent {
    return { ...toEventView(row, this.config.EVENTS_TIME_ZONE), score: row.score, basis };
  }
}
