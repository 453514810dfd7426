import { TemplateError } from '../embedding/text-template';
import { accountHolderText, AccountHolderTextInput, EMPTY_ACCOUNT_HOLDER_TEXT } from './accountholder-text';

const ADDRESS = '{"town": "Cape Town", "suburb": "Gardens", "country": "South Africa", "province": "Western Cape", "postalCode": "8001", "streetAddress": "12 Long Street"}';
const ACCOUNTS =
  '{"creditCards": [{"expDate": "08/27", "cardType": "Visa", "tenantId": "ABSAZAJJ", "cardNumber": "4111111111111111", "issuingBank": "Absa Bank"}], ' +
  '"bankAccounts": [{"idCode": "RTC10", "branchId": "632005", "entityId": "Absa Bank", "tenantId": "ABSAZAJJ", "accountId": "1234-5678901234", "accountType": "Savings", "openingDate": "2015-04-01"}, ' +
  '{"idCode": "RTC10", "tenantId": "FIRNZAJJ", "accountId": "4321-0987654321", "accountType": "Cheque"}]}';

const holder: AccountHolderTextInput = {
  firstname: 'Thandi',
  lastname: 'Dlamini',
  dob: '1984-03-12',
  gender: 'F',
  children: 0,
  address: ADDRESS,
  accounts: ACCOUNTS,
  emailaddress: 'thandi@example.co.za',
  mobilephonenumber: '082 555 0101',
};
const empty: AccountHolderTextInput = {
  firstname: null,
  lastname: null,
  dob: null,
  gender: null,
  children: null,
  address: null,
  accounts: null,
  emailaddress: null,
  mobilephonenumber: null,
};

describe('account holder text templates', () => {
  it('reference: "Label: value" parts in the original order, jsonb as printed, children also when 0', () => {
    expect(accountHolderText(holder, 'reference')).toBe(
      `First name: Thandi. Last name: Dlamini. Date of birth: 1984-03-12. Gender: F. Children: 0. Address: ${ADDRESS}. ` +
        `Accounts: ${ACCOUNTS}. Email: thandi@example.co.za. Mobile: 082 555 0101`,
    );
  });

  it('reference: absent and empty values are left out; nothing at all gives the fallback text', () => {
    expect(accountHolderText({ ...empty, lastname: 'Botha', gender: '', mobilephonenumber: '082' }, 'reference')).toBe('Last name: Botha. Mobile: 082');
    expect(accountHolderText(empty, 'reference')).toBe(EMPTY_ACCOUNT_HOLDER_TEXT);
    expect(accountHolderText(empty, 'informative')).toBe(EMPTY_ACCOUNT_HOLDER_TEXT);
  });

  it('informative: who, where and which banks first, contact details last', () => {
    expect(accountHolderText(holder, 'informative')).toBe(
      'Thandi Dlamini, female, born 1984-03-12, 0 children. ' +
        'Lives at 12 Long Street, Gardens, Cape Town, Western Cape, 8001, South Africa. ' +
        'Bank accounts: Savings account 1234-5678901234 at Absa Bank (ABSAZAJJ) branch 632005 opened 2015-04-01; Cheque account 4321-0987654321 (FIRNZAJJ). ' +
        'Credit cards: Visa card issued by Absa Bank expiring 08/27. ' +
        'Email thandi@example.co.za, mobile 082 555 0101',
    );
  });

  it('informative: JSON of the wrong kind is a TemplateError naming where', () => {
    expect(() => accountHolderText({ ...holder, address: '"12 Long Street"' }, 'informative')).toThrow(new TemplateError('address must be a JSON object, got string'));
    expect(() => accountHolderText({ ...holder, accounts: '{"bankAccounts": {"accountId": "1"}}' }, 'informative')).toThrow(
      /accounts.bankAccounts must be a JSON array, got object/,
    );
    expect(() => accountHolderText({ ...holder, accounts: '{"creditCards": [null]}' }, 'informative')).toThrow(/accounts.creditCards\[0\] must be a JSON object, got null/);
  });

  it('informative: JSON null and unknown fields do no harm', () => {
    expect(accountHolderText({ ...empty, firstname: 'Sipho', address: 'null', accounts: '{"loyalty": 3, "bankAccounts": []}', children: 1 }, 'informative')).toBe('Sipho, 1 child');
  });
});
