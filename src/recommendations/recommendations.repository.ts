import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { efSearchFor, runHnswQuery, type HnswQuery } from '../capture/captured-vectors';
import { AppConfig, type PopularItems } from '../config/app-config';
import { EmbeddingService } from '../embedding/embedding.service';
import { EVENT_COLUMNS, EventRow } from '../events/event-view';

/** current: talks the user likes now; raw: every liked=true like ever sent (DataSQRL). */
export type ProfileLikes = 'current' | 'raw';

export type ScoredEventRow = EventRow & { score: number };
export type SearchRow = EventRow & { score: number; similarity: number; text_rank: number };

export interface RecommendedQuery {
  userid: string;
  model: string;
  likes: ProfileLikes;
  includeLiked: boolean;
  limit: number;
  offset: number;
}

export interface SearchQuery {
  userid: string;
  model: string;
  likes: ProfileLikes;
  query: string;
  profileWeight: number;
  textWeight: number;
  limit: number;
  offset: number;
}

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

export interface PopularQuery {
  userid: string;
  includeLiked: boolean;
  items: PopularItems;
  /** Items starting from then on are upcoming. */
  now: Date;
  limit: number;
  offset: number;
}

/** An abstract that is there: the agenda's non-talk items carry "N/A" (or nothing) instead. */
const HAS_ABSTRACT = `btrim(e.abstract) !~* '^(n/?a|tb[ad]|-*)$'`;
const HAS_SPEAKERS = `jsonb_typeof(e.speakers) = 'array' AND jsonb_array_length(e.speakers) > 0`;
const POPULAR_ITEM_FILTER: Record<PopularItems, string> = {
  talks: `${HAS_ABSTRACT} AND ${HAS_SPEAKERS}`,
  'with-abstract': HAS_ABSTRACT,
  all: 'true',
};

const NOT_LIKED_BY_USER = 'NOT EXISTS (SELECT 1 FROM likes l WHERE l.userid = $1 AND l.event_id = e.id AND l.liked)';

/**
 * events.embedding has no fixed dimension (ascii-test makes 256, the ONNX models 384), and pgvector
 * indexes only fixed-size vectors: the HNSW index is on the expression embedding::vector(384) of the
 * rows with 384 dimensions (migration CreateEventEmbeddingIndex). A query uses it when it orders by
 * exactly that expression and repeats the index's condition; for another dimension the same SQL is an
 * exact scan. `dimensions` is an integer from the model, never input.
 */
export function eventVector(dimensions: number, alias = 'e'): { expression: string; condition: string } {
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new Error(`invalid vector dimensions ${dimensions}`);
  return { expression: `${alias}.embedding::vector(${dimensions})`, condition: `vector_dims(${alias}.embedding) = ${dimensions}` };
}

/**
 * RecommendedEvents over the HNSW index. The profile is a one-row CTE read through scalar subqueries,
 * so the index scan gets it as a parameter (a join with it would make the planner sort every talk). The
 * inner query takes the nearest limit + offset talks in index order (the iterative scan keeps walking
 * past talks the user likes); the outer one pages them by score, then id, exactly as before. No
 * profile: the one-time filter stops the scan before it starts.
 */
export function recommendedQuery(q: RecommendedQuery, dimensions: number, configuredEfSearch: number): HnswQuery {
  const { expression, condition } = eventVector(dimensions);
  const target = '(SELECT vector FROM target)';
  return {
    sql: `WITH ${profileCte(q.likes)}, target AS (SELECT vector::vector(${dimensions}) AS vector FROM profile)
          SELECT * FROM (
            SELECT ${EVENT_COLUMNS}, 1 - (${expression} <=> ${target}) AS score
              FROM events e
             WHERE ${target} IS NOT NULL AND e.embedding_model = $2 AND ${condition}
               AND ($5::boolean OR ${NOT_LIKED_BY_USER})
             ORDER BY ${expression} <=> ${target}, e.id
             LIMIT $3::int + $4::int) nearest
          ORDER BY score DESC, id
          LIMIT $3 OFFSET $4`,
    params: [q.userid, q.model, q.limit, q.offset, q.includeLiked],
    efSearch: efSearchFor(configuredEfSearch, q.limit + q.offset),
  };
}

/**
 * SimilarEvents: the talks nearest to one talk, embedded by the same model, by distance then id. A talk
 * of the model's dimension is matched over the HNSW index (first branch); a talk still embedded by an
 * earlier model of another dimension (second branch) by an exact scan. The one-time filters of the
 * branches run only the one that applies. $1 = eventId, $2 = limit.
 */
export function similarEventsQuery(eventId: number, limit: number, dimensions: number, configuredEfSearch: number): HnswQuery {
  const { expression, condition } = eventVector(dimensions);
  const target = `(SELECT embedding::vector(${dimensions}) FROM target)`;
  return {
    sql: `WITH target AS (SELECT t.embedding, t.embedding_model FROM events t
                           WHERE t.id = $1 AND t.embedding IS NOT NULL AND vector_dims(t.embedding) = ${dimensions})
          SELECT * FROM (
            (SELECT ${EVENT_COLUMNS}, ${expression} <=> ${target} AS distance
               FROM events e
              WHERE ${target} IS NOT NULL AND e.id <> $1 AND ${condition}
                AND e.embedding_model = (SELECT embedding_model FROM target)
              ORDER BY ${expression} <=> ${target}, e.id
              LIMIT $2)
            UNION ALL
            (SELECT ${EVENT_COLUMNS}, t.embedding <=> e.embedding AS distance
               FROM events t JOIN events e ON e.id <> t.id AND e.embedding_model = t.embedding_model
              WHERE t.id = $1 AND t.embedding IS NOT NULL AND vector_dims(t.embedding) <> ${dimensions}
              ORDER BY t.embedding <=> e.embedding, e.id
              LIMIT $2)) nearest
          ORDER BY distance, id`,
    params: [eventId, limit],
    efSearch: efSearchFor(configuredEfSearch, limit + 1),
  };
}

