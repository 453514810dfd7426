import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { TokenBuckets } from './token-buckets';

export interface MutationRateLimit {
  /** Mutations per second a client may send on average; 0 = no limit. */
  perSecond: number;
  /** Mutations a client may send at once before the average applies. */
  burst: number;
}

/** The client a request comes from: its peer address (what a proxy in front would have to forward). */
const clientOf = (req: Request | undefined): string => req?.ip ?? req?.socket?.remoteAddress ?? 'unknown';

/**
 * Limits GraphQL mutations per client, before they run: a mutation over the limit is answered with
 * HTTP 429, extensions.code RATE_LIMITED and retryAfterMs, and changes nothing. Queries are not
 * limited. The buckets live in this process: with several api processes each limits on its own.
 */
export function mutationRateLimitPlugin(limit: MutationRateLimit): ApolloServerPlugin<{ req?: Request }> {
  const buckets = new TokenBuckets(limit.perSecond, limit.burst);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const taken = buckets.take(clientOf(contextValue.req), Date.now());
          if (taken.allowed) return;
          throw new GraphQLError(`too many mutations from this client: at most ${limit.perSecond} per second (burst ${limit.burst}); retry in ${taken.retryAfterMs} ms`, {
            extensions: { code: 'RATE_LIMITED', retryAfterMs: taken.retryAfterMs, http: { status: 429, headers: new Map([['retry-after', String(Math.ceil(taken.retryAfterMs / 1000))]]) } },
          });
        },
      };
    },
  };
}
