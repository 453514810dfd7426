import type { AccountHolderAddress, AccountHolderColumns, BankAccount as BankAccountShape, CreditCard as CreditCardShape } from '../accountholders/accountholder.types';
import type { Amount as AmountShape, TransactionColumns } from '../transactions/transaction.types';

/** Every field present: what the generator writes, in the shapes the source tables' readers accept. */
type Complete<T> = { [K in keyof T]-?: NonNullable<T[K]> };

export type Address = Complete<AccountHolderAddress>;
export type BankAccount = Complete<BankAccountShape>;
export type CreditCard = Complete<CreditCardShape>;
export type Amount = Complete<{ [K in keyof AmountShape]: K extends 'baseValue' | 'roe' | 'value' ? number : AmountShape[K] }>;

/**
 * The rows the generator writes, shaped like the source tables (lowercase column names, as the
 * reference generator created them) with the JSON columns' inner names in its camelCase. _id and
 * created_at are left to the database.
 */
export type AccountHolderRow = Omit<Complete<AccountHolderColumns<unknown>>, 'address' | 'accounts'> & {
  nationalid: string;
  address: Address;
  accounts: { bankAccounts: BankAccount[]; creditCards: CreditCard[] };
};

export type TransactionRow = Omit<Complete<TransactionColumns<unknown>>, 'direction' | 'accountholderaccount' | 'counterpartyaccount' | 'amount'> & {
  eventid: string;
  transactionid: string;
  direction: 'outbound' | 'inbound';
  accountholderaccount: BankAccount;
  counterpartyaccount: BankAccount;
  amount: Amount;
};

/** One row in the order the generator writes them. */
export type GeneratedRow = { table: 'accountholders'; row: AccountHolderRow } | { table: 'transactions'; row: TransactionRow };
