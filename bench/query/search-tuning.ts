/**
 * The query-time search settings of pgvector 0.8 and a smaller index, measured at the database against
 * the exact answers: the iterative scan (off / strict_order / relaxed_order, hnsw.max_scan_tuples) and
 * halfvec indexes (vectors stored as 16-bit floats in the index only: the walk orders by the halfvec
 * distance, the answer's scores stay full precision). Then a filtered search: half the payment legs'
 * vectors relabelled as another model's, as in the middle of a re-embed after a model change, so the
 * model filter drops every other candidate the graph walk finds.
 */
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { DEFAULT_HNSW_SCAN, type HnswEfSearch, type HnswScan } from '../../src/capture/captured-vectors';
import { log } from '../lib/report';
import { round } from '../lib/stats';
import { buildIndex } from './hnsw-indexes';
import { compare, explain, runAtDatabase, type StatementVariant } from './measure';
import type { TuningInput } from './tuning';
import { efSearchOf, type QueryKind, type Ranked, type Statement } from './workload';

export interface SearchVariant {
  label: string;
  scan: HnswScan;
  halfvec: boolean;
}

const scan = (iterative: HnswScan['iterative'], maxScanTuples: number | null = null): HnswScan => ({ iterative, maxScanTuples });

export const UNFILTERED_VARIANTS: SearchVariant[] = [
  { label: 'strict_order (service default)', scan: DEFAULT_HNSW_SCAN, halfvec: false },
  { label: 'relaxed_order', scan: scan('relaxed_order'), halfvec: false },
  { label: 'off', scan: scan('off'), halfvec: false },
  { label: 'halfvec index, strict_order', scan: DEFAULT_HNSW_SCAN, halfvec: true },
  { label: 'halfvec index, relaxed_order', scan: scan('relaxed_order'), halfvec: true },
];

export const FILTERED_VARIANTS: SearchVariant[] = [
  { label: 'off', scan: scan('off'), halfvec: false },
  { label: 'strict_order (service default)', scan: DEFAULT_HNSW_SCAN, halfvec: false },
  { label: 'relaxed_order', scan: scan('relaxed_order'), halfvec: false },
  { label: 'strict_order, max_scan_tuples 2000', scan: scan('strict_order', 2000), halfvec: false },
  { label: 'relaxed_order, max_scan_tuples 2000', scan: scan('relaxed_order', 2000), halfvec: false },
];

/** The model the filtered phase relabels every other payment leg's vector as. */
const OTHER_MODEL = 'bench-other-model';
const FILTERED_KINDS: QueryKind[] = ['SimilarTransactions', 'TransactionSearch'];

/** Beside the migrations' vector indexes: the same graphs over embedding::halfvec(384). */
const HALFVEC_INDEXES = [
  `CREATE INDEX bench_events_halfvec_hnsw ON events USING hnsw ((embedding::halfvec(384)) halfvec_cosine_ops)
     WITH (m = 16, ef_construction = 64) WHERE vector_dims(embedding) = 384`,
  'CREATE INDEX bench_transaction_embeddings_halfvec_hnsw ON transaction_embeddings USING hnsw ((embedding_vector::halfvec(384)) halfvec_cosine_ops)',
];

/** The ORDER BY of each repository query, and the same walk over the halfvec index. */
const HALFVEC_ORDER: Array<[string, string]> = [
  ['ORDER BY e.embedding_vector <=> $1::vector,', 'ORDER BY e.embedding_vector::halfvec(384) <=> $1::halfvec(384),'],
  ['ORDER BY e.embedding::vector(384) <=> (SELECT vector FROM target),', 'ORDER BY e.embedding::halfvec(384) <=> (SELECT vector FROM target)::halfvec(384),'],
];

function halfvecStatement(statement: Statement): Statement {
  const pair = HALFVEC_ORDER.find(([vector]) => statement.sql.includes(vector));
  if (!pair) throw new Error(`no known HNSW ORDER BY in ${statement.sql}`);
  return { ...statement, sql: statement.sql.replace(pair[0], pair[1]) };
}

const variantOf =
  (variant: SearchVariant): StatementVariant =>
  (statement) => ({ ...(variant.halfvec ? halfvecStatement(statement) : statement), scan: variant.scan });

/** The exact answer with the index in place: index scans off, so the planner sorts every row. */
const exactScan: StatementVariant = (statement) => ({ ...statement, settings: ['SET LOCAL enable_indexscan = off'] });

