/**
 * One autocannon run against POST /graphql, counting every kind of failure: connection errors, timeouts,
 * non-2xx answers and 200 answers that carry a GraphQL `errors` body or the wrong data.
 */
import { round } from '../lib/stats';
import { TEST_AUTHORIZATION } from '../../test/helpers/app-process';
import { AutocannonResult, runAutocannon } from './autocannon';

export interface GraphqlOperation {
  query: string;
  variables?: Record<string, unknown>;
}

export interface GraphqlLoadOptions {
  title: string;
  baseUrl: string;
  /** Each connection cycles through these (e.g. one per user). */
  operations: GraphqlOperation[];
  /** The query's root field: a good answer starts with {"data":{"<field>":[. */
  field: string;
  connections: number;
  durationS: number;
  /**
   * Checks a parsed answer's list (every `checkEvery`-th response; the others get the cheap textual
   * check only, so that the load generator does not eat the CPU the service needs). Returns a problem.
   */
  check: (rows: unknown[]) => string | undefined;
  checkEvery?: number;
}

export interface LoadSummary {
  title: string;
  connections: number;
  durationS: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** Connection errors + timeouts + non-2xx + bad bodies: must be 0. */
  failures: number;
  failureKinds: { errors: number; timeouts: number; non2xx: number; badBodies: number };
  /** Bodies fully parsed and checked. */
  bodiesChecked: number;
  firstProblem?: string;
  start: string;
  finish: string;
}

export async function graphqlLoad(options: GraphqlLoadOptions): Promise<LoadSummary> {
  const prefix = `{"data":{"${options.field}":[`;
  const checkEvery = options.checkEvery ?? 20;
  let seen = 0;
  let bodiesChecked = 0;
  let firstProblem: string | undefined;
  const verifyBody = (body: string): boolean => {
    // `"errors":` cannot occur inside a JSON string (its quotes would be escaped), only as the key.
    let problem = !body.startsWith(prefix) || body.includes('"errors":') ? `unexpected answer: ${body.slice(0, 300)}` : undefined;
    if (!problem && seen++ % checkEvery === 0) {
      bodiesChecked++;
      const rows = (JSON.parse(body) as { data: Record<string, unknown[]> }).data[options.field];
      problem = options.check(rows);
    }
    if (problem) firstProblem ??= problem;
    return problem === undefined;
  };
  const result: AutocannonResult = await runAutocannon({
    url: `${options.baseUrl}/graphql`,
    title: options.title,
    connections: options.connections,
    duration: options.durationS,
    timeout: 30,
    requests: options.operations.map((op) => ({
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', ...TEST_AUTHORIZATION },
      body: JSON.stringify(op),
    })),
    verifyBody,
  });
  const failureKinds = { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, badBodies: result.mismatches };
  const requests = result.latency.totalCount;
  return {
    title: options.title,
    connections: options.connections,
    durationS: round(result.duration),
    requests,
    requestsPerSecond: round(requests / result.duration),
    latencyMs: {
      mean: round(result.latency.mean),
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    failures: failureKinds.errors + failureKinds.timeouts + failureKinds.non2xx + failureKinds.badBodies,
    failureKinds,
    bodiesChecked,
    ...(firstProblem ? { firstProblem } : {}),
    start: new Date(result.start).toISOString(),
    finish: new Date(result.finish).toISOString(),
  };
}
