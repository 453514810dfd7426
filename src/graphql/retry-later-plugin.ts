import type { ApolloServerPlugin } from '@apollo/server';
import { RETRY_LATER_CODES } from '../common/retry-later';

const isRetryLaterCode = (code: unknown): boolean => (RETRY_LATER_CODES as readonly unknown[]).includes(code);

/**
 * An answer holding an OVERLOADED or QUERY_TIMEOUT error (format-error.ts) goes out as HTTP 503 with
 * Retry-After, the longest wait any of its errors asks for: clients and proxies that look only at the
 * status back off instead of reading a 200 as success and retrying at once.
 */
export function retryLaterPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const waits = (response.body.singleResult.errors ?? [])
            .filter((error) => isRetryLaterCode(error.extensions?.code))
            .map((error) => Number(error.extensions?.retryAfterSeconds) || 1);
          if (waits.length === 0) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(Math.max(...waits)));
        },
      };
    },
  };
}
