import type { BankAccount } from '../accountholders/accountholder.types';
import type { Amount, TransactionColumns } from './transaction.types';
import { jsonColumn, JsonText, labelledText, scalar, sentences, TextTemplateName, words } from '../embedding/text-template';

/** The columns of a transaction leg a template reads; jsonb columns as the text Postgres prints. */
export type TransactionTextInput = TransactionColumns<JsonText>;

export const EMPTY_TRANSACTION_TEXT = 'Unknown transaction profile';

/**
 * The original function's text, in its column order. _id, eventid, transactionid and created_at are
 * left out (its last version printed transactionid under a wrong label: a bug not reproduced here).
 */
function referenceText(row: TransactionTextInput): string {
  return labelledText(
    [
      ['Event time', row.eventtime],
      ['Direction', row.direction],
      ['Event type', row.eventtype],
      ['Creation date', row.creationdate],
      ['Account holder national ID', row.accountholdernationalid],
      ['Account holder account', row.accountholderaccount],
      ['Counterparty national ID', row.counterpartynationalid],
      ['Counterparty account', row.counterpartyaccount],
      ['Tenant ID', row.tenantid],
      ['From ID', row.fromid],
      ['Account agent ID', row.accountagentid],
      ['From FI branch ID', row.fromfibranchid],
      ['Account number', row.accountnumber],
      ['To ID', row.toid],
      ['Account ID code', row.accountidcode],
      ['Counterparty agent ID', row.counterpartyagentid],
      ['To FI branch ID', row.tofibranchid],
      ['Counterparty number', row.counterpartynumber],
      ['Counterparty ID code', row.counterpartyidcode],
      ['Amount', row.amount],
      ['Message type', row.msgtype],
      ['Settlement clearing system code', row.settlementclearingsystemcode],
      ['Payment clearing system reference', row.paymentclearingsystemreference],
      ['Request execution date', row.requestexecutiondate],
      ['Settlement date', row.settlementdate],
      ['Destination country', row.destinationcountry],
      ['Local instrument', row.localinstrument],
      ['Message status', row.msgstatus],
      ['Payment method', row.paymentmethod],
      ['Settlement method', row.settlementmethod],
      ['Transaction type', row.transactiontype],
      ['Verification result', row.verificationresult],
      ['Number of transactions', row.numberoftransactions],
      ['Schema version', row.schemaversion],
      ['User code', row.usercode],
    ],
    EMPTY_TRANSACTION_TEXT,
  );
}

/** Money with two decimals when it is a number; as written otherwise. */
function money(value: unknown): string | undefined {
  const text = scalar(value);
  if (text === undefined) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number.toFixed(2) : text;
}

function amountText(amount: Amount | undefined): string | undefined {
  if (!amount) return undefined;
  const local = words(money(amount.value), scalar(amount.currency));
  const base = words(money(amount.baseValue), scalar(amount.baseCurrency), scalar(amount.roe) && `at ${scalar(amount.roe)}`);
  if (local && base) return `${local} (${base})`;
  return local ?? base;
}

/** One side of the payment: who, which account at which bank and branch. */
function partyText(
  role: string,
  nationalId: string | null,
  account: BankAccount | undefined,
  accountNumber: string | null,
  agentId: string | null,
  branchId: string | null,
): string | undefined {
  const details = words(
    nationalId,
    scalar(account?.accountType) && `${scalar(account?.accountType)} account`,
    accountNumber ?? scalar(account?.accountId),
    scalar(account?.entityId) && `at ${scalar(account?.entityId)}`,
    (agentId ?? scalar(account?.tenantId)) && `(${agentId ?? scalar(account?.tenantId)})`,
    (branchId ?? scalar(account?.branchId)) && `branch ${branchId ?? scalar(account?.branchId)}`,
  );
  return details && `${role} ${details}`;
}

/**
 * What the payment is (direction, type, amount), between whom, and when it settles come first, so they
 * reach the model within its window; codes that are the same on almost every row come last. Identifiers
 * (eventid, transactionid) are left out: similar legs are found by what they say, not by a shared key.
 */
function informativeText(row: TransactionTextInput): string {
  const amount = jsonColumn<Amount>('amount', row.amount, 'object');
  const holderAccount = jsonColumn<BankAccount>('accountholderaccount', row.accountholderaccount, 'object');
  const counterpartyAccount = jsonColumn<BankAccount>('counterpartyaccount', row.counterpartyaccount, 'object');
  const text = sentences([
    words(row.direction, row.eventtype, amountText(amount) && `of ${amountText(amount)}`),
    partyText('Account holder', row.accountholdernationalid, holderAccount, row.accountnumber, row.accountagentid, row.fromfibranchid),
    partyText('Counterparty', row.counterpartynationalid, counterpartyAccount, row.counterpartynumber, row.counterpartyagentid, row.tofibranchid),
    words(
      row.requestexecutiondate && `Execution ${row.requestexecutiondate}`,
      row.settlementdate && `settlement ${row.settlementdate}`,
      row.settlementclearingsystemcode && `via ${row.settlementclearingsystemcode}`,
      row.paymentclearingsystemreference && `reference ${row.paymentclearingsystemreference}`,
      row.destinationcountry && `to ${row.destinationcountry}`,
    ),
    words(row.creationdate && `Created ${row.creationdate}`, row.eventtime && `event time ${row.eventtime}`),
    words(
      row.msgtype && `Message ${row.msgtype}`,
      row.msgstatus,
      row.paymentmethod && `payment method ${row.paymentmethod}`,
      row.settlementmethod && `settlement method ${row.settlementmethod}`,
      row.transactiontype && `transaction type ${row.transactiontype}`,
      row.localinstrument && `local instrument ${row.localinstrument}`,
      row.verificationresult && `verification ${row.verificationresult}`,
    ),
    words(
      row.tenantid && `Tenant ${row.tenantid}`,
      row.fromid && `from ${row.fromid}`,
      row.toid && `to ${row.toid}`,
      row.accountidcode && `account code ${row.accountidcode}`,
      row.counterpartyidcode && `counterparty code ${row.counterpartyidcode}`,
      row.numberoftransactions !== null ? `${row.numberoftransactions} ${row.numberoftransactions === 1 ? 'transaction' : 'transactions'}` : undefined,
      row.schemaversion !== null ? `schema ${row.schemaversion}` : undefined,
      row.usercode && `user ${row.usercode}`,
    ),
  ]);
  return text === '' ? EMPTY_TRANSACTION_TEXT : text;
}

export function transactionText(row: TransactionTextInput, template: TextTemplateName): string {
  return template === 'reference' ? referenceText(row) : informativeText(row);
}
