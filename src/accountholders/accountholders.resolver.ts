import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { EmbeddingStatus } from '../capture/embedding-status';
import type { AccountHolderView } from './accountholder-view';
import { AccountHoldersService, type ScoredAccountHolder } from './accountholders.service';

@Resolver('AccountHolder')
export class AccountHoldersResolver {
  constructor(private readonly holders: AccountHoldersService) {}

  @Query('AccountHolders')
  list(@Args('limit') limit: number | null, @Args('offset') offset: number | null, @Args('after') after: number | null): Promise<AccountHolderView[]> {
    return this.holders.page(limit ?? 10, offset ?? 0, after ?? null);
  }

  @Query('AccountHolder')
  one(@Args('nationalId') nationalId: string): Promise<AccountHolderView | null> {
    return this.holders.byNationalId(nationalId);
  }

  @Query('SimilarAccountHolders')
  similar(@Args('nationalId') nationalId: string, @Args('limit') limit: number | null): Promise<ScoredAccountHolder[]> {
    return this.holders.similar(nationalId, limit ?? 10);
  }

  // The argument stays a plain object (typed `unknown`): the service validates it with validInput.
  @Mutation('AddAccountHolder')
  add(@Args('holder') holder: unknown): Promise<AccountHolderView> {
    return this.holders.add(holder);
  }

  @ResolveField('embedding')
  embedding(@Parent() holder: AccountHolderView, @Context() request: object): Promise<EmbeddingStatus> {
    return this.holders.embeddingStatus(holder, request);
  }
}
