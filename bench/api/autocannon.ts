/**
 * autocannon 8 ships no type declarations: this is the part of its programmatic API the API benchmark
 * uses, typed, and a promise around one run.
 */

export interface LoadRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface AutocannonOptions {
  url: string;
  /** Concurrent connections, each sending its next request when the previous answered. */
  connections: number;
  /** Seconds. */
  duration: number;
  /** Seconds before a request counts as a timeout. */
  timeout?: number;
  title?: string;
  /** Each connection cycles through these in order. */
  requests: LoadRequest[];
  /** Called with every response body; a falsy answer counts the response in `mismatches`. */
  verifyBody?: (body: string) => boolean;
}

/** Percentiles as autocannon reports them (latency in ms); only the fields read here. */
export interface Histogram {
  average: number;
  mean: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  p99_9: number;
  total: number;
}

export interface AutocannonResult {
  title?: string;
  connections: number;
  /** Seconds the run lasted. */
  duration: number;
  start: Date;
  finish: Date;
  /** Connection errors (refused, reset, ...). */
  errors: number;
  timeouts: number;
  /** Responses whose body verifyBody refused. */
  mismatches: number;
  non2xx: number;
  resets: number;
  '2xx': number;
  latency: Histogram & { totalCount: number };
  requests: Histogram & { sent: number };
}

type AutocannonFunction = (options: AutocannonOptions, done: (error: Error | null, result: AutocannonResult) => void) => unknown;

// autocannon ships no typings: the slice of its API used here is declared above.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as AutocannonFunction;

export function runAutocannon(options: AutocannonOptions): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}
