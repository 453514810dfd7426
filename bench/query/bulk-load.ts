import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { vectorBinaryParam } from '../../src/database/vector-transformer';
import { log } from '../lib/report';
import { QUERY_BENCH_MODEL } from './corpus-vectors';
import { md5, type BenchUser, type Leg, type Talk } from './dataset';

/**
 * Writes the benchmark's rows straight into the service's embedded database, already embedded, in
 * INSERT ... SELECT statements of ROWS_PER_STATEMENT rows (COPY FROM STDIN wedges the embedded server).
 * The plain columns travel as one JSON parameter, each vector as a binary parameter: the embedded
 * database parses vector text at only ~600-900 vectors/s (its float parsing is slow in WebAssembly),
 * pgvector's binary format loads ~17,000/s. Vectors are stored as the service stores them: same model
 * name, dimensions, content hashes and template, so the service's sweeps find nothing to do.
 */
const ROWS_PER_STATEMENT = 500;

const TRANSACTION_TEMPLATE = 'informative';

/** "(ARRAY[$2::vector, $3::vector, ...])": the n-th row picks its vector by its ordinality. */
const vectorArray = (count: number, firstParam: number) => `(ARRAY[${Array.from({ length: count }, (_, i) => `$${firstParam + i}::vector`).join(', ')}])`;

/**
 * INSERTs rows (objects keyed by column name) and, when given, one vector per row into vectorColumn.
 * node-postgres sends a Buffer parameter in binary format.
 */
async function insertRows(db: Client, table: string, columns: string[], rows: object[], vectors?: { column: string; values: Float32Array[] }): Promise<void> {
  const list = columns.join(', ');
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const params: unknown[] = [JSON.stringify(chunk)];
    let target = list;
    let select = columns.map((column) => `r.${column}`).join(', ');
    if (vectors) {
      params.push(...vectors.values.slice(i, i + chunk.length).map(vectorBinaryParam));
      target += `, ${vectors.column}`;
      select += `, ${vectorArray(chunk.length, 2)}[r.ordinality]`;
    }
    await db.query(`INSERT INTO ${table} (${target}) SELECT ${select} FROM jsonb_populate_recordset(null::${table}, $1::jsonb) WITH ORDINALITY r`, params);
  }
}

async function timed(what: string, rows: number, work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  log(`loaded ${rows} ${what} in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s)`);
  return seconds;
}

export interface LoadTimes {
  talksS: number;
  profilesS: number;
  legsS: number;
  legEmbeddingsS: number;
}

export interface LoadInput {
  talks: Talk[];
  talkVectors: Float32Array[];
  talkTruncated: boolean[];
  users: BenchUser[];
  interestVectors: Map<string, Float32Array>;
  legs: Leg[];
  legVectors: Float32Array[];
  legTruncated: boolean[];
}