export interface SearchTuningRow {
  [column: string]: string | number;
  filter: string;
  setting: string;
  query: QueryKind;
  ef_search: number;
  'p50 ms': number;
  'p95 ms': number;
  'recall@10': number;
  /** Mean rows per answer: a scan that stops early answers fewer than 10. */
  'rows per answer': number;
  plan: string;
}

export interface SearchTuningResult {
  rows: SearchTuningRow[];
  halfvecIndexes: Array<{ name: string; buildSeconds: number; megabytes: number }>;
  vectorIndexMegabytes: Record<string, number>;
  /** Seconds the relabelling UPDATE (and VACUUM ANALYZE) of the filtered phase took. */
  relabelSeconds: number;
}

async function measureVariants(
  input: TuningInput,
  efSearch: HnswEfSearch,
  kinds: QueryKind[],
  exact: Map<QueryKind, Ranked[][]>,
  variants: SearchVariant[],
  filter: string,
): Promise<SearchTuningRow[]> {
  const rows: SearchTuningRow[] = [];
  for (const variant of variants) {
    for (const kind of kinds) {
      const calls = input.calls.get(kind)!;
      const ef = efSearchOf(kind, efSearch);
      const plan = await explain(input.db, variantOf(variant)(calls[0].statement(ef)));
      // Timed on the second pass: the first after an index was built or dropped reads its pages into the
      // server's cache (at 100k the vector indexes, ~190 MB each, outgrow the test server's 256 MB).
      await runAtDatabase(input.db, calls, ef, variantOf(variant));
      const run = await runAtDatabase(input.db, calls, ef, variantOf(variant));
      rows.push({
        filter,
        setting: variant.label,
        query: kind,
        ef_search: ef,
        'p50 ms': round(run.latency.p50),
        'p95 ms': round(run.latency.p95),
        'recall@10': Number(compare(exact.get(kind)!, run.answers).recall.toFixed(3)),
        'rows per answer': round(run.answers.reduce((sum, answer) => sum + answer.length, 0) / run.answers.length),
        plan: plan.hnswIndex ? `HNSW ${plan.hnswIndex}` : 'exact scan',
      });
    }
    log(`search setting "${variant.label}" (${filter}) measured`);
  }
  return rows;
}

async function indexMegabytes(db: Client, names: string[]): Promise<Record<string, number>> {
  const { rows } = await db.query<{ name: string; bytes: string }>('SELECT relname AS name, pg_relation_size(oid) AS bytes FROM pg_class WHERE relname = ANY($1)', [names]);
  return Object.fromEntries(rows.map((row) => [row.name, round(Number(row.bytes) / 2 ** 20)]));
}

/**
 * Every variant over the index-backed kinds with the service's ef_search, then the filtered phase. Leaves
 * the halfvec indexes dropped and every other leg relabelled: run it last.
 */
export async function searchSettingsSweep(input: TuningInput, efSearch: HnswEfSearch, vectorIndexes: string[]): Promise<SearchTuningResult> {
  const { db } = input;
  const halfvecIndexes: SearchTuningResult['halfvecIndexes'] = [];
  for (const definition of HALFVEC_INDEXES) {
    const name = /CREATE INDEX (\S+)/.exec(definition)![1];
    const buildSeconds = round(await buildIndex(db, definition));
    halfvecIndexes.push({ name, buildSeconds, megabytes: (await indexMegabytes(db, [name]))[name] });
    log(`built ${name} in ${buildSeconds} s`);
  }
  const vectorIndexMegabytes = await indexMegabytes(db, vectorIndexes);
  const kinds = [...input.calls.keys()];
  const rows = await measureVariants(input, efSearch, kinds, input.exact, UNFILTERED_VARIANTS, 'none');
  for (const { name } of halfvecIndexes) await db.query(`DROP INDEX ${name}`);

  const start = performance.now();
  await db.query('UPDATE transaction_embeddings SET embedding_model = $1 WHERE row_id % 2 = 0', [OTHER_MODEL]);
  await db.query('VACUUM ANALYZE transaction_embeddings');
  const relabelSeconds = round((performance.now() - start) / 1000);
  log(`relabelled every other leg's vector as ${OTHER_MODEL} in ${relabelSeconds} s`);
  const filteredExact = new Map<QueryKind, Ranked[][]>();
  for (const kind of FILTERED_KINDS) filteredExact.set(kind, (await runAtDatabase(db, input.calls.get(kind)!, efSearchOf(kind, efSearch), exactScan)).answers);
  rows.push(...(await measureVariants(input, efSearch, FILTERED_KINDS, filteredExact, FILTERED_VARIANTS, 'half the legs of another model')));
  return { rows, halfvecIndexes, vectorIndexMegabytes, relabelSeconds };
}
