import { DAY_MS, formatCreationDate, formatDate, formatPostgresTimestamp } from './finflow-formats';
import {
  AMOUNT_HIGH,
  AMOUNT_LOW,
  BASE_CURRENCY,
  CLEARING_SYSTEM_CODES,
  CURRENCY,
  DESTINATION_COUNTRY,
  EVENT_TYPES,
  MSG_TYPES,
  PAYEE_ID_CODE,
  PAYER_ID_CODE,
  PAYMENT_CONSTANTS,
  RATE_OF_EXCHANGE,
  REQUEST_EXECUTION_MAX_DAYS,
  SETTLEMENT_MAX_DAYS,
} from './finflow-reference';
import type { Amount, BankAccount, TransactionRow } from './finflow-rows';
import { SeededRandom, WeightedPick } from './seeded-random';
import { uuidV7 } from '../common/uuid-v7';

/** A side of a payment: a holder and the bank account the money leaves or reaches. */
export interface PaymentParty {
  nationalId: string;
  account: BankAccount;
}

/**
 * An amount in whole cents of the base currency: base 10.00-3000.00 USD, value = base x 18.5 rounded
 * half up to cents. Computed in integers (cents x 37 / 2), so 0.125 never becomes 0.12499999.
 */
export function amountFromBaseCents(baseCents: number): Amount {
  const valueCents = Math.floor((baseCents * RATE_OF_EXCHANGE * 2 + 1) / 2);
  return { baseCurrency: BASE_CURRENCY, baseValue: baseCents / 100, roe: RATE_OF_EXCHANGE, currency: CURRENCY, value: valueCents / 100 };
}

/**
 * The inbound twin of an outbound leg, as the reference's inbound generator derived it from the last
 * outbound row: a new eventId and its own event time; the same transactionId and payment details; the
 * account holder and counterparty swapped, with each agent, branch and number field taking its mirror
 * (tenantid and fromid from toid, toid from fromid, ...) and the idCodes RTC10/RTC30 swapped.
 */
export function mirrorInbound(outbound: TransactionRow, eventId: string, eventTime: string): TransactionRow {
  return {
    ...outbound,
    eventid: eventId,
    eventtime: eventTime,
    direction: 'inbound',
    accountholdernationalid: outbound.counterpartynationalid,
    accountholderaccount: outbound.counterpartyaccount,
    counterpartynationalid: outbound.accountholdernationalid,
    counterpartyaccount: outbound.accountholderaccount,
    tenantid: outbound.toid,
    fromid: outbound.toid,
    accountagentid: outbound.counterpartyagentid,
    fromfibranchid: outbound.tofibranchid,
    accountnumber: outbound.counterpartynumber,
    accountidcode: outbound.counterpartyidcode,
    toid: outbound.fromid,
    counterpartyagentid: outbound.accountagentid,
    tofibranchid: outbound.fromfibranchid,
    counterpartynumber: outbound.accountnumber,
    counterpartyidcode: outbound.accountidcode,
  };
}

/** Builds the two legs of a payment by the reference's rules and weights. */
export class PaymentBuilder {
  private readonly eventTypes = new WeightedPick(EVENT_TYPES);
  private readonly msgTypes = new WeightedPick(MSG_TYPES);
  private readonly clearingCodes = new WeightedPick(CLEARING_SYSTEM_CODES);

  constructor(private readonly random: SeededRandom) {}

  /** The payer's leg: account holder = payer, counterparty = payee. */
  outbound(payer: PaymentParty, payee: PaymentParty, nowMs: number): TransactionRow {
    const { random } = this;
    const eventid = uuidV7(nowMs, (count) => random.bytes(count));
    const transactionid = uuidV7(nowMs, (count) => random.bytes(count));
    return {
      eventid,
      transactionid,
      eventtime: formatPostgresTimestamp(nowMs),
      direction: 'outbound',
      eventtype: this.eventTypes.pick(random),
      creationdate: formatCreationDate(nowMs),
      accountholdernationalid: payer.nationalId,
      accountholderaccount: payer.account,
      counterpartynationalid: payee.nationalId,
      counterpartyaccount: payee.account,
      tenantid: payer.account.tenantId,
      fromid: payer.account.tenantId,
      accountagentid: payer.account.tenantId,
      fromfibranchid: payer.account.branchId,
      accountnumber: payer.account.accountId,
      accountidcode: PAYER_ID_CODE,
      toid: payee.account.tenantId,
      counterpartyagentid: payee.account.tenantId,
      tofibranchid: payee.account.branchId,
      counterpartynumber: payee.account.accountId,
      counterpartyidcode: PAYEE_ID_CODE,
      amount: amountFromBaseCents(random.int(AMOUNT_LOW * 100, AMOUNT_HIGH * 100)),
      msgtype: this.msgTypes.pick(random),
      settlementclearingsystemcode: this.clearingCodes.pick(random),
      paymentclearingsystemreference: random.digits(9),
      requestexecutiondate: formatDate(random.int(nowMs, nowMs + REQUEST_EXECUTION_MAX_DAYS * DAY_MS)),
      settlementdate: formatDate(random.int(nowMs, nowMs + SETTLEMENT_MAX_DAYS * DAY_MS)),
      destinationcountry: DESTINATION_COUNTRY,
      ...PAYMENT_CONSTANTS,
    };
  }

  /** The payee's leg of `outbound`, built at `nowMs` (one row later than the outbound leg). */
  inbound(outbound: TransactionRow, nowMs: number): TransactionRow {
    return mirrorInbound(
      outbound,
      uuidV7(nowMs, (count) => this.random.bytes(count)),
      formatPostgresTimestamp(nowMs),
    );
  }
}
