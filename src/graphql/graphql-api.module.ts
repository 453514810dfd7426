import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import * as path from 'node:path';
import { repoRoot } from '../common/compiled-path';
import { formatGraphQLError } from './format-error';
import { GraphiqlController } from './graphiql.controller';
import { GRAPHQL_PATH } from './graphql-path';

/** Schema-first: each feature keeps its SDL next to its resolver (src/<feature>/*.graphql). */
@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      path: GRAPHQL_PATH,
      typePaths: [path.join(repoRoot, 'src', '**', '*.graphql')],
      // Apollo's landing page would load from a CDN; /graphiql (GraphiqlController) is served locally.
      playground: false,
      // Apollo turns introspection off when NODE_ENV=production; /graphiql's docs and completion and
      // DataSQRL-style clients that read the schema need it in every environment.
      introspection: true,
      formatError: formatGraphQLError,
    }),
  ],
  controllers: [GraphiqlController],
})
export class GraphqlApiModule {}