export async function loadDataset(db: Client, input: LoadInput): Promise<LoadTimes> {
  const startTimestamp = Date.UTC(2023, 8, 26, 16);
  const talksS = await timed('talks', input.talks.length, () =>
    insertRows(
      db,
      'events',
      [
        'id',
        'url',
        'date',
        'time',
        'title',
        'abstract',
        'location',
        'speakers',
        'last_updated',
        'full_text',
        'start_time',
        'start_timestamp',
        'embedding_model',
        'embedding_dimensions',
        'embedding_truncated',
        'embedded_hash',
        'embedded_at',
      ],
      input.talks.map((talk, i) => {
        const start = new Date(startTimestamp + (talk.id % 96) * 15 * 60000).toISOString();
        return {
          id: talk.id,
          url: `https://bench.example/talks/${talk.id}`,
          date: 'September 26, 2023',
          time: '9:00 AM - 9:45 AM',
          title: talk.title,
          abstract: talk.abstract,
          location: `Room ${talk.id % 12}`,
          speakers: [],
          last_updated: '2023-09-01T00:00:00Z',
          full_text: talk.fullText,
          start_time: start,
          start_timestamp: start,
          embedding_model: QUERY_BENCH_MODEL,
          embedding_dimensions: input.talkVectors[i].length,
          embedding_truncated: input.talkTruncated[i],
          embedded_hash: md5(talk.fullText),
          embedded_at: '2023-09-01T00:00:00Z',
        };
      }),
      { column: 'embedding', values: input.talkVectors },
    ),
  );

  const likes = input.users.flatMap((user) => user.likedTalkIds.map((eventId) => ({ userid: user.userid, event_id: eventId, liked: true, source_time: '2023-09-02T00:00:00Z' })));
  const withInterest = input.users.filter((user) => user.interest !== null);
  const profilesS = await timed('likes and interests', likes.length + withInterest.length, async () => {
    await insertRows(db, 'likes', ['userid', 'event_id', 'liked', 'source_time'], likes);
    await insertRows(db, 'like_events', ['userid', 'event_id', 'liked', 'source_time'], likes);
    await insertRows(
      db,
      'interests',
      ['userid', 'text', 'source_time', 'embedding_model', 'embedding_dimensions', 'embedding_truncated', 'embedded_hash', 'embedded_at'],
      withInterest.map((user) => ({
        userid: user.userid,
        text: user.interest,
        source_time: '2023-09-02T00:00:00Z',
        embedding_model: QUERY_BENCH_MODEL,
        embedding_dimensions: 384,
        embedding_truncated: false,
        embedded_hash: md5(user.interest!),
        embedded_at: '2023-09-02T00:00:00Z',
      })),
      { column: 'embedding', values: withInterest.map((user) => input.interestVectors.get(user.userid)!) },
    );
  });

  // The capture trigger would queue one embedding job per row; the rows are embedded below instead.
  // session_replication_role = replica skips ordinary triggers, for this transaction only. _id is given
  // (the leg's id) so the embeddings below can name their row; the sequence is moved past it after.
  const legColumns = ['_id', ...Object.keys(input.legs[0]?.row ?? {})];
  const legsS = await timed('transaction legs', input.legs.length, async () => {
    await db.query('BEGIN');
    try {
      await db.query('SET LOCAL session_replication_role = replica');
      await insertRows(
        db,
        'transactions',
        legColumns,
        input.legs.map((leg) => ({ _id: leg.id, ...leg.row })),
      );
      await db.query(`SELECT setval(pg_get_serial_sequence('transactions', '_id'), (SELECT max(_id) FROM transactions))`);
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }
  });

  const legEmbeddingsS = await timed('transaction embeddings', input.legs.length, async () => {
    for (let i = 0; i < input.legs.length; i += ROWS_PER_STATEMENT) {
      const chunk = input.legs.slice(i, i + ROWS_PER_STATEMENT);
      const rows = chunk.map((leg, j) => ({ row_id: leg.id, text_hash: md5(leg.text), truncated: input.legTruncated[i + j] }));
      // source_hash as the capture computes it: md5 of every column but _id and created_at.
      await db.query(
        `INSERT INTO transaction_embeddings (row_id, embedding_vector, embedding_dimensions, embedding_timestamp, embedding_model,
                                             embedding_template, text_hash, source_hash, truncated, created_at)
         SELECT s._id, ${vectorArray(chunk.length, 4)}[v.ordinality], 384, now(), $2, $3, v.text_hash,
                md5((to_jsonb(s) - '_id' - 'created_at')::text), v.truncated, s.created_at
           FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (row_id int, text_hash text, truncated boolean))
                WITH ORDINALITY AS v(row_id, text_hash, truncated, ordinality)
           JOIN transactions s ON s._id = v.row_id`,
        [JSON.stringify(rows), QUERY_BENCH_MODEL, TRANSACTION_TEMPLATE, ...input.legVectors.slice(i, i + chunk.length).map(vectorBinaryParam)],
      );
    }
  });
  await db.query('ANALYZE');
  return { talksS, profilesS, legsS, legEmbeddingsS };
}
