import 'reflect-metadata';
import { InvalidInputError } from '../common/invalid-input.error';
import { validInput } from '../common/validate-input';
import { AccountHolderInput, toAccountHolderColumns } from './accountholder.input';

const fieldOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.field;
    throw error;
  }
  return undefined;
};

describe('AccountHolderInput', () => {
  it.each([
    ['nationalId', { nationalId: '731102-4821-85' }],
    ['nationalId', { nationalId: 731102 }],
    ['emailAddress', { nationalId: '731102-4821-085', emailAddress: 'thandi@' }],
    ['accounts.bankAccounts', { nationalId: '731102-4821-085', accounts: { bankAccounts: { accountId: 'x' } } }],
    ['accounts.creditCards[0].cardNumber', { nationalId: '731102-4821-085', accounts: { creditCards: [{ cardNumber: '4'.repeat(26) }] } }],
  ])('refuses a holder with a bad %s', (field, plain) => {
    expect(fieldOf(() => validInput(AccountHolderInput, plain))).toBe(field);
  });

  it('accepts a holder with only a national id', () => {
    expect(fieldOf(() => validInput(AccountHolderInput, { nationalId: '731102-4821-085' }))).toBeUndefined();
  });

  it('stores absent fields as NULL and the JSON objects as given', () => {
    const input = validInput(AccountHolderInput, { nationalId: '731102-4821-085', address: { town: 'Cape Town' } });
    expect(toAccountHolderColumns(input)).toEqual({
      nationalid: '731102-4821-085',
      firstname: null,
      lastname: null,
      dob: null,
      gender: null,
      children: null,
      address: { town: 'Cape Town' },
      accounts: null,
      emailaddress: null,
      mobilephonenumber: null,
    });
  });
});