/**
 * PersonalizedEventSearch: talks whose title and abstract match the query (websearch syntax, English
 * stemming), with the cosine similarity to the profile (0 without one, or for a talk not yet embedded by
 * the model) and the text rank scaled to [0, 1) (ts_rank_cd normalisation 32: rank / (rank + 1)).
 * score = profileWeight x similarity + textWeight x text rank; ordered by score, then id.
 *
 * The matching talks come from the full-text (GIN) index and every one of them is scored exactly: no
 * vector index can order by a blend with the text rank, and a vector-index walk filtered by the text
 * (ranking SIMILARITY) is fast only for broad queries and may stop early on narrow ones (pgvector's
 * hnsw.max_scan_tuples), which would drop matches. Its cost grows with the number of matches, so the
 * matches are scored on their id, vector and tsvector alone and only the page's talks are read whole;
 * with textWeight 0 (ranking SIMILARITY) only the page's talks are text-ranked at all (ts_rank_cd costs
 * about 3 us per match, more than the similarity).
 */
export function searchQuery(q: SearchQuery): { sql: string; params: unknown[] } {
  return {
    sql: `WITH ${profileCte(q.likes)}, matched AS (
            SELECT e.id,
                   coalesce(CASE WHEN e.embedding_model = $2 THEN 1 - (p.vector <=> e.embedding) END, 0.0)::float8 AS similarity,
                   CASE WHEN $5::float8 > 0 THEN ts_rank_cd(e.search_vector, query, 32)::float8 END AS text_rank
              FROM events e CROSS JOIN websearch_to_tsquery('english', $3) query CROSS JOIN profile p
             WHERE e.search_vector @@ query),
          top AS (
            SELECT id, similarity, text_rank, $4::float8 * similarity + $5::float8 * coalesce(text_rank, 0.0) AS score
              FROM matched
             ORDER BY score DESC, id
             LIMIT $6 OFFSET $7)
          SELECT ${EVENT_COLUMNS}, top.similarity, top.score,
                 coalesce(top.text_rank, ts_rank_cd(e.search_vector, websearch_to_tsquery('english', $3), 32)::float8) AS text_rank
            FROM top JOIN events e ON e.id = top.id
           ORDER BY top.score DESC, top.id`,
    params: [q.userid, q.model, q.query, q.profileWeight, q.textWeight, q.limit, q.offset],
  };
}

@Injectable()
export class RecommendationsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly embedding: EmbeddingService,
  ) {}

  /** Dimensions of the talks' model: every query here compares vectors of that model. */
  private get dimensions(): number {
    return this.embedding.embedderFor('event').dimensions;
  }

  async hasProfile(userid: string, model: string, likes: ProfileLikes): Promise<boolean> {
    const [row] = await this.db.query(`WITH ${profileCte(likes)} SELECT vector IS NOT NULL AS has FROM profile`, [userid, model]);
    return row.has;
  }

  /** Talks by cosine similarity to the profile, then id; none when the user has no profile. */
  recommended(q: RecommendedQuery): Promise<ScoredEventRow[]> {
    return runHnswQuery<ScoredEventRow>(this.db, recommendedQuery(q, this.dimensions, this.config.HNSW_EF_SEARCH));
  }

  /** Most users liking now first, then the earliest start, then id. */
  /** The most-liked items, then those still to come (soonest first), then past ones in agenda order. */
  popular(q: PopularQuery): Promise<ScoredEventRow[]> {
    // $1 is typed in the query itself: Postgres refuses a parameter that no expression uses.
    return this.db.query(
      `SELECT ${EVENT_COLUMNS}, 0::float8 AS score
         FROM events e
         LEFT JOIN (SELECT event_id, count(*) AS n FROM likes WHERE liked GROUP BY event_id) c ON c.event_id = e.id
        WHERE ($4::boolean OR ${NOT_LIKED_BY_USER}) AND ${POPULAR_ITEM_FILTER[q.items]}
        ORDER BY coalesce(c.n, 0) DESC, e.start_timestamp < $5 ASC NULLS LAST, e.start_timestamp ASC NULLS LAST, e.id
        LIMIT $2 OFFSET $3`,
      [q.userid, q.limit, q.offset, q.includeLiked, q.now],
    );
  }

  search(q: SearchQuery): Promise<SearchRow[]> {
    const { sql, params } = searchQuery(q);
    return this.db.query(sql, params);
  }

  async eventExists(eventId: number): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM events WHERE id = $1', [eventId])).length === 1;
  }

  /** The talks nearest to one talk by cosine distance (embedded by the same model), then id. */
  async similar(eventId: number, limit: number): Promise<ScoredEventRow[]> {
    const rows = await runHnswQuery<EventRow & { distance: number }>(this.db, similarEventsQuery(eventId, limit, this.dimensions, this.config.HNSW_EF_SEARCH));
    return rows.map(({ distance, ...row }) => ({ ...row, score: 1 - distance }));
  }
}
