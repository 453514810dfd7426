import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EVENT_COLUMNS, EventRow } from '../events/event-view';
import { LikeEntity } from './like.entity';

export type LikedEventRow = EventRow & { liked_at: Date };

@Injectable()
export class LikesRepository {
  constructor(@InjectRepository(LikeEntity) private readonly likes: Repository<LikeEntity>) {}

  /**
   * Logs the like and sets the user's state for the talk in one statement, so both or neither are stored.
   * Returns the moment it was stored, or null when the talk does not exist (nothing stored then). A
   * state newer than this like (a concurrent request that got a later timestamp) is not overwritten.
   */
  async record(userid: string, eventId: number, liked: boolean): Promise<Date | null> {
    const rows: Array<{ source_time: Date }> = await this.likes.query(
      `WITH logged AS (
         INSERT INTO like_events (userid, event_id, liked, source_time)
         SELECT $1, id, $3, clock_timestamp() FROM events WHERE id = $2
         RETURNING event_id, liked, source_time
       ), state AS (
         INSERT INTO likes (userid, event_id, liked, source_time)
         SELECT $1, event_id, liked, source_time FROM logged
         ON CONFLICT (userid, event_id) DO UPDATE SET liked = EXCLUDED.liked, source_time = EXCLUDED.source_time
           WHERE likes.source_time <= EXCLUDED.source_time
       )
       SELECT source_time FROM logged`,
      [userid, eventId, liked],
    );
    return rows.length ? rows[0].source_time : null;
  }

  /** Users whose latest like of each talk is liked = true; talks nobody likes are absent. */
  async likeCounts(eventIds: number[]): Promise<Map<number, number>> {
    const rows: Array<{ event_id: number; num: number }> = await this.likes.query(
      'SELECT event_id, count(*)::int AS num FROM likes WHERE liked AND event_id = ANY($1::int[]) GROUP BY event_id',
      [eventIds],
    );
    return new Map(rows.map((row) => [row.event_id, row.num]));
  }

  /** Talks the user likes now, by start then id. */
  likedEvents(userid: string, limit: number, offset: number): Promise<LikedEventRow[]> {
    return this.likes.query(
      `SELECT ${EVENT_COLUMNS}, l.source_time AS liked_at
         FROM likes l JOIN events e ON e.id = l.event_id
        WHERE l.userid = $1 AND l.liked
        ORDER BY e.start_timestamp, e.id
        LIMIT $2 OFFSET $3`,
      [userid, limit, offset],
    );
  }

  /** DataSQRL's EventsLiked: one row per like sent, liked or not, by start, talk, then sending order. */
  rawLikedEvents(userid: string, limit: number, offset: number): Promise<LikedEventRow[]> {
    return this.likes.query(
      `SELECT ${EVENT_COLUMNS}, l.source_time AS liked_at
         FROM like_events l JOIN events e ON e.id = l.event_id
        WHERE l.userid = $1
        ORDER BY e.start_timestamp, e.id, l.id
        LIMIT $2 OFFSET $3`,
      [userid, limit, offset],
    );
  }
}
