/** The JSON shape the reference generator writes into a leg's amount. */
export interface Amount {
  baseCurrency?: string;
  baseValue?: number | string;
  roe?: number | string;
  currency?: string;
  value?: number | string;
}

/**
 * The described columns of a transaction leg (lowercase, as the reference generator writes them): all
 * but the identifiers and created_at. Json is how the jsonb columns are held.
 */
export interface TransactionColumns<Json> {
  eventtime: string | null;
  direction: string | null;
  eventtype: string | null;
  creationdate: string | null;
  accountholdernationalid: string | null;
  accountholderaccount: Json;
  counterpartynationalid: string | null;
  counterpartyaccount: Json;
  tenantid: string | null;
  fromid: string | null;
  accountagentid: string | null;
  fromfibranchid: string | null;
  accountnumber: string | null;
  toid: string | null;
  accountidcode: string | null;
  counterpartyagentid: string | null;
  tofibranchid: string | null;
  counterpartynumber: string | null;
  counterpartyidcode: string | null;
  amount: Json;
  msgtype: string | null;
  settlementclearingsystemcode: string | null;
  paymentclearingsystemreference: string | null;
  requestexecutiondate: string | null;
  settlementdate: string | null;
  destinationcountry: string | null;
  localinstrument: string | null;
  msgstatus: string | null;
  paymentmethod: string | null;
  settlementmethod: string | null;
  transactiontype: string | null;
  verificationresult: string | null;
  numberoftransactions: number | null;
  schemaversion: number | null;
  usercode: string | null;
}

/** A transaction leg as the source table holds it, jsonb columns parsed. */
export interface TransactionRow extends TransactionColumns<unknown> {
  _id: number;
  eventid: string;
  transactionid: string;
  created_at: Date;
}
