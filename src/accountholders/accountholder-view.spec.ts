import { toAccountHolderView, toAccountsView, toAddressView, toBankAccountView } from './accountholder-view';
import type { AccountHolderRow } from './accountholder.types';

const row = (json: Partial<Pick<AccountHolderRow, 'address' | 'accounts'>>): AccountHolderRow => ({
  _id: 7,
  nationalid: '731102-4821-085',
  firstname: 'Thandi',
  lastname: 'Dlamini',
  dob: '1984-03-12',
  gender: 'F',
  children: 0,
  address: null,
  accounts: null,
  emailaddress: 'thandi@example.co.za',
  mobilephonenumber: '+27 82 555 0101',
  created_at: new Date('2024-05-01T10:00:00Z'),
  ...json,
});

describe('account holder views', () => {
  it('maps the lowercase columns to camelCase fields and the JSON columns to typed objects', () => {
    const address = { streetAddress: '12 Long Street', suburb: 'Gardens', town: 'Cape Town', province: 'Western Cape', country: 'South Africa', postalCode: '8001' };
    const bankAccount = {
      tenantId: 'ABSAZAJJ',
      branchId: '632005',
      accountId: '4021-1234567890',
      entityId: 'Absa Bank',
      accountType: 'Savings',
      openingDate: '2015-06-01',
      idCode: 'RTC10',
    };
    const card = { cardNumber: '4111-1111-1111-1111', cardType: 'Visa', expDate: '08/27', issuingBank: 'Absa Bank', tenantId: 'ABSAZAJJ' };
    expect(toAccountHolderView(row({ address, accounts: { bankAccounts: [bankAccount], creditCards: [card] } }))).toEqual({
      id: 7,
      nationalId: '731102-4821-085',
      firstName: 'Thandi',
      lastName: 'Dlamini',
      dob: '1984-03-12',
      gender: 'F',
      children: 0,
      address,
      accounts: { bankAccounts: [bankAccount], creditCards: [card] },
      emailAddress: 'thandi@example.co.za',
      mobilePhoneNumber: '+27 82 555 0101',
      createdAt: '2024-05-01T10:00:00.000Z',
    });
  });

  it('reads SQL NULL, JSON null and JSON of another type as null', () => {
    for (const value of [null, undefined, 'just text', 42, true, ['a']]) {
      expect(toAddressView(value)).toBeNull();
      expect(toAccountsView(value)).toBeNull();
      expect(toBankAccountView(value)).toBeNull();
    }
  });

  it('nulls fields that are missing or of another JSON type, and ignores fields it does not know', () => {
    expect(toAddressView({ town: 'Cape Town', postalCode: 8001, country: null, planet: 'Earth' })).toEqual({
      streetAddress: null,
      suburb: null,
      town: 'Cape Town',
      province: null,
      country: null,
      postalCode: null,
    });
    expect(toBankAccountView({ accountId: { nested: true }, entityId: 'Absa Bank' })).toMatchObject({ accountId: null, entityId: 'Absa Bank', tenantId: null });
  });

  it('leaves out list entries that are not objects, and reads a list of another type as null', () => {
    expect(toAccountsView({ bankAccounts: 'none', creditCards: [1, null, { cardType: 5, issuingBank: 'Odd Bank' }, ['x']] })).toEqual({
      bankAccounts: null,
      creditCards: [{ cardNumber: null, cardType: null, expDate: null, issuingBank: 'Odd Bank', tenantId: null }],
    });
    expect(toAccountsView({})).toEqual({ bankAccounts: null, creditCards: null });
    expect(toAccountsView({ bankAccounts: [], creditCards: [] })).toEqual({ bankAccounts: [], creditCards: [] });
  });
});
