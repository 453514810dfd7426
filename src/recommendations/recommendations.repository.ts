import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EVENT_COLUMNS, EventRow } from '../events/event-view';

/** current: talks the user likes now; raw: every liked=true like ever sent (DataSQRL). */
export type ProfileLikes = 'current' | 'raw';

export type ScoredEventRow = EventRow & { score: number };
export type SearchRow = EventRow & { score: number; similarity: number; text_rank: number };

/**
 * A user's profile as SQL: the centroid (pgvector avg) of the embeddings of liked talks and of the
 * user's interests, from the model talks are embedded with now. $1 = userid, $2 = model. Computed per
 * query, so a like is part of it as soon as it is stored.
 */
function profileCte(likes: ProfileLikes): string {
  const liked =
    likes === 'raw'
      ? `SELECT e.embedding FROM like_events l JOIN events e ON e.id = l.event_id
          WHERE l.userid = $1 AND l.liked AND e.embedding_model = $2`
      : `SELECT e.embedding FROM likes l JOIN events e ON e.id = l.event_id
          WHERE l.userid = $1 AND l.liked AND e.embedding_model = $2`;
  return `profile AS (
    SELECT avg(v.embedding) AS vector FROM (
      ${liked}
      UNION ALL
      SELECT i.embedding FROM interests i WHERE i.userid = $1 AND i.embedding_model = $2
    ) v)`;
}

const NOT_LIKED_BY_USER = 'NOT EXISTS (SELECT 1 FROM likes l WHERE l.userid = $1 AND l.event_id = e.id AND l.liked)';

@Injectable()
export class RecommendationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async hasProfile(userid: string, model: string, likes: ProfileLikes): Promise<boolean> {
    const [row] = await this.db.query(`WITH ${profileCte(likes)} SELECT vector IS NOT NULL AS has FROM profile`, [userid, model]);
    return row.has;
  }

  /** Talks by cosine similarity to the profile, then id; none when the user has no profile. */
  recommended(q: { userid: string; model: string; likes: ProfileLikes; includeLiked: boolean; limit: number; offset: number }): Promise<ScoredEventRow[]> {
    return this.db.query(
      `WITH ${profileCte(q.likes)}
       SELECT ${EVENT_COLUMNS}, 1 - (p.vector <=> e.embedding) AS score
         FROM profile p JOIN events e ON e.embedding_model = $2
        WHERE p.vector IS NOT NULL AND ($5::boolean OR ${NOT_LIKED_BY_USER})
        ORDER BY score DESC, e.id
        LIMIT $3 OFFSET $4`,
      [q.userid, q.model, q.limit, q.offset, q.includeLiked],
    );
  }

  /** Most users liking now first, then the earliest start, then id. */
  popular(q: { userid: string; includeLiked: boolean; limit: number; offset: number }): Promise<ScoredEventRow[]> {
    // $1 is typed in the query itself: Postgres refuses a parameter that no expression uses.
    return this.db.query(
      `SELECT ${EVENT_COLUMNS}, 0::float8 AS score
         FROM events e
         LEFT JOIN (SELECT event_id, count(*) AS n FROM likes WHERE liked GROUP BY event_id) c ON c.event_id = e.id
        WHERE $4::boolean OR ${NOT_LIKED_BY_USER}
        ORDER BY coalesce(c.n, 0) DESC, e.start_timestamp ASC NULLS LAST, e.id
        LIMIT $2 OFFSET $3`,
      [q.userid, q.limit, q.offset, q.includeLiked],
    );
  }

  /**
   * Talks whose title and abstract match the query (websearch syntax, English stemming), with the
   * cosine similarity to the profile (0 without one, or for a talk not yet embedded by the model) and
   * the text rank scaled to [0, 1) (ts_rank_cd normalisation 32: rank / (rank + 1)). score =
   * profileWeight x similarity + textWeight x text rank; ordered by score, then id.
   */
  search(q: {
    userid: string;
    model: string;
    likes: ProfileLikes;
    query: string;
    profileWeight: number;
    textWeight: number;
    limit: number;
    offset: number;
  }): Promise<SearchRow[]> {
    return this.db.query(
      `WITH ${profileCte(q.likes)}, matched AS (
         SELECT ${EVENT_COLUMNS},
                coalesce(CASE WHEN e.embedding_model = $2 THEN 1 - (p.vector <=> e.embedding) END, 0.0)::float8 AS similarity,
                ts_rank_cd(e.search_vector, query, 32)::float8 AS text_rank
           FROM events e CROSS JOIN websearch_to_tsquery('english', $3) query CROSS JOIN profile p
          WHERE e.search_vector @@ query)
       SELECT *, $4::float8 * similarity + $5::float8 * text_rank AS score
         FROM matched
        ORDER BY score DESC, id
        LIMIT $6 OFFSET $7`,
      [q.userid, q.model, q.query, q.profileWeight, q.textWeight, q.limit, q.offset],
    );
  }

  async eventExists(eventId: number): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM events WHERE id = $1', [eventId])).length === 1;
  }

  /** The talks nearest to one talk by cosine distance (embedded by the same model), then id. */
  similar(eventId: number, limit: number): Promise<ScoredEventRow[]> {
    return this.db.query(
      `SELECT ${EVENT_COLUMNS}, 1 - (t.embedding <=> e.embedding) AS score
         FROM events t JOIN events e ON e.id <> t.id AND e.embedding_model = t.embedding_model
        WHERE t.id = $1 AND t.embedding IS NOT NULL
        ORDER BY t.embedding <=> e.embedding, e.id
        LIMIT $2`,
      [eventId, limit],
    );
  }
}
