import { jsonObject, jsonObjectList, jsonString, type JsonObject } from '../common/lenient-json';
import type { AccountHolderRow } from './accountholder.types';

/**
 * The GraphQL shapes of an account holder and its JSON columns. The JSON was written by any program:
 * each field is read leniently (see common/lenient-json), so a row of an odd shape still lists.
 */
export interface AddressView {
  streetAddress: string | null;
  suburb: string | null;
  town: string | null;
  province: string | null;
  country: string | null;
  postalCode: string | null;
}

export interface BankAccountView {
  tenantId: string | null;
  branchId: string | null;
  accountId: string | null;
  entityId: string | null;
  accountType: string | null;
  openingDate: string | null;
  idCode: string | null;
}

export interface CreditCardView {
  cardNumber: string | null;
  cardType: string | null;
  expDate: string | null;
  issuingBank: string | null;
  tenantId: string | null;
}

export interface AccountsView {
  bankAccounts: BankAccountView[] | null;
  creditCards: CreditCardView[] | null;
}

export interface AccountHolderView {
  id: number;
  nationalId: string;
  firstName: string | null;
  lastName: string | null;
  dob: string | null;
  gender: string | null;
  children: number | null;
  address: AddressView | null;
  accounts: AccountsView | null;
  emailAddress: string | null;
  mobilePhoneNumber: string | null;
  createdAt: string;
}

/** The named fields of a JSON object, each a string or null. */
function stringFields<K extends string>(object: JsonObject, names: readonly K[]): Record<K, string | null> {
  return Object.fromEntries(names.map((name) => [name, jsonString(object[name])])) as Record<K, string | null>;
}

const ADDRESS_FIELDS = ['streetAddress', 'suburb', 'town', 'province', 'country', 'postalCode'] as const;
const BANK_ACCOUNT_FIELDS = ['tenantId', 'branchId', 'accountId', 'entityId', 'accountType', 'openingDate', 'idCode'] as const;
const CREDIT_CARD_FIELDS = ['cardNumber', 'cardType', 'expDate', 'issuingBank', 'tenantId'] as const;

export function toAddressView(value: unknown): AddressView | null {
  const object = jsonObject(value);
  return object && stringFields(object, ADDRESS_FIELDS);
}

/** Also the shape of a transaction leg's accountholderaccount and counterpartyaccount. */
export function toBankAccountView(value: unknown): BankAccountView | null {
  const object = jsonObject(value);
  return object && stringFields(object, BANK_ACCOUNT_FIELDS);
}

export function toAccountsView(value: unknown): AccountsView | null {
  const object = jsonObject(value);
  if (!object) return null;
  return {
    bankAccounts: jsonObjectList(object.bankAccounts, (entry) => stringFields(entry, BANK_ACCOUNT_FIELDS)),
    creditCards: jsonObjectList(object.creditCards, (entry) => stringFields(entry, CREDIT_CARD_FIELDS)),
  };
}

export function toAccountHolderView(row: AccountHolderRow): AccountHolderView {
  return {
    id: row._id,
    nationalId: row.nationalid,
    firstName: row.firstname,
    lastName: row.lastname,
    dob: row.dob,
    gender: row.gender,
    children: row.children,
    address: toAddressView(row.address),
    accounts: toAccountsView(row.accounts),
    emailAddress: row.emailaddress,
    mobilePhoneNumber: row.mobilephonenumber,
    createdAt: row.created_at.toISOString(),
  };
}
