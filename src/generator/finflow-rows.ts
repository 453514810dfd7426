/**
 * The rows the generator writes, shaped like the source tables (lowercase column names, as the
 * reference generator created them) with the JSON columns' inner names in its camelCase. _id and
 * created_at are left to the database.
 */

export interface Address {
  streetAddress: string;
  suburb: string;
  town: string;
  province: string;
  country: string;
  postalCode: string;
}

export interface BankAccount {
  tenantId: string;
  branchId: string;
  accountId: string;
  entityId: string;
  accountType: string;
  openingDate: string;
  idCode: string;
}

export interface CreditCard {
  cardNumber: string;
  cardType: string;
  expDate: string;
  issuingBank: string;
  tenantId: string;
}

export interface AccountHolderRow {
  nationalid: string;
  firstname: string;
  lastname: string;
  dob: string;
  gender: string;
  children: number;
  address: Address;
  accounts: { bankAccounts: BankAccount[]; creditCards: CreditCard[] };
  emailaddress: string;
  mobilephonenumber: string;
}

export interface Amount {
  baseCurrency: string;
  baseValue: number;
  roe: number;
  currency: string;
  value: number;
}

export interface TransactionRow {
  eventid: string;
  transactionid: string;
  eventtime: string;
  direction: 'outbound' | 'inbound';
  eventtype: string;
  creationdate: string;
  accountholdernationalid: string;
  accountholderaccount: BankAccount;
  counterpartynationalid: string;
  counterpartyaccount: BankAccount;
  tenantid: string;
  fromid: string;
  accountagentid: string;
  fromfibranchid: string;
  accountnumber: string;
  toid: string;
  accountidcode: string;
  counterpartyagentid: string;
  tofibranchid: string;
  counterpartynumber: string;
  counterpartyidcode: string;
  amount: Amount;
  msgtype: string;
  settlementclearingsystemcode: string;
  paymentclearingsystemreference: string;
  requestexecutiondate: string;
  settlementdate: string;
  destinationcountry: string;
  localinstrument: string;
  msgstatus: string;
  paymentmethod: string;
  settlementmethod: string;
  transactiontype: string;
  verificationresult: string;
  numberoftransactions: number;
  schemaversion: number;
  usercode: string;
}

/** One row in the order the generator writes them. */
export type GeneratedRow = { table: 'accountholders'; row: AccountHolderRow } | { table: 'transactions'; row: TransactionRow };
