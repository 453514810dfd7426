/** The JSON shapes the reference generator writes into an account holder's address and accounts. */
export interface AccountHolderAddress {
  streetAddress?: string;
  suburb?: string;
  town?: string;
  province?: string;
  country?: string;
  postalCode?: string;
}

export interface BankAccount {
  tenantId?: string;
  branchId?: string;
  accountId?: string;
  entityId?: string;
  accountType?: string;
  openingDate?: string;
  idCode?: string;
}

export interface CreditCard {
  cardNumber?: string;
  cardType?: string;
  expDate?: string;
  issuingBank?: string;
  tenantId?: string;
}

/** The described columns of an account holder: all but _id, nationalid and created_at. */
export interface AccountHolderColumns<Json> {
  firstname: string | null;
  lastname: string | null;
  dob: string | null;
  gender: string | null;
  children: number | null;
  address: Json;
  accounts: Json;
  emailaddress: string | null;
  mobilephonenumber: string | null;
}

/** An account holder as the source table holds it, jsonb columns parsed (any JSON another program wrote). */
export interface AccountHolderRow extends AccountHolderColumns<unknown> {
  _id: number;
  nationalid: string;
  created_at: Date;
}
