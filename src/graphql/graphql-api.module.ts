import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import * as path from 'node:path';
import { ApiAuthenticator } from '../auth/api-authenticator';
import { apiAuthSettings } from '../auth/auth-settings';
import { graphqlAuthPlugin } from '../auth/graphql-auth.plugin';
import { repoRoot } from '../common/compiled-path';
import type { AppConfig } from '../config/app-config';
import { dateTimeScalar } from './date-time.scalar';
import { formatGraphQLError } from './format-error';
import { GraphiqlController } from './graphiql.controller';
import { GRAPHQL_PATH } from './graphql-path';
import { operationLimitsPlugin } from './operation-limits-plugin';
import { queryLimitsRule } from './query-limits';
import { retryLaterPlugin } from './retry-later-plugin';

/** Schema-first: each feature keeps its SDL next to its resolver (src/<feature>/*.graphql). */
@Module({})
export class GraphqlApiModule {
  static forConfig(config: AppConfig, redisUrl: string): DynamicModule {
    return {
      module: GraphqlApiModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: GRAPHQL_PATH,
          typePaths: [path.join(repoRoot, 'src', '**', '*.graphql')],
          resolvers: { DateTime: dateTimeScalar },
          // Apollo's landing page would load from a CDN; /graphiql (GraphiqlController) is served locally.
          playground: false,
          // GraphiQL's docs and completion and DataSQRL-style clients that read the schema need it, so it is
          // a setting of its own (on by default, off by default with NODE_ENV=production: load-config.ts).
          introspection: config.GRAPHQL_INTROSPECTION,
          // A document of more tokens is refused while it is parsed, before the rest of it is read.
          parseOptions: { maxTokens: config.GRAPHQL_MAX_TOKENS },
          validationRules: [queryLimitsRule({ maxDepth: config.GRAPHQL_MAX_DEPTH, maxRootFields: config.GRAPHQL_MAX_ROOT_FIELDS, maxAliases: config.GRAPHQL_MAX_ALIASES })],
          formatError: formatGraphQLError,
          // Nest's driver would reset every answer that has data to HTTP 200 after the plugins ran, undoing
          // retryLaterPlugin's 503 for OVERLOADED and QUERY_TIMEOUT. No resolver error of semflow carries an
          // HTTP status of its own (those of auth and limits are raised before execution), so nothing else changes.
          preserveHttpStatusForExecutionErrors: false,
          plugins: [
            // Before the limits: no budget is spent on a request that is not allowed.
            graphqlAuthPlugin(new ApiAuthenticator(apiAuthSettings(config))),
            operationLimitsPlugin(config, redisUrl),
            retryLaterPlugin(),
          ],
        }),
      ],
      controllers: config.GRAPHIQL ? [GraphiqlController] : [],
    };
  }
}
