import { jsonColumn, jsonField, JsonText, labelledText, scalar, sentences, TemplateError, TextTemplateName, words } from '../embedding/text-template';
import type { AccountHolderAddress, AccountHolderColumns, BankAccount, CreditCard } from './accountholder.types';

/** The columns of an account holder a template reads; jsonb columns as the text Postgres prints. */
export type AccountHolderTextInput = AccountHolderColumns<JsonText>;

export const EMPTY_ACCOUNT_HOLDER_TEXT = 'Unknown account holder profile';

/** The original function's text: nationalid, _id and created_at are left out. */
function referenceText(row: AccountHolderTextInput): string {
  return labelledText(
    [
      ['First name', row.firstname],
      ['Last name', row.lastname],
      ['Date of birth', row.dob],
      ['Gender', row.gender],
      ['Children', row.children],
      ['Address', row.address],
      ['Accounts', row.accounts],
      ['Email', row.emailaddress],
      ['Mobile', row.mobilephonenumber],
    ],
    EMPTY_ACCOUNT_HOLDER_TEXT,
  );
}

const GENDERS: Record<string, string> = { M: 'male', F: 'female' };

function bankAccountText(account: BankAccount): string | undefined {
  return words(
    scalar(account.accountType) && `${scalar(account.accountType)} account`,
    scalar(account.accountId),
    scalar(account.entityId) && `at ${scalar(account.entityId)}`,
    scalar(account.tenantId) && `(${scalar(account.tenantId)})`,
    scalar(account.branchId) && `branch ${scalar(account.branchId)}`,
    scalar(account.openingDate) && `opened ${scalar(account.openingDate)}`,
  );
}

function creditCardText(card: CreditCard): string | undefined {
  return words(scalar(card.cardType), 'card', scalar(card.issuingBank) && `issued by ${scalar(card.issuingBank)}`, scalar(card.expDate) && `expiring ${scalar(card.expDate)}`);
}

function listOf<T>(path: string, value: unknown): T[] {
  const list = jsonField<unknown[]>(path, value, 'array') ?? [];
  return list.map((item, index) => {
    const entry = jsonField<T>(`${path}[${index}]`, item, 'object');
    if (entry === undefined) throw new TemplateError(`${path}[${index}] must be a JSON object, got null`);
    return entry;
  });
}

/**
 * Who the holder is, where they live and whom they bank with, in that order; contact details last.
 * The national id is left out like in the reference: it is an identifier, not a description.
 */
function informativeText(row: AccountHolderTextInput): string {
  const address = jsonColumn<AccountHolderAddress>('address', row.address, 'object');
  const accounts = jsonColumn<{ bankAccounts?: unknown; creditCards?: unknown }>('accounts', row.accounts, 'object');
  const bankAccounts = listOf<BankAccount>('accounts.bankAccounts', accounts?.bankAccounts).map(bankAccountText);
  const creditCards = listOf<CreditCard>('accounts.creditCards', accounts?.creditCards).map(creditCardText);
  const children = row.children === null ? undefined : `${row.children} ${row.children === 1 ? 'child' : 'children'}`;
  const place = address ? [address.streetAddress, address.suburb, address.town, address.province, address.postalCode, address.country].map(scalar).filter(Boolean).join(', ') : '';
  const text = sentences([
    [words(row.firstname, row.lastname), row.gender && (GENDERS[row.gender] ?? row.gender), row.dob && `born ${row.dob}`, children].filter((part) => part).join(', '),
    place ? `Lives at ${place}` : undefined,
    bankAccounts.some(Boolean) ? `Bank accounts: ${bankAccounts.filter(Boolean).join('; ')}` : undefined,
    creditCards.some(Boolean) ? `Credit cards: ${creditCards.filter(Boolean).join('; ')}` : undefined,
    [row.emailaddress && `Email ${row.emailaddress}`, row.mobilephonenumber && `mobile ${row.mobilephonenumber}`].filter(Boolean).join(', '),
  ]);
  return text === '' ? EMPTY_ACCOUNT_HOLDER_TEXT : text;
}

export function accountHolderText(row: AccountHolderTextInput, template: TextTemplateName): string {
  return template === 'reference' ? referenceText(row) : informativeText(row);
}
