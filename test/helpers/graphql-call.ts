import { performance } from 'node:perf_hooks';
import { TEST_AUTHORIZATION } from './app-process';

/**
 * One GraphQL request as a client sees it. ok: an acknowledgement (HTTP 200, data, no errors). Otherwise
 * code says why: the GraphQL error's extensions.code, HTTP_<status> when the answer had none, or for no
 * answer at all the network error's code (ECONNREFUSED while nothing listens, ECONNRESET or
 * UND_ERR_SOCKET for a connection cut mid-request, TIMEOUT when the client gave up).
 */
export interface GraphqlCall {
  ok: boolean;
  code?: string;
  data?: any;
  /** Whether the server answered (so the error is its typed refusal, not a lost connection). */
  answered: boolean;
  ms: number;
}

/** Sent with TEST_API_KEY unless `headers` says otherwise (e.g. `{}` for an anonymous request). */
export async function callGraphql(
  baseUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  timeoutMs = 60000,
  headers: Record<string, string> = TEST_AUTHORIZATION,
): Promise<GraphqlCall> {
  const started = performance.now();
  const ms = () => performance.now() - started;
  let response: Response;
  let body: any;
  try {
    response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = await response.json().catch(() => undefined);
  } catch (error) {
    return { ok: false, answered: false, code: networkCode(error), ms: ms() };
  }
  const errors = body?.errors as Array<{ extensions?: { code?: string } }> | undefined;
  if (response.status === 200 && body?.data && !errors?.length) return { ok: true, answered: true, data: body.data, ms: ms() };
  return { ok: false, answered: true, code: errors?.[0]?.extensions?.code ?? `HTTP_${response.status}`, data: body?.data, ms: ms() };
}

function networkCode(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (e.name === 'TimeoutError') return 'TIMEOUT';
  return e.cause?.code ?? e.code ?? e.cause?.name ?? e.name ?? 'NETWORK_ERROR';
}

/** Counts by code, e.g. { ECONNREFUSED: 40, INTERNAL_SERVER_ERROR: 1 }. */
export function countByCode(calls: Iterable<{ code?: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) if (call.code) counts[call.code] = (counts[call.code] ?? 0) + 1;
  return counts;
}
