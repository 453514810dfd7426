/**
 * bench:query — the similarity queries of both demos at 10k (and, full size, 100k) vectors:
 * RecommendedEvents, PersonalizedEventSearch, SimilarTransactions, TransactionSearch. Each is measured
 * at the database (the repositories' own SQL over a pg connection) and end to end through GraphQL, first
 * as an exact scan (no HNSW index), then over the migrations' HNSW indexes, whose answers are compared
 * with the exact ones (recall@10). Then ef_search (and, full size, m / ef_construction) are swept.
 *
 * Vectors: a deterministic corpus of talks and payments embedded by the wordpiece-bow-384 model, which
 * the service also runs with, so query texts land in the same space and the data forms real clusters.
 *
 * Flags: --size quick (10k) | full (10k and 100k, with the m / ef_construction sweep at 10k);
 * --vectors N[,N] other sizes; --queries N per kind (quick 40, full 100; halved above 10k);
 * --ef-search N / --ef-search-text N the service's HNSW_EF_SEARCH / HNSW_EF_SEARCH_TEXT;
 * --tune-build yes|no the m / ef_construction sweep.
 */
import { DEFAULT_HNSW_EF_SEARCH } from '../../src/capture/captured-vectors';
import { intFlag } from '../lib/bench-args';
import { log, printTable, runBench } from '../lib/report';
import { CorpusEmbedder } from './corpus-vectors';
import type { HnswBuildParams } from './hnsw-indexes';
import { runSize, type SizeResult } from './size-run';
import { QUERY_KINDS, usesVectorIndex, type QueryKind } from './workload';

const P95_TARGET_MS = 10;
const RECALL_TARGET = 0.95;
const EF_SWEEP = [40, 100, 200, 400, 1000];
/**
 * Rebuilds beside the migrations' pgvector defaults (m 16, ef_construction 64, measured by the ef_search
 * sweep): a longer build-time candidate list, then a denser graph too.
 */
const BUILD_VARIANTS: HnswBuildParams[] = [
  { m: 16, efConstruction: 128 },
  { m: 32, efConstruction: 128 },
];

function targetsOf(result: SizeResult): Array<{ what: string; target: string; measured: string; met: boolean }> {
  const targets = [];
  const row = (kind: QueryKind, index: string) => result.latency.find((r) => r.query === kind && r.level === 'database' && r['HNSW index'] === index)!;
  for (const kind of QUERY_KINDS) {
    const measured = usesVectorIndex(kind) ? row(kind, 'built') : row(kind, 'none');
    targets.push({
      what: `${result.vectors}: ${kind} database p95 (plan: ${measured.plan})`,
      target: `<= ${P95_TARGET_MS} ms`,
      measured: `${measured['p95 ms']} ms`,
      met: measured['p95 ms'] <= P95_TARGET_MS,
    });
    if (usesVectorIndex(kind)) {
      const recall = Number(measured['recall@10']);
      targets.push({ what: `${result.vectors}: ${kind} recall@10, index built (ef_search ${measured.ef_search}), vs exact`, target: `>= ${RECALL_TARGET}`, measured: String(recall), met: recall >= RECALL_TARGET });
    }
  }
  return targets;
}

runBench('query', async (args) => {
  const full = args.size === 'full';
  // --vectors 100000 (or 10000,100000) runs other sizes than the size flag's.
  const sizes = args.extra.vectors ? args.extra.vectors.split(',').map(Number) : full ? [10000, 100000] : [10000];
  if (sizes.some((n) => !Number.isInteger(n) || n < 100 || n % 2 !== 0)) throw new Error(`--vectors must be even integers >= 100, got "${args.extra.vectors}"`);
  const queries = intFlag(args, 'queries', full ? 100 : 40);
  const efSearch = { rows: intFlag(args, 'ef-search', DEFAULT_HNSW_EF_SEARCH.rows), text: intFlag(args, 'ef-search-text', DEFAULT_HNSW_EF_SEARCH.text) };
  const tuneBuild = args.extra['tune-build'] ? args.extra['tune-build'] === 'yes' : full;
  log(`sizes ${sizes.join(', ')}; ${queries} queries per kind; ef_search ${efSearch.rows} (query texts ${efSearch.text}); m/ef_construction sweep ${tuneBuild ? `at ${sizes[0]}` : 'off'}`);

  const embedder = await CorpusEmbedder.open();
  const results: SizeResult[] = [];
  try {
    for (const vectors of sizes) {
      results.push(
        await runSize(
          {
            vectors,
            queries: vectors > 10000 ? Math.ceil(queries / 2) : queries,
            users: 100,
            efSearch,
            efSweep: EF_SWEEP,
            buildVariants: tuneBuild && vectors === sizes[0] ? BUILD_VARIANTS : [],
            graphqlExact: vectors <= 10000,
          },
          embedder,
        ),
      );
    }
  } finally {
    await embedder.close();
  }

  printTable('Load and index build (seconds)', results.map((r) => ({
    vectors: r.vectors,
    'embed texts': r.embeddingSeconds,
    'insert talks': Number(r.load.talksS.toFixed(1)),
    'insert legs': Number(r.load.legsS.toFixed(1)),
    'insert leg vectors': Number(r.load.legEmbeddingsS.toFixed(1)),
    ...Object.fromEntries(r.indexes.filter((i) => !i.name.startsWith('accountholder')).map((i) => [`build ${i.name}`, i.buildSeconds])),
  })));
  printTable('Latency (ms) and recall@10 against the exact answers', results.flatMap((r) => r.latency));
  printTable('Plans (EXPLAIN ANALYZE of the first call)', results.flatMap((r) => r.plans));
  printTable(`ef_search sweep at the database (indexes as the migrations build them)`, results.flatMap((r) => r.efSweep.map((row) => ({ vectors: r.vectors, ...row }))));
  for (const r of results.filter((x) => x.buildSweep.length)) {
    printTable(`m / ef_construction sweep at ${r.vectors} (build seconds per index, then ef_search values)`, r.buildSweep.flatMap((variant) =>
      variant.rows.map((row) => ({ ...row, 'build s': Object.values(variant.buildSeconds).join(' / ') })),
    ));
  }

  return {
    targets: results.flatMap(targetsOf),
    settings: { queriesPerKind: queries, efSearch, efSweep: EF_SWEEP, buildVariants: tuneBuild ? BUILD_VARIANTS : [], limit: 10 },
    sizes: results,
  };
});
