import type { Client } from 'pg';
import { log } from '../lib/report';
import { round } from '../lib/stats';
import { buildIndex, dropIndex, withBuildParams, type HnswBuildParams, type HnswIndex } from './hnsw-indexes';
import { compare, explain, runAtDatabase } from './measure';
import type { QueryCall, QueryKind, Ranked } from './workload';

/** One measured setting of one query kind, at the database. */
export interface TuningRow {
  [column: string]: string | number;
  query: QueryKind;
  m: number;
  ef_construction: number;
  ef_search: number;
  'p50 ms': number;
  'p95 ms': number;
  'recall@10': number;
  /** The planner's choice for the first call: at 10,000 rows and a long list it prefers the exact scan. */
  plan: string;
}

export interface TuningInput {
  db: Client;
  calls: Map<QueryKind, QueryCall[]>;
  exact: Map<QueryKind, Ranked[][]>;
}

/** ef_search is a query-time setting: each value is measured over the same calls and the same index. */
export async function efSearchSweep(input: TuningInput, build: HnswBuildParams, efValues: number[]): Promise<TuningRow[]> {
  const rows: TuningRow[] = [];
  for (const efSearch of efValues) {
    for (const [kind, calls] of input.calls) {
      const plan = await explain(input.db, calls[0].statement(efSearch));
      const run = await runAtDatabase(input.db, calls, efSearch);
      const { recall } = compare(input.exact.get(kind)!, run.answers);
      rows.push({
        query: kind,
        m: build.m,
        ef_construction: build.efConstruction,
        ef_search: efSearch,
        'p50 ms': round(run.latency.p50),
        'p95 ms': round(run.latency.p95),
        'recall@10': Number(recall.toFixed(3)),
        plan: plan.hnswIndex ? 'HNSW' : 'exact scan',
      });
    }
    log(`ef_search ${efSearch} (m ${build.m}, ef_construction ${build.efConstruction}) measured`);
  }
  return rows;
}

export interface BuildVariantResult {
  params: HnswBuildParams;
  buildSeconds: Record<string, number>;
  rows: TuningRow[];
}

/**
 * m and ef_construction are fixed when the index is built: each variant rebuilds every HNSW index, then
 * measures a few ef_search values. Leaves the last variant's indexes in place.
 */
export async function buildParamsSweep(input: TuningInput, indexes: HnswIndex[], variants: HnswBuildParams[], efValues: number[]): Promise<BuildVariantResult[]> {
  const results: BuildVariantResult[] = [];
  for (const params of variants) {
    const buildSeconds: Record<string, number> = {};
    for (const index of indexes) {
      await dropIndex(input.db, index);
      buildSeconds[index.name] = round(await buildIndex(input.db, withBuildParams(index.definition, params)));
    }
    log(`rebuilt with m ${params.m}, ef_construction ${params.efConstruction}: ${JSON.stringify(buildSeconds)} s`);
    results.push({ params, buildSeconds, rows: await efSearchSweep(input, params, efValues) });
  }
  return results;
}
