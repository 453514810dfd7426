import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import * as path from 'node:path';
import { repoRoot } from '../common/compiled-path';
import { formatGraphQLError } from './format-error';

/** Schema-first: each feature keeps its SDL next to its resolver (src/<feature>/*.graphql). */
@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      path: '/graphql',
      typePaths: [path.join(repoRoot, 'src', '**', '*.graphql')],
      playground: false,
      formatError: formatGraphQLError,
    }),
  ],
})
export class GraphqlApiModule {}
