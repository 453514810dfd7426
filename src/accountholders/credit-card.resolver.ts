import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { AuthContext } from '../auth/graphql-auth.plugin';
import { cardNumberFor } from '../auth/card-number';
import type { CreditCardView } from './accountholder-view';

@Resolver('CreditCard')
export class CreditCardResolver {
  /** Masked unless the request's credentials carry read:cards. */
  @ResolveField('cardNumber')
  cardNumber(@Parent() card: CreditCardView, @Context() context: AuthContext): string | null {
    return cardNumberFor(context.principal, card.cardNumber);
  }
}
