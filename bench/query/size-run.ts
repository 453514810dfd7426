import type { Client } from 'pg';
import type { HnswEfSearch } from '../../src/capture/captured-vectors';
import type { DatabaseKind } from '../../test/helpers/test-database';
import { BenchService } from '../lib/bench-service';
import { log } from '../lib/report';
import { round, roundSummary, type Summary } from '../lib/stats';
import { loadDataset, type LoadTimes } from './bulk-load';
import { QUERY_BENCH_MODEL, type CorpusEmbedder } from './corpus-vectors';
import { buildDataset, type Dataset } from './dataset';
import { buildIndex, buildParamsOf, dropIndex, hnswIndexes, type HnswBuildParams } from './hnsw-indexes';
import { compare, explain, runAtDatabase, runThroughGraphql, type PlanSummary, type Run } from './measure';
import { searchSettingsSweep, type SearchTuningResult } from './search-tuning';
import { buildParamsSweep, efSearchSweep, type BuildVariantResult, type TuningRow } from './tuning';
import { callsOf, efSearchOf, QUERY_KINDS, usesVectorIndex, type QueryCall, type QueryKind, type Ranked, type StatementInputs } from './workload';

export interface SizeOptions {
  database: DatabaseKind;
  /** hnsw.ef_search of the service and of the HNSW phase (HNSW_EF_SEARCH, HNSW_EF_SEARCH_TEXT). */
  efSearch: HnswEfSearch;
  efSweep: number[];
  /** Rebuild the indexes with these m / ef_construction values at the end (empty: no rebuilds). */
  buildVariants: HnswBuildParams[];
  /** Time the exact scans through GraphQL too (at 100k they take minutes and add nothing new). */
  graphqlExact: boolean;
  /** Measure the iterative scan settings and halfvec indexes (bench/query/search-tuning.ts) at the end. */
  searchTuning: boolean;
}

/**
 * One query kind, one level, without or with the HNSW indexes: its latencies and how its answers compare
 * with the exact ones. plan: what EXPLAIN ANALYZE of the first call showed the planner choose.
 */
export interface LatencyRow {
  [column: string]: string | number;
  database: DatabaseKind;
  vectors: number;
  query: QueryKind;
  level: 'database' | 'GraphQL';
  'HNSW index': 'none' | 'built';
  ef_search: number | string;
  plan: string;
  'p50 ms': number;
  'p95 ms': number;
  'p99 ms': number;
  /** p95 of the first pass over the same queries, which warmed the server's cache (the row's is the second). */
  'first pass p95 ms': number | string;
  'recall@10': number | string;
  'same top-10': string;
}

export interface PlanRow {
  [column: string]: string | number;
  database: DatabaseKind;
  vectors: number;
  query: QueryKind;
  phase: string;
  'HNSW index used': string;
  scans: string;
  'execution ms': number;
  'planning ms': number;
}

export interface SizeResult {
  database: DatabaseKind;
  vectors: number;
  dataset: { talks: number; legs: number; users: number; likes: number; interests: number; queriesPerKind: number };
  embeddingSeconds: number;
  load: LoadTimes;
  indexes: Array<{ name: string; definition: string; buildSeconds: number }>;
  latency: LatencyRow[];
  plans: PlanRow[];
  planText: Record<string, string[]>;
  efSweep: TuningRow[];
  buildSweep: BuildVariantResult[];
  searchTuning?: SearchTuningResult;
}

/** A plan in two words: the HNSW walk, the full-text index then exact scoring, or an exact scan. */
function planLabel(summary: PlanSummary): string {
  if (summary.hnswIndex) return 'HNSW';
  return summary.scans.some((scan) => scan.startsWith('Bitmap Heap Scan on events')) ? 'full-text + exact' : 'exact scan';
}

/** The stored vector and row of each SimilarTransactions leg, as the resolver finds them before its query. */
async function similarLegs(db: Client, eventIds: string[]): Promise<StatementInputs['similarLegs']> {
  const { rows } = await db.query<{ eventid: string; _id: number; vector: number[] }>(
    `SELECT DISTINCT ON (t.eventid) t.eventid, t._id, e.embedding_vector::real[] AS vector
       FROM transactions t JOIN transaction_embeddings e ON e.row_id = t._id
      WHERE t.eventid = ANY($1) ORDER BY t.eventid, t._id DESC`,
    [eventIds],
  );
  const byEvent = new Map(rows.map((row) => [row.eventid, { rowId: row._id, vector: row.vector }]));
  return eventIds.map((eventId) => byEvent.get(eventId)!);
}

interface Phase {
  index: LatencyRow['HNSW index'];
  efSearch: number | null;
  plan: string;
}

