import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { EmbeddingStatus } from '../capture/embedding-status';
import type { Direction, TransactionView } from './transaction-view';
import { TransactionsService, type ScoredTransaction, type TransactionPair } from './transactions.service';

@Resolver('Transaction')
export class TransactionsResolver {
  constructor(private readonly transactions: TransactionsService) {}

  @Query('Transactions')
  list(
    @Args('limit') limit: number | null,
    @Args('offset') offset: number | null,
    @Args('after') after: number | null,
    @Args('accountNumber') accountNumber: string | null,
    @Args('direction') direction: Direction | null,
  ): Promise<TransactionView[]> {
    return this.transactions.page({ limit: limit ?? 10, offset: offset ?? 0, after: after ?? null, accountNumber: accountNumber ?? null, direction: direction ?? null });
  }

  @Query('TransactionPair')
  pair(@Args('transactionId') transactionId: string): Promise<TransactionPair> {
    return this.transactions.pair(transactionId);
  }

  @Query('SimilarTransactions')
  similar(@Args('eventId') eventId: string, @Args('limit') limit: number | null): Promise<ScoredTransaction[]> {
    return this.transactions.similar(eventId, limit ?? 10);
  }

  @Query('TransactionSearch')
  search(@Args('text') text: string, @Args('limit') limit: number | null): Promise<ScoredTransaction[]> {
    return this.transactions.search(text, limit ?? 10);
  }

  // The argument stays a plain object (typed `unknown`): the service validates it with validInput.
  @Mutation('AddTransaction')
  add(@Args('transaction') transaction: unknown): Promise<TransactionView> {
    return this.transactions.add(transaction);
  }

  @ResolveField('embedding')
  embedding(@Parent() leg: TransactionView, @Context() request: object): Promise<EmbeddingStatus> {
    return this.transactions.embeddingStatus(leg, request);
  }
}
