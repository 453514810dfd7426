import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { hnswSearchSettings } from '../../src/capture/captured-vectors';
import type { BenchService } from '../lib/bench-service';
import { summarize, type Summary } from '../lib/stats';
import { LIMIT, rankedGraphql, rankedRows, type QueryCall, type QueryKind, type Ranked, type Statement } from './workload';

/**
 * Runs a statement as the repositories do: an HNSW query in a transaction of its own after its search
 * settings (BEGIN, settings, query, COMMIT: four round trips, all timed, plus one per further
 * setting), any other query alone.
 */
export async function runStatement(db: Client, statement: Statement): Promise<{ rows: Array<Record<string, unknown>>; ms: number }> {
  const start = performance.now();
  if (statement.efSearch === null) {
    const { rows } = await db.query(statement.sql, statement.params);
    return { rows, ms: performance.now() - start };
  }
  await db.query('BEGIN');
  try {
    await db.query(hnswSearchSettings(statement.efSearch, statement.scan));
    for (const setting of statement.settings ?? []) await db.query(setting);
    const { rows } = await db.query(statement.sql, statement.params);
    await db.query('COMMIT');
    return { rows, ms: performance.now() - start };
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

/** What EXPLAIN ANALYZE says about one statement: the plan text, the HNSW index it walks (if any), its time. */
export interface PlanSummary {
  hnswIndex: string | null;
  /** The scan that produces the rows: "Index Scan using ...", "Seq Scan on ...", "Bitmap Heap Scan on ...". */
  scans: string[];
  executionMs: number;
  planningMs: number;
  plan: string[];
}

export async function explain(db: Client, statement: Statement): Promise<PlanSummary> {
  await db.query('BEGIN');
  try {
    if (statement.efSearch !== null) await db.query(hnswSearchSettings(statement.efSearch, statement.scan));
    for (const setting of statement.settings ?? []) await db.query(setting);
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${statement.sql}`, statement.params);
    const plan = rows.map((row) => row['QUERY PLAN']);
    const text = plan.join('\n');
    const number = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
    return {
      hnswIndex: /Index Scan using (\S*hnsw\S*)/.exec(text)?.[1] ?? null,
      scans: [...new Set(plan.map((line) => /((?:Index|Seq|Bitmap Heap|Bitmap Index) Scan(?: using \S+)?(?: on \S+)?)/.exec(line)?.[1]).filter((scan): scan is string => !!scan))],
      executionMs: number(/Execution Time: ([\d.]+) ms/),
      planningMs: number(/Planning Time: ([\d.]+) ms/),
      plan,
    };
  } finally {
    await db.query('ROLLBACK');
  }
}

/**
 * recall@k of an approximate answer against the exact one, counting ties: a returned row whose score is
 * at least the exact k-th score is a true neighbour (with equal scores, which of them the exact answer
 * lists is decided by id, which an index walk does not know).
 */
export function recallAt(exact: Ranked[], approximate: Ranked[], k = LIMIT): number {
  const wanted = Math.min(k, exact.length);
  if (wanted === 0) return approximate.length === 0 ? 1 : 0;
  const threshold = exact[wanted - 1].score - 1e-9;
  return Math.min(wanted, approximate.slice(0, k).filter((row) => row.score >= threshold).length) / wanted;
}

export const sameIds = (a: Ranked[], b: Ranked[]): boolean => a.length === b.length && a.every((row, i) => row.id === b[i].id);

export interface Run {
  latency: Summary;
  answers: Ranked[][];
}

/** Untimed calls first: caches and the planner warm up on other inputs than the timed ones. */
const WARMUP = 5;

/** A tuning variant of a statement (other search settings, another index's expression). */
export type StatementVariant = (statement: Statement) => Statement;

/** Every call at the database, in order, after a warm-up; latencies of all calls. */
export async function runAtDatabase(db: Client, calls: QueryCall[], efSearch: number, variant: StatementVariant = (s) => s): Promise<Run> {
  for (const call of calls.slice(-WARMUP)) await runStatement(db, variant(call.statement(efSearch)));
  const ms: number[] = [];
  const answers: Ranked[][] = [];
  for (const call of calls) {
    const result = await runStatement(db, variant(call.statement(efSearch)));
    ms.push(result.ms);
    answers.push(rankedRows(result.rows));
  }
  return { latency: summarize(ms), answers };
}

/** Every call through GraphQL (HTTP, resolver, repository, database), after a warm-up. */
export async function runThroughGraphql(service: BenchService, kind: QueryKind, calls: QueryCall[]): Promise<Run> {
  for (const call of calls.slice(-WARMUP)) await service.graphql(call.graphql.query, call.graphql.variables);
  const ms: number[] = [];
  const answers: Ranked[][] = [];
  for (const call of calls) {
    const result = await service.timedGraphql(call.graphql.query, call.graphql.variables);
    ms.push(result.ms);
    answers.push(rankedGraphql(kind, result.data));
  }
  return { latency: summarize(ms), answers };
}

/** Mean recall@10 and the share of answers identical to the exact ones. */
export function compare(exact: Ranked[][], approximate: Ranked[][]): { recall: number; identical: number } {
  let recall = 0;
  let identical = 0;
  exact.forEach((answer, i) => {
    recall += recallAt(answer, approximate[i]);
    if (sameIds(answer, approximate[i])) identical++;
  });
  return { recall: recall / exact.length, identical: identical / exact.length };
}
