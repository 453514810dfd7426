import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import * as path from 'node:path';
import { ApiAuthenticator } from '../auth/api-authenticator';
import { apiAuthSettings } from '../auth/auth-settings';
import { graphqlAuthPlugin } from '../auth/graphql-auth.plugin';
import { repoRoot } from '../common/compiled-path';
import type { AppConfig } from '../config/app-config';
import { formatGraphQLError } from './format-error';
import { GraphiqlController } from './graphiql.controller';
import { GRAPHQL_PATH } from './graphql-path';
import { mutationRateLimitPlugin } from './mutation-rate-limit';
import { queryLimitsRule } from './query-limits';

/** Schema-first: each feature keeps its SDL next to its resolver (src/<feature>/*.graphql). */
@Module({})
export class GraphqlApiModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: GraphqlApiModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: GRAPHQL_PATH,
          typePaths: [path.join(repoRoot, 'src', '**', '*.graphql')],
          // Apollo's landing page would load from a CDN; /graphiql (GraphiqlController) is served locally.
          playground: false,
          // Apollo would tie introspection to NODE_ENV; GraphiQL's docs and completion and DataSQRL-style
          // clients that read the schema need it, so it is a setting of its own (on by default).
          introspection: config.GRAPHQL_INTROSPECTION,
          validationRules: [queryLimitsRule({ maxDepth: config.GRAPHQL_MAX_DEPTH, maxCost: config.GRAPHQL_MAX_COST })],
          formatError: formatGraphQLError,
          plugins: [
            // First: nothing else (rate limits included) spends work on a request that is not allowed.
            graphqlAuthPlugin(new ApiAuthenticator(apiAuthSettings(config))),
            ...(config.GRAPHQL_MUTATION_RATE_LIMIT > 0
              ? [mutationRateLimitPlugin({ perSecond: config.GRAPHQL_MUTATION_RATE_LIMIT, burst: config.GRAPHQL_MUTATION_BURST })]
              : []),
          ],
        }),
      ],
      controllers: config.GRAPHIQL ? [GraphiqlController] : [],
    };
  }
}
