import type { Weighted } from './seeded-random';

/**
 * The reference generator's settings (its ShadowTraffic config.json and config.env), in one place.
 * Weights are the reference's own; day counts are its durations.
 */

/** config.env: COUNTRY, DEST_COUNTRY, BASECURRENCY, ROE, CURRENCY, TXN_AMNT_LOW/HIGH, NUM_ACCOUNTS, NUM_CREDCARDS. */
export const COUNTRY = 'South Africa';
export const DESTINATION_COUNTRY = 'ZAF';
export const BASE_CURRENCY = 'USD';
export const RATE_OF_EXCHANGE = 18.5;
export const CURRENCY = 'ZA';
export const AMOUNT_LOW = 10;
export const AMOUNT_HIGH = 3000;
export const MAX_BANK_ACCOUNTS = 6;
export const MAX_CREDIT_CARDS = 2;

export const CHILDREN_MAX = 5;
/** dob lies between 24780 and 6372 days (about 68 and 17 years) before the clock. */
export const DOB_OLDEST_DAYS = 24780;
export const DOB_YOUNGEST_DAYS = 6372;
/** Cards expire 10 to 1052 days after the clock (config.json: card_lower now + 10 days, card_upper now + 1052 days). */
export const CARD_EXPIRY_MIN_DAYS = 10;
export const CARD_EXPIRY_MAX_DAYS = 1052;
/** openingDate: uniform from this epoch millisecond (1970-01-02) up to the clock, as the reference bounds it. */
export const OPENING_DATE_EARLIEST_MS = 170_176_905;
export const REQUEST_EXECUTION_MAX_DAYS = 3;
export const SETTLEMENT_MAX_DAYS = 7;

export const BANK_ACCOUNT_ID_CODE = 'RTC10';
/** idCodes of the outbound leg's account holder and counterparty; the inbound leg swaps them. */
export const PAYER_ID_CODE = 'RTC10';
export const PAYEE_ID_CODE = 'RTC30';

export const GENDERS: Weighted<'M' | 'F'>[] = [
  { weight: 48, value: 'M' },
  { weight: 52, value: 'F' },
];

export const ACCOUNT_TYPES: Weighted<string>[] = [
  { weight: 3, value: 'Savings' },
  { weight: 8, value: 'Transaction' },
  { weight: 6, value: 'Cheque' },
  { weight: 5, value: 'Overdraft' },
];

export const CARD_TYPES: Weighted<string>[] = [
  { weight: 3, value: 'MasterCard' },
  { weight: 7, value: 'Visa' },
  { weight: 2, value: 'AmericanExpress' },
  { weight: 1, value: 'DinersClub' },
];

export const EVENT_TYPES: Weighted<string>[] = [
  { weight: 4, value: 'paymentRT' },
  { weight: 12, value: 'paymentNRT' },
];

export const MSG_TYPES: Weighted<string>[] = [
  { weight: 8, value: 'RTCCT' },
  { weight: 5, value: 'RTCCR' },
];

export const CLEARING_SYSTEM_CODES: Weighted<string>[] = [
  { weight: 4, value: 'RTC' },
  { weight: 8, value: 'EFT' },
  { weight: 5, value: 'DC' },
  { weight: 3, value: 'RPP' },
];

/** Fields every outbound leg has (the inbound leg copies them). */
export const PAYMENT_CONSTANTS = {
  localinstrument: '42',
  msgstatus: 'Settlement',
  paymentmethod: 'TRF',
  settlementmethod: 'CLRG',
  transactiontype: '42',
  verificationresult: 'SUCC',
  numberoftransactions: 1,
  schemaversion: 1,
  usercode: '0000',
} as const;
