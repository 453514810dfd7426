import 'reflect-metadata';
import { InvalidInputError } from '../common/invalid-input.error';
import { validInput } from '../common/validate-input';
import { toTransactionColumns, TransactionInput } from './transaction.input';

const fieldOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.field;
    throw error;
  }
  return undefined;
};

describe('TransactionInput', () => {
  const leg = { direction: 'OUTBOUND', amount: { baseValue: 10, value: 185 } };

  it('accepts the smallest leg and stores its direction as the column value', () => {
    const input = validInput(TransactionInput, leg);
    const columns = toTransactionColumns(input, { eventId: 'e', transactionId: 't' });
    expect(columns).toMatchObject({ eventid: 'e', transactionid: 't', direction: 'outbound', amount: { baseValue: 10, value: 185 }, accountnumber: null });
    expect(Object.keys(columns)).toHaveLength(37);
  });

  it.each([
    ['direction', { ...leg, direction: 'outbound' }],
    ['amount', { direction: 'INBOUND' }],
    ['amount.value', { ...leg, amount: { baseValue: 10 } }],
    ['amount.roe', { ...leg, amount: { ...leg.amount, roe: 0 } }],
    ['amount.value', { ...leg, amount: { baseValue: 10, value: 1e14 } }],
    ['amount.baseValue', { ...leg, amount: { baseValue: 1e14, value: 10 } }],
    ['amount.roe', { ...leg, amount: { ...leg.amount, roe: 1e7 } }],
    ['eventId', { ...leg, eventId: 'e'.repeat(37) }],
    ['requestExecutionDate', { ...leg, requestExecutionDate: '2024-5-1' }],
    ['schemaVersion', { ...leg, schemaVersion: 1.5 }],
    ['accountHolderAccount.idCode', { ...leg, accountHolderAccount: { idCode: 'RTC100' } }],
  ])('refuses a leg with a bad %s', (field, plain) => {
    expect(fieldOf(() => validInput(TransactionInput, plain))).toBe(field);
  });
});
