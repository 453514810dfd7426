/**
 * How many account holders are written before each payment. The reference wrote 2-6 holders, then a
 * payment (outbound and inbound leg), in a loop. For any requested counts, holders are spread over the
 * payments in proportion instead, so the holder count and the payment count both come out exactly; at
 * least two come before the first payment (when there are two), so that payer and payee can differ.
 *
 * Returns the cumulative number of holders written before payment `index` (0-based): never decreasing,
 * and `holders` for the last payment, so no holder is left over after it.
 */
export function holdersBeforePayment(index: number, holders: number, payments: number): number {
  const proportional = Math.ceil((holders * (index + 1)) / payments);
  return Math.min(holders, Math.max(Math.min(holders, 2), proportional));
}
