/** bench:freshness's summary: the headline figures of each database in one table, side by side. */
import type { DatabaseKind } from '../../test/helpers/test-database';
import { round } from '../lib/stats';
import type { measureCdc } from './cdc-phase';
import type { InterestFreshness } from './interest-freshness';
import type { LikesFreshness } from './likes-freshness';

/** What one database's run measured (the phases asked for). */
export interface FreshnessResult {
  talks?: { talks: number; seconds: number };
  likes?: LikesFreshness;
  interests?: InterestFreshness;
  cdc?: Awaited<ReturnType<typeof measureCdc>>['result'];
  serviceWarnings?: { count: number; first: string[] };
}

type Figure = (result: FreshnessResult) => number | undefined;

const FIGURES: Array<[string, Figure]> = [
  ['Likes: stale reads', (r) => r.likes?.staleReads],
  ['Like sent -> visible p50', (r) => r.likes?.visibleMs.p50],
  ['Like sent -> visible p95', (r) => r.likes?.visibleMs.p95],
  ['AddInterest -> reflected p50', (r) => r.interests?.visibleMs.p50],
  ['AddInterest -> reflected p95', (r) => r.interests?.visibleMs.p95],
  ['CDC commit -> embedded at the steady rate, p50', (r) => r.cdc?.steady.latencyMs.p50],
  ['CDC commit -> embedded at the steady rate, p95', (r) => r.cdc?.steady.latencyMs.p95],
  ['CDC commit -> embedded at the steady rate, p99', (r) => r.cdc?.steady.latencyMs.p99],
  ['CDC single row after a quiet spell, p50', (r) => r.cdc?.lonely.latencyMs.p50],
  ['CDC sustained maximum (rows/s)', (r) => r.cdc?.sustainedMaxRate],
];

/** One row per figure, a column per database, and Postgres / embedded when both ran. */
export function freshnessSummary(results: Partial<Record<DatabaseKind, FreshnessResult>>): Array<Record<string, string | number>> {
  const kinds = Object.keys(results) as DatabaseKind[];
  return FIGURES.flatMap(([what, figure]) => {
    const values = kinds.map((kind) => figure(results[kind]!));
    if (values.every((value) => value === undefined)) return [];
    const row: Record<string, string | number> = { what };
    kinds.forEach((kind, i) => (row[kind] = values[i] ?? ''));
    const [embedded, postgres] = [results.embedded && figure(results.embedded), results.postgres && figure(results.postgres)];
    if (kinds.length > 1 && embedded && postgres !== undefined) row['postgres / embedded'] = round(postgres / embedded);
    return [row];
  });
}
