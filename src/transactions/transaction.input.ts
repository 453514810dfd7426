import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsPositive, Max, Min, ValidateNested } from 'class-validator';
import { BankAccountInput } from '../accountholders/accountholder.input';
import { IsCalendarDate, OptionalText } from '../common/input-rules';
import { DIRECTION_COLUMN_VALUES, type Direction } from './transaction-view';
import type { TransactionColumns } from './transaction.types';

const DIRECTIONS = Object.keys(DIRECTION_COLUMN_VALUES) as Direction[];
const MAX_INT = 2 ** 31 - 1;
/** Widths of the eventid / transactionid and account number columns. */
export const LEG_ID_MAX_CHARS = 36;
export const ACCOUNT_NUMBER_MAX_CHARS = 16;
/** Far above any real payment, far below where a double stops counting cents exactly (2^53 / 100). */
const MAX_AMOUNT = 1e13;
/** Rates of exchange between real currencies stay within a few orders of magnitude of 1. */
const MAX_ROE = 1e6;

/** Money as the generator writes it: baseValue in baseCurrency, value = baseValue x roe in currency. */
export class AmountInput {
  @OptionalText(3) baseCurrency?: string | null;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_AMOUNT)
  baseValue: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(MAX_ROE)
  roe?: number | null;

  @OptionalText(3) currency?: string | null;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_AMOUNT)
  value: number;
}

/** One leg. Text fields are at most as long as their varchar columns. */
export class TransactionInput {
  @OptionalText(LEG_ID_MAX_CHARS) @IsNotEmpty() eventId?: string | null;
  @OptionalText(LEG_ID_MAX_CHARS) @IsNotEmpty() transactionId?: string | null;
  @OptionalText(30) eventTime?: string | null;

  @IsIn(DIRECTIONS)
  direction: Direction;

  @OptionalText(10) eventType?: string | null;
  @OptionalText(20) creationDate?: string | null;
  @OptionalText(16) accountHolderNationalId?: string | null;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BankAccountInput)
  accountHolderAccount?: BankAccountInput | null;

  @OptionalText(16) counterpartyNationalId?: string | null;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BankAccountInput)
  counterpartyAccount?: BankAccountInput | null;

  @OptionalText(8) tenantId?: string | null;
  @OptionalText(8) fromId?: string | null;
  @OptionalText(8) accountAgentId?: string | null;
  @OptionalText(6) fromFIBranchId?: string | null;
  @OptionalText(ACCOUNT_NUMBER_MAX_CHARS) accountNumber?: string | null;
  @OptionalText(8) toId?: string | null;
  @OptionalText(5) accountIdCode?: string | null;
  @OptionalText(8) counterpartyAgentId?: string | null;
  @OptionalText(6) toFIBranchId?: string | null;
  @OptionalText(16) counterpartyNumber?: string | null;
  @OptionalText(5) counterpartyIdCode?: string | null;

  @IsObject()
  @ValidateNested()
  @Type(() => AmountInput)
  amount: AmountInput;

  @OptionalText(6) msgType?: string | null;
  @OptionalText(5) settlementClearingSystemCode?: string | null;
  @OptionalText(12) paymentClearingSystemReference?: string | null;
  @IsOptional() @IsCalendarDate() requestExecutionDate?: string | null;
  @IsOptional() @IsCalendarDate() settlementDate?: string | null;
  @OptionalText(30) destinationCountry?: string | null;
  @OptionalText(2) localInstrument?: string | null;
  @OptionalText(12) msgStatus?: string | null;
  @OptionalText(4) paymentMethod?: string | null;
  @OptionalText(4) settlementMethod?: string | null;
  @OptionalText(2) transactionType?: string | null;
  @OptionalText(4) verificationResult?: string | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  numberOfTransactions?: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  schemaVersion?: number | null;

  @OptionalText(4) userCode?: string | null;
}

export type NewTransaction = TransactionColumns<unknown> & { eventid: string; transactionid: string };

/** The columns a validated leg is stored in; the ids are given (the input's, or generated ones). */
export function toTransactionColumns(input: TransactionInput, ids: { eventId: string; transactionId: string }): NewTransaction {
  return {
    eventid: ids.eventId,
    transactionid: ids.transactionId,
    eventtime: input.eventTime ?? null,
    direction: DIRECTION_COLUMN_VALUES[input.direction],
    eventtype: input.eventType ?? null,
    creationdate: input.creationDate ?? null,
    accountholdernationalid: input.accountHolderNationalId ?? null,
    accountholderaccount: input.accountHolderAccount ?? null,
    counterpartynationalid: input.counterpartyNationalId ?? null,
    counterpartyaccount: input.counterpartyAccount ?? null,
    tenantid: input.tenantId ?? null,
    fromid: input.fromId ?? null,
    accountagentid: input.accountAgentId ?? null,
    fromfibranchid: input.fromFIBranchId ?? null,
    accountnumber: input.accountNumber ?? null,
    toid: input.toId ?? null,
    accountidcode: input.accountIdCode ?? null,
    counterpartyagentid: input.counterpartyAgentId ?? null,
    tofibranchid: input.toFIBranchId ?? null,
    counterpartynumber: input.counterpartyNumber ?? null,
    counterpartyidcode: input.counterpartyIdCode ?? null,
    amount: input.amount,
    msgtype: input.msgType ?? null,
    settlementclearingsystemcode: input.settlementClearingSystemCode ?? null,
    paymentclearingsystemreference: input.paymentClearingSystemReference ?? null,
    requestexecutiondate: input.requestExecutionDate ?? null,
    settlementdate: input.settlementDate ?? null,
    destinationcountry: input.destinationCountry ?? null,
    localinstrument: input.localInstrument ?? null,
    msgstatus: input.msgStatus ?? null,
    paymentmethod: input.paymentMethod ?? null,
    settlementmethod: input.settlementMethod ?? null,
    transactiontype: input.transactionType ?? null,
    verificationresult: input.verificationResult ?? null,
    numberoftransactions: input.numberOfTransactions ?? null,
    schemaversion: input.schemaVersion ?? null,
    usercode: input.userCode ?? null,
  };
}
