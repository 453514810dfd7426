import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import type { AppConfig } from '../config/app-config';
import { fragmentsByName } from './fragments';
import { operationCost } from './operation-cost';
import { rateLimitRedis, SharedTokenBuckets } from './shared-token-buckets';

/**
 * The client a request comes from: req.ip, its peer address, or with TRUST_PROXY the address the
 * trusted proxies forwarded in X-Forwarded-For.
 */
const clientOf = (req: Request | undefined): string => req?.ip ?? req?.socket?.remoteAddress ?? 'unknown';

function rateLimited(what: string, perSecond: number, burst: number, retryAfterMs: number): GraphQLError {
  return new GraphQLError(`too many ${what} from this client: at most ${perSecond} per second (burst ${burst}); retry in ${retryAfterMs} ms`, {
    extensions: { code: 'RATE_LIMITED', retryAfterMs, http: { status: 429, headers: new Map([['retry-after', String(Math.ceil(retryAfterMs / 1000))]]) } },
  });
}

/**
 * Checks each operation once its variables are known and before it runs: its cost (GRAPHQL_MAX_COST,
 * a limit given as a variable weighs what it says), then the client's budgets. A mutation takes one token
 * of GRAPHQL_MUTATION_RATE_LIMIT per root field (every alias a mutation of its own); a query takes one
 * of GRAPHQL_EXPENSIVE_RATE_LIMIT per vector search or inference. Over a budget: HTTP 429,
 * extensions.code RATE_LIMITED and retryAfterMs, and nothing runs. The buckets are shared by every api
 * process on the same Redis (shared-token-buckets.ts).
 */
export function operationLimitsPlugin(config: AppConfig, redisUrl: string): ApolloServerPlugin<{ req?: Request }> {
  const redis = rateLimitRedis(redisUrl);
  const prefix = `${config.QUEUE_PREFIX}:rate-limit`;
  const mutations = new SharedTokenBuckets(redis, `${prefix}:mutations:`, config.GRAPHQL_MUTATION_RATE_LIMIT, config.GRAPHQL_MUTATION_BURST);
  const expensive = new SharedTokenBuckets(redis, `${prefix}:expensive:`, config.GRAPHQL_EXPENSIVE_RATE_LIMIT, config.GRAPHQL_EXPENSIVE_BURST);
  return {
    async serverWillStart() {
      // Until connected (or while Redis is away), the buckets fall back to this process's.
      redis.connect().catch(() => undefined);
      return {
        async serverWillStop() {
          redis.disconnect();
        },
      };
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema, contextValue }) {
          if (!operation) return;
          const { cost, rootFields, expensiveUnits } = operationCost({
            schema,
            operation,
            fragments: fragmentsByName(document),
            variables: request.variables,
            maxPageSize: config.MAX_PAGE_SIZE,
          });
          if (cost > config.GRAPHQL_MAX_COST) {
            throw new GraphQLError(`operation costs ${cost}; at most ${config.GRAPHQL_MAX_COST} is allowed (GRAPHQL_MAX_COST)`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
          const client = clientOf(contextValue.req);
          if (operation.operation === 'mutation' && config.GRAPHQL_MUTATION_RATE_LIMIT > 0) {
            const taken = await mutations.take(client, rootFields);
            if (!taken.allowed) throw rateLimited('mutations', config.GRAPHQL_MUTATION_RATE_LIMIT, config.GRAPHQL_MUTATION_BURST, taken.retryAfterMs);
          }
          if (operation.operation === 'query' && expensiveUnits > 0 && config.GRAPHQL_EXPENSIVE_RATE_LIMIT > 0) {
            const taken = await expensive.take(client, expensiveUnits);
            if (!taken.allowed) throw rateLimited('searches', config.GRAPHQL_EXPENSIVE_RATE_LIMIT, config.GRAPHQL_EXPENSIVE_BURST, taken.retryAfterMs);
          }
        },
      };
    },
  };
}
