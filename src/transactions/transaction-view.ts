import { toBankAccountView, type BankAccountView } from '../accountholders/accountholder-view';
import { jsonNumber, jsonObject, jsonString } from '../common/lenient-json';
import type { TransactionRow } from './transaction.types';

/** The GraphQL Direction and the value the direction column holds for it. */
export type Direction = 'OUTBOUND' | 'INBOUND';
export const DIRECTION_COLUMN_VALUES: Record<Direction, string> = { OUTBOUND: 'outbound', INBOUND: 'inbound' };

export interface AmountView {
  baseCurrency: string | null;
  baseValue: number | null;
  roe: number | null;
  currency: string | null;
  value: number | null;
}

/** A transaction leg in GraphQL: camelCase fields for the lowercase columns, JSON columns typed. */
export interface TransactionView {
  id: number;
  eventId: string;
  transactionId: string;
  eventTime: string | null;
  direction: Direction | null;
  eventType: string | null;
  creationDate: string | null;
  accountHolderNationalId: string | null;
  accountHolderAccount: BankAccountView | null;
  counterpartyNationalId: string | null;
  counterpartyAccount: BankAccountView | null;
  tenantId: string | null;
  fromId: string | null;
  accountAgentId: string | null;
  fromFIBranchId: string | null;
  accountNumber: string | null;
  toId: string | null;
  accountIdCode: string | null;
  counterpartyAgentId: string | null;
  toFIBranchId: string | null;
  counterpartyNumber: string | null;
  counterpartyIdCode: string | null;
  amount: AmountView | null;
  msgType: string | null;
  settlementClearingSystemCode: string | null;
  paymentClearingSystemReference: string | null;
  requestExecutionDate: string | null;
  settlementDate: string | null;
  destinationCountry: string | null;
  localInstrument: string | null;
  msgStatus: string | null;
  paymentMethod: string | null;
  settlementMethod: string | null;
  transactionType: string | null;
  verificationResult: string | null;
  numberOfTransactions: number | null;
  schemaVersion: number | null;
  userCode: string | null;
  createdAt: string;
}

/** Another program may have written any JSON: fields of another JSON type are null (see common/lenient-json). */
export function toAmountView(value: unknown): AmountView | null {
  const amount = jsonObject(value);
  if (!amount) return null;
  return {
    baseCurrency: jsonString(amount.baseCurrency),
    baseValue: jsonNumber(amount.baseValue),
    roe: jsonNumber(amount.roe),
    currency: jsonString(amount.currency),
    value: jsonNumber(amount.value),
  };
}

/** A direction column holding anything but the two values the generator writes reads as null. */
export function toDirection(value: string | null): Direction | null {
  if (value === DIRECTION_COLUMN_VALUES.OUTBOUND) return 'OUTBOUND';
  if (value === DIRECTION_COLUMN_VALUES.INBOUND) return 'INBOUND';
  return null;
}

export function toTransactionView(row: TransactionRow): TransactionView {
  return {
    id: row._id,
    eventId: row.eventid,
    transactionId: row.transactionid,
    eventTime: row.eventtime,
    direction: toDirection(row.direction),
    eventType: row.eventtype,
    creationDate: row.creationdate,
    accountHolderNationalId: row.accountholdernationalid,
    accountHolderAccount: toBankAccountView(row.accountholderaccount),
    counterpartyNationalId: row.counterpartynationalid,
    counterpartyAccount: toBankAccountView(row.counterpartyaccount),
    tenantId: row.tenantid,
    fromId: row.fromid,
    accountAgentId: row.accountagentid,
    fromFIBranchId: row.fromfibranchid,
    accountNumber: row.accountnumber,
    toId: row.toid,
    accountIdCode: row.accountidcode,
    counterpartyAgentId: row.counterpartyagentid,
    toFIBranchId: row.tofibranchid,
    counterpartyNumber: row.counterpartynumber,
    counterpartyIdCode: row.counterpartyidcode,
    amount: toAmountView(row.amount),
    msgType: row.msgtype,
    settlementClearingSystemCode: row.settlementclearingsystemcode,
    paymentClearingSystemReference: row.paymentclearingsystemreference,
    requestExecutionDate: row.requestexecutiondate,
    settlementDate: row.settlementdate,
    destinationCountry: row.destinationcountry,
    localInstrument: row.localinstrument,
    msgStatus: row.msgstatus,
    paymentMethod: row.paymentmethod,
    settlementMethod: row.settlementmethod,
    transactionType: row.transactiontype,
    verificationResult: row.verificationresult,
    numberOfTransactions: row.numberoftransactions,
    schemaVersion: row.schemaversion,
    userCode: row.usercode,
    createdAt: row.created_at.toISOString(),
  };
}
