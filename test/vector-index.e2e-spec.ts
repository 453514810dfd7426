import { Client } from 'pg';
import { hnswSearchSettings, nearestQuery } from '../src/capture/captured-vectors';
import { recommendedQuery, similarEventsQuery } from '../src/recommendations/recommendations.repository';
import { TRANSACTION_TABLES } from '../src/transactions/transaction-tables';
import type { AppProcess } from './helpers/app-process';
import { waitForQueuesDrained } from './helpers/queues';
import { sharedDir } from './helpers/shared-dir';
import { TestService } from './helpers/test-service';

const MODEL = 'wordpiece-bow-384';

interface Ranked {
  id: number;
  score: number;
}

/**
 * RecommendedEvents and SimilarEvents order by the expression the talks' HNSW index is built on, so the
 * planner can walk the index, and they still answer exactly what the exact ordering answers. On 143
 * talks the planner prefers a sequential scan; enable_seqscan = off makes it take the index whenever
 * the query's shape allows one, which is what is checked here.
 */
describe('similarity queries over the HNSW indexes', () => {
  let service: TestService;
  let app: AppProcess;
  let db: Client;
  let talkIds: number[];

  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const answer = await app.graphql(query, variables);
    expect(answer.errors).toBeUndefined();
    return answer.data;
  };

  /** Runs a statement as the repository does, optionally with sequential scans off; returns plan or rows. */
  async function run(statement: { sql: string; params: unknown[]; efSearch: number }, options: { explain?: boolean; indexOnly?: boolean } = {}) {
    await db.query('BEGIN');
    try {
      await db.query(hnswSearchSettings(statement.efSearch));
      if (options.indexOnly) await db.query('SET LOCAL enable_seqscan = off');
      const { rows } = await db.query(`${options.explain ? 'EXPLAIN ' : ''}${statement.sql}`, statement.params);
      return rows;
    } finally {
      await db.query('ROLLBACK');
    }
  }
  const plan = async (statement: Parameters<typeof run>[0]) => (await run(statement, { explain: true, indexOnly: true })).map((row) => row['QUERY PLAN']).join('\n');

  /** The exact ordering, as RecommendedEvents ran before the index: every talk scored, by score then id. */
  async function exactRecommendations(userid: string, limit: number, offset: number, includeLiked: boolean): Promise<Ranked[]> {
    const { rows } = await db.query(
      `WITH profile AS (
         SELECT avg(v.embedding) AS vector FROM (
           SELECT e.embedding FROM likes l JOIN events e ON e.id = l.event_id WHERE l.userid = $1 AND l.liked AND e.embedding_model = $2
           UNION ALL SELECT i.embedding FROM interests i WHERE i.userid = $1 AND i.embedding_model = $2) v)
       SELECT e.id, 1 - (p.vector <=> e.embedding) AS score
         FROM profile p JOIN events e ON e.embedding_model = $2
        WHERE p.vector IS NOT NULL
          AND ($5::boolean OR NOT EXISTS (SELECT 1 FROM likes l WHERE l.userid = $1 AND l.event_id = e.id AND l.liked))
        ORDER BY score DESC, e.id LIMIT $3 OFFSET $4`,
      [userid, MODEL, limit, offset, includeLiked],
    );
    return rows.map((row) => ({ id: row.id, score: row.score }));
  }

  const expectSame = (actual: Ranked[], expected: Ranked[]) => {
    expect(actual.map((row) => row.id)).toEqual(expected.map((row) => row.id));
    actual.forEach((row, i) => expect(row.score).toBeCloseTo(expected[i].score, 9));
  };

  beforeAll(async () => {
    service = await TestService.start('vector-index', {
      EVENTS_SOURCE: sharedDir('data', 'current23', 'blog-2023', 'data', 'events.json'),
      EMBEDDING_SWEEP_INTERVAL_MS: '500',
    });
    app = service.app;
    db = await service.db();
    await service.waitFor('the talks embedded', async () => (await db.query('SELECT count(*)::int AS n FROM events WHERE embedding IS NOT NULL')).rows[0].n >= 140, 120000);
    await waitForQueuesDrained(app);
    talkIds = (await db.query('SELECT id FROM events WHERE embedding IS NOT NULL ORDER BY id')).rows.map((row) => row.id);
    for (const eventId of talkIds.slice(0, 4)) {
      await gql('mutation($l: LikedInput!) { Likes(liked: $l) { liked } }', { l: { userid: 'ann', eventId, liked: true } });
    }
    await gql('mutation($i: AddInterest!) { AddInterest(interest: $i) { id } }', { i: { userid: 'ann', text: 'Apache Flink stream processing in production' } });
    await service.waitFor('the interest embedded', async () => (await db.query('SELECT 1 FROM interests WHERE embedding IS NOT NULL')).rows.length === 1, 60000);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('builds the talks index on the 384-dimension vectors, kept in the row with the search vectors', async () => {
    const { rows } = await db.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'events_embedding_384_hnsw'`);
    expect(rows[0].indexdef).toMatch(/USING hnsw \(\(\(?embedding\)?::vector\(384\)\) vector_cosine_ops\).*WHERE \(vector_dims\(embedding\) = 384\)/);
    const storage = await db.query(
      `SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'events'::regclass AND attname IN ('embedding', 'search_vector', 'abstract') ORDER BY attname`,
    );
    expect(storage.rows).toEqual([
      { attname: 'abstract', attstorage: 'x' },
      { attname: 'embedding', attstorage: 'm' },
      { attname: 'search_vector', attstorage: 'm' },
    ]);
  });

  it('lets RecommendedEvents and SimilarEvents walk the talks index', async () => {
    const recommended = recommendedQuery({ userid: 'ann', model: MODEL, likes: 'current', includeLiked: false, limit: 10, offset: 0 }, 384, 40);
    expect(await plan(recommended)).toMatch(/Index Scan using events_embedding_384_hnsw on events/);
    expect(await plan(similarEventsQuery(talkIds[0], 10, 384, 40))).toMatch(/Index Scan using events_embedding_384_hnsw on events/);
    // Captured rows had their index before; the query keeps using it (its vector now travels in binary).
    const nearest = nearestQuery(TRANSACTION_TABLES, { vector: new Array(384).fill(0.05), model: MODEL, limit: 10, from: 'text' }, { rows: 40, text: 40 });
    expect(await plan(nearest)).toMatch(/Index Scan using transaction_embeddings_hnsw on transaction_embeddings/);
  });

  it('answers RecommendedEvents exactly as the exact ordering does, over the index or not', async () => {
    for (const [limit, offset, includeLiked] of [
      [10, 0, false],
      [5, 3, false],
      [10, 0, true],
      [200, 0, false],
    ] as const) {
      const expected = await exactRecommendations('ann', limit, offset, includeLiked);
      expect(expected.length).toBe(Math.min(limit, talkIds.length - (includeLiked ? 0 : 4) - offset));
      const statement = recommendedQuery({ userid: 'ann', model: MODEL, likes: 'current', includeLiked, limit, offset }, 384, 40);
      expectSame((await run(statement, { indexOnly: true })) as Ranked[], expected);
      const answer = await gql('query($l: Int, $o: Int, $i: Boolean) { RecommendedEvents(userid: "ann", limit: $l, offset: $o, includeLiked: $i) { id score basis } }', {
        l: limit,
        o: offset,
        i: includeLiked,
      });
      expectSame(answer.RecommendedEvents, expected);
      expect(answer.RecommendedEvents.every((row: { basis: string }) => row.basis === 'PROFILE')).toBe(true);
    }
  });

  it('answers SimilarEvents exactly as the exact ordering does, over the index or not', async () => {
    for (const eventId of talkIds.slice(0, 3)) {
      const { rows } = await db.query(
        `SELECT e.id, 1 - (t.embedding <=> e.embedding) AS score
           FROM events t JOIN events e ON e.id <> t.id AND e.embedding_model = t.embedding_model
          WHERE t.id = $1 ORDER BY t.embedding <=> e.embedding, e.id LIMIT 10`,
        [eventId],
      );
      const indexed = (await run(similarEventsQuery(eventId, 10, 384, 40), { indexOnly: true })) as Array<{ id: number; distance: number }>;
      expectSame(
        indexed.map((row) => ({ id: row.id, score: 1 - row.distance })),
        rows,
      );
      expectSame((await gql(`{ SimilarEvents(eventId: ${eventId}, limit: 10) { id score } }`)).SimilarEvents, rows);
    }
  });

  it('keeps an empty answer for a user without a profile (the popular fallback follows)', async () => {
    const statement = recommendedQuery({ userid: 'nobody', model: MODEL, likes: 'current', includeLiked: false, limit: 10, offset: 0 }, 384, 40);
    expect(await run(statement, { indexOnly: true })).toEqual([]);
    const answer = await gql('{ RecommendedEvents(userid: "nobody", limit: 3) { basis } }');
    expect(answer.RecommendedEvents).toEqual([{ basis: 'POPULAR' }, { basis: 'POPULAR' }, { basis: 'POPULAR' }]);
  });
});