function latencyRow(
  database: DatabaseKind,
  vectors: number,
  kind: QueryKind,
  level: LatencyRow['level'],
  phase: Phase,
  latency: Summary,
  versus?: { recall: number; identical: number },
  firstPass?: Summary,
): LatencyRow {
  const s = roundSummary(latency);
  return {
    database,
    vectors,
    query: kind,
    level,
    'HNSW index': phase.index,
    ef_search: phase.efSearch ?? '',
    plan: phase.plan,
    'p50 ms': s.p50,
    'p95 ms': s.p95,
    'p99 ms': s.p99,
    'first pass p95 ms': firstPass ? round(firstPass.p95) : '',
    'recall@10': versus ? Number(versus.recall.toFixed(3)) : 'exact',
    'same top-10': versus ? `${Math.round(versus.identical * 100)}%` : '',
  };
}

type Embedded = Awaited<ReturnType<CorpusEmbedder['embed']>>;

/** One data size's rows, query inputs and vectors: made once, loaded into each database. */
export interface SizeData {
  vectors: number;
  queries: number;
  dataset: Dataset;
  talkVectors: Embedded;
  legVectors: Embedded;
  interestVectors: Embedded;
  searchVectors: Embedded;
}

export async function sizeData(sizes: { vectors: number; queries: number; users: number }, embedder: CorpusEmbedder): Promise<SizeData> {
  const n = sizes.vectors;
  log(`--- ${n} talks and ${n} transaction legs ---`);
  const dataset = buildDataset({ talks: n, legs: n, users: sizes.users, queries: sizes.queries });
  return {
    vectors: n,
    queries: sizes.queries,
    dataset,
    talkVectors: await embedder.embed(
      'talks',
      dataset.talks.map((talk) => talk.fullText),
    ),
    legVectors: await embedder.embed(
      'transaction legs',
      dataset.legs.map((leg) => leg.text),
    ),
    interestVectors: await embedder.embed(
      'interests',
      dataset.users.filter((user) => user.interest !== null).map((user) => user.interest!),
    ),
    searchVectors: await embedder.embed('transaction search texts', dataset.inputs.transactionSearchTexts),
  };
}

/**
 * One data size on one database: a fresh service, the data loaded with no HNSW index, every query
 * measured as an exact scan (database and GraphQL), the migrations' HNSW indexes built (timed), every
 * query measured again and compared with the exact answers, then the tuning sweeps.
 */
