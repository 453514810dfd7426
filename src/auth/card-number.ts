import { hasScope, type Principal } from './principal';

/**
 * A card number as the principal may see it: whole with read:cards, else every digit but the last four
 * replaced by `*`, separators kept (`**** **** **** 4242`). A number of four digits or fewer is masked
 * whole, as its last four would be all of it.
 */
export function cardNumberFor(principal: Principal | undefined, cardNumber: string | null): string | null {
  if (cardNumber === null || hasScope(principal, 'read:cards')) return cardNumber;
  const digits = cardNumber.replace(/\D/g, '').length;
  let keep = digits > 4 ? 4 : 0;
  const masked = [...cardNumber].reverse().map((char) => {
    if (!/\d/.test(char)) return char;
    if (keep > 0) {
      keep -= 1;
      return char;
    }
    return '*';
  });
  return masked.reverse().join('');
}
