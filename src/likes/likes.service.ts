import { Injectable } from '@nestjs/common';
import { InvalidInputError, MAX_OFFSET, requireIntInRange } from '../common/invalid-input.error';
import { requireAtMost, requireText } from '../common/user-input';
import { AppConfig } from '../config/app-config';
import { toEventView, type EventView } from '../events/event-view';
import { PerRequestLoader } from '../graphql/per-request-loader';
import { LikesRepository } from './likes.repository';

export interface LikeAdded {
  _source_time: string;
  event_time: string;
  userid: string;
  eventId: number;
  liked: boolean;
}

export type LikedEventView = EventView & { likedAt: string };

@Injectable()
export class LikesService {
  /** A talk nobody likes has no row in the counts: 0. */
  private readonly counts = new PerRequestLoader<number, number>((eventIds) => this.repository.likeCounts(eventIds), 0);

  constructor(
    private readonly repository: LikesRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * Stored before the answer goes out, so any query sent after it sees the like. liked=false un-likes:
   * the talk leaves the user's profile and its likeCount; liking twice counts once.
   */
  async like(userid: string, eventId: number, liked: boolean): Promise<LikeAdded> {
    requireText('userid', userid, this.config.USERID_MAX_CHARS);
    const storedAt = await this.repository.record(userid, eventId, liked);
    if (!storedAt) throw new InvalidInputError(`there is no talk with eventId ${eventId}`, 'eventId');
    const time = storedAt.toISOString();
    return { _source_time: time, event_time: time, userid, eventId, liked };
  }

  likeCount(eventId: number, request: object): Promise<{ num: number }> {
    return this.counts.load(request, eventId).then((num) => ({ num }));
  }

  /**
   * EVENTS_LIKED_FILTER=raw lists every like sent, un-likes and repeats included, as DataSQRL did. No
   * limit (DataSQRL's schema has none) is a page of MAX_PAGE_SIZE: a user with a million likes must not
   * make one request read them all.
   */
  async likedEvents(userid: string, limit: number | null, offset: number): Promise<LikedEventView[]> {
    requireAtMost('userid', userid, this.config.USERID_MAX_CHARS);
    const page = limit ?? this.config.MAX_PAGE_SIZE;
    requireIntInRange('limit', page, 0, this.config.MAX_PAGE_SIZE);
    requireIntInRange('offset', offset, 0, MAX_OFFSET);
    const rows = this.config.EVENTS_LIKED_FILTER === 'raw' ? await this.repository.rawLikedEvents(userid, page, offset) : await this.repository.likedEvents(userid, page, offset);
    return rows.map((row) => ({ ...toEventView(row, this.config.EVENTS_TIME_ZONE), likedAt: row.liked_at.toISOString() }));
  }
}