export async function runSize(options: SizeOptions, data: SizeData): Promise<SizeResult> {
  const { vectors: n, dataset, talkVectors, legVectors, interestVectors, searchVectors } = data;
  const withInterest = dataset.users.filter((user) => user.interest !== null);
  log(`--- ${options.database}: ${n} talks and ${n} transaction legs ---`);
  const service = await BenchService.start({
    name: 'query',
    database: options.database,
    env: {
      EMBEDDING_MODEL: QUERY_BENCH_MODEL,
      HNSW_EF_SEARCH: String(options.efSearch.rows),
      HNSW_EF_SEARCH_TEXT: String(options.efSearch.text),
      // The rows are loaded embedded already; no sweep or relay polling should compete with the queries.
      EMBEDDING_SWEEP_INTERVAL_MS: '0',
      CAPTURE_POLL_INTERVAL_MS: '600000',
    },
  });
  // Interrupted (Ctrl-C): the service, its database and its redis-server go too.
  const stopOnSignal = () => void service.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const db = await service.db();
    const indexes = await hnswIndexes(db);
    for (const index of indexes) await dropIndex(db, index);
    const load = await loadDataset(db, {
      talks: dataset.talks,
      talkVectors: talkVectors.vectors,
      talkTruncated: talkVectors.truncated,
      users: dataset.users,
      interestVectors: new Map(withInterest.map((user, i) => [user.userid, interestVectors.vectors[i]])),
      legs: dataset.legs,
      legVectors: legVectors.vectors,
      legTruncated: legVectors.truncated,
    });

    const statementInputs: StatementInputs = { similarLegs: await similarLegs(db, dataset.inputs.similarLegEventIds), searchVectors: searchVectors.vectors };
    const calls = new Map<QueryKind, QueryCall[]>(QUERY_KINDS.map((kind) => [kind, callsOf(kind, dataset.inputs, statementInputs)]));
    const latency: LatencyRow[] = [];
    const plans: PlanRow[] = [];
    const planText: Record<string, string[]> = {};
    const exact = new Map<QueryKind, Run>();

    const recordPlan = (kind: QueryKind, phase: string, summary: PlanSummary): string => {
      plans.push({
        database: options.database,
        vectors: n,
        query: kind,
        phase,
        'HNSW index used': summary.hnswIndex ?? 'no',
        scans: summary.scans.join('; '),
        'execution ms': round(summary.executionMs),
        'planning ms': round(summary.planningMs),
      });
      planText[`${options.database} ${n} ${kind} ${phase}`] = summary.plan;
      return planLabel(summary);
    };

    // Exact: no HNSW index exists, so every query scans (PersonalizedEventSearch: the full-text index).
    // The database answers are the reference every later answer (database or GraphQL) is compared with.
    for (const kind of QUERY_KINDS) {
      const kindCalls = calls.get(kind)!;
      const efSearch = efSearchOf(kind, options.efSearch);
      const phase: Phase = { index: 'none', efSearch: null, plan: recordPlan(kind, 'no HNSW index', await explain(db, kindCalls[0].statement(efSearch))) };
      // A query no index serves is judged by this plan: timed, like the indexed ones, on a warm cache.
      const firstPass = usesVectorIndex(kind) ? undefined : await runAtDatabase(db, kindCalls, efSearch);
      const database = await runAtDatabase(db, kindCalls, efSearch);
      exact.set(kind, database);
      latency.push(latencyRow(options.database, n, kind, 'database', phase, database.latency, undefined, firstPass?.latency));
      let line = `exact ${kind}: database p95 ${round(database.latency.p95)} ms`;
      if (options.graphqlExact || !usesVectorIndex(kind)) {
        const graphql = await runThroughGraphql(service, kind, kindCalls);
        latency.push(latencyRow(options.database, n, kind, 'GraphQL', phase, graphql.latency, compare(database.answers, graphql.answers)));
        line += `, GraphQL p95 ${round(graphql.latency.p95)} ms`;
      }
      log(line);
    }

    const built: SizeResult['indexes'] = [];
    for (const index of indexes) {
      const buildSeconds = round(await buildIndex(db, index.definition));
      built.push({ name: index.name, definition: index.definition, buildSeconds });
      log(`built ${index.name} in ${buildSeconds} s`);
    }

    for (const kind of QUERY_KINDS.filter(usesVectorIndex)) {
      const kindCalls = calls.get(kind)!;
      const efSearch = efSearchOf(kind, options.efSearch);
      const phase: Phase = { index: 'built', efSearch, plan: recordPlan(kind, `HNSW index, ef_search ${efSearch}`, await explain(db, kindCalls[0].statement(efSearch))) };
      // The first pass after the build reads the new index into the server's cache; the timed pass is the
      // second over the same queries, as on a server that has been serving for a while.
      const firstPass = await runAtDatabase(db, kindCalls, efSearch);
      const database = await runAtDatabase(db, kindCalls, efSearch);
      const graphql = await runThroughGraphql(service, kind, kindCalls);
      const reference = exact.get(kind)!;
      latency.push(
        latencyRow(options.database, n, kind, 'database', phase, database.latency, compare(reference.answers, database.answers), firstPass.latency),
        latencyRow(options.database, n, kind, 'GraphQL', phase, graphql.latency, compare(reference.answers, graphql.answers)),
      );
      log(`HNSW ${kind}: database p95 ${round(database.latency.p95)} ms (first pass ${round(firstPass.latency.p95)}), GraphQL p95 ${round(graphql.latency.p95)} ms`);
    }

    const hnswCalls = new Map([...calls].filter(([kind]) => usesVectorIndex(kind)));
    const tuningInput = { db, calls: hnswCalls, exact: new Map([...exact].map(([kind, run]): [QueryKind, Ranked[][]] => [kind, run.answers])) };
    const migrationParams = buildParamsOf(indexes.find((index) => index.table === 'transaction_embeddings')?.definition ?? '');
    const efSweep = await efSearchSweep(tuningInput, migrationParams, options.efSweep);
    const buildSweep = options.buildVariants.length
      ? await buildParamsSweep(
          tuningInput,
          indexes.filter((index) => index.table !== 'accountholder_embeddings'),
          options.buildVariants,
          options.efSweep,
        )
      : [];
    const searchTuning = options.searchTuning
      ? await searchSettingsSweep(
          tuningInput,
          options.efSearch,
          indexes.map((index) => index.name),
        )
      : undefined;

    return {
      database: options.database,
      vectors: n,
      dataset: {
        talks: dataset.talks.length,
        legs: dataset.legs.length,
        users: dataset.users.length,
        likes: dataset.users.reduce((sum, user) => sum + user.likedTalkIds.length, 0),
        interests: withInterest.length,
        queriesPerKind: data.queries,
      },
      embeddingSeconds: round(talkVectors.seconds + legVectors.seconds + interestVectors.seconds),
      load,
      indexes: built,
      latency,
      plans,
      planText,
      efSweep,
      buildSweep,
      searchTuning,
    };
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await service.stop();
  }
}
