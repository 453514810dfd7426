import { TemplateError } from '../embedding/text-template';
import { EMPTY_TRANSACTION_TEXT, transactionText, TransactionTextInput } from './transaction-text';

const AMOUNT = '{"roe": 18.5, "value": 55500.0, "currency": "ZA", "baseValue": 3000.0, "baseCurrency": "USD"}';
const PAYER_ACCOUNT =
  '{"idCode": "RTC10", "branchId": "250655", "entityId": "FirstRand Bank", "tenantId": "FIRNZAJJ", "accountId": "1234-5678901234", "accountType": "Savings", "openingDate": "2015-04-01"}';
const PAYEE_ACCOUNT =
  '{"idCode": "RTC10", "branchId": "632005", "entityId": "Absa Bank", "tenantId": "ABSAZAJJ", "accountId": "9876-5432109876", "accountType": "Cheque", "openingDate": "2019-11-30"}';

const empty: TransactionTextInput = {
  eventtime: null,
  direction: null,
  eventtype: null,
  creationdate: null,
  accountholdernationalid: null,
  accountholderaccount: null,
  counterpartynationalid: null,
  counterpartyaccount: null,
  tenantid: null,
  fromid: null,
  accountagentid: null,
  fromfibranchid: null,
  accountnumber: null,
  toid: null,
  accountidcode: null,
  counterpartyagentid: null,
  tofibranchid: null,
  counterpartynumber: null,
  counterpartyidcode: null,
  amount: null,
  msgtype: null,
  settlementclearingsystemcode: null,
  paymentclearingsystemreference: null,
  requestexecutiondate: null,
  settlementdate: null,
  destinationcountry: null,
  localinstrument: null,
  msgstatus: null,
  paymentmethod: null,
  settlementmethod: null,
  transactiontype: null,
  verificationresult: null,
  numberoftransactions: null,
  schemaversion: null,
  usercode: null,
};

const outbound: TransactionTextInput = {
  ...empty,
  eventtime: '2026-01-01 00:00:01.125',
  direction: 'outbound',
  eventtype: 'paymentNRT',
  creationdate: '2026-01-01T00:00:01',
  accountholdernationalid: '731102-4821-085',
  accountholderaccount: PAYER_ACCOUNT,
  counterpartynationalid: '880214-5032-081',
  counterpartyaccount: PAYEE_ACCOUNT,
  tenantid: 'FIRNZAJJ',
  fromid: 'FIRNZAJJ',
  accountagentid: 'FIRNZAJJ',
  fromfibranchid: '250655',
  accountnumber: '1234-5678901234',
  toid: 'ABSAZAJJ',
  accountidcode: 'RTC10',
  counterpartyagentid: 'ABSAZAJJ',
  tofibranchid: '632005',
  counterpartynumber: '9876-5432109876',
  counterpartyidcode: 'RTC30',
  amount: AMOUNT,
  msgtype: 'RTCCT',
  settlementclearingsystemcode: 'EFT',
  paymentclearingsystemreference: '123456789',
  requestexecutiondate: '2026-01-02',
  settlementdate: '2026-01-05',
  destinationcountry: 'ZAF',
  localinstrument: '42',
  msgstatus: 'Settlement',
  paymentmethod: 'TRF',
  settlementmethod: 'CLRG',
  transactiontype: '42',
  verificationresult: 'SUCC',
  numberoftransactions: 1,
  schemaversion: 1,
  usercode: '0000',
};

describe('transaction text templates', () => {
  it('reference: every present column as "Label: value" in the original order, joined with ". "', () => {
    expect(transactionText(outbound, 'reference')).toBe(
      'Event time: 2026-01-01 00:00:01.125. Direction: outbound. Event type: paymentNRT. Creation date: 2026-01-01T00:00:01. ' +
        `Account holder national ID: 731102-4821-085. Account holder account: ${PAYER_ACCOUNT}. Counterparty national ID: 880214-5032-081. ` +
        `Counterparty account: ${PAYEE_ACCOUNT}. Tenant ID: FIRNZAJJ. From ID: FIRNZAJJ. Account agent ID: FIRNZAJJ. From FI branch ID: 250655. ` +
        'Account number: 1234-5678901234. To ID: ABSAZAJJ. Account ID code: RTC10. Counterparty agent ID: ABSAZAJJ. To FI branch ID: 632005. ' +
        `Counterparty number: 9876-5432109876. Counterparty ID code: RTC30. Amount: ${AMOUNT}. Message type: RTCCT. ` +
        'Settlement clearing system code: EFT. Payment clearing system reference: 123456789. Request execution date: 2026-01-02. ' +
        'Settlement date: 2026-01-05. Destination country: ZAF. Local instrument: 42. Message status: Settlement. Payment method: TRF. ' +
        'Settlement method: CLRG. Transaction type: 42. Verification result: SUCC. Number of transactions: 1. Schema version: 1. User code: 0000',
    );
  });

  it('reference: leaves out absent and empty values but keeps counts of 0; an empty row has the fallback text', () => {
    expect(transactionText({ ...empty, direction: 'inbound', eventtype: '', numberoftransactions: 0, schemaversion: 0 }, 'reference')).toBe(
      'Direction: inbound. Number of transactions: 0. Schema version: 0',
    );
    expect(transactionText(empty, 'reference')).toBe(EMPTY_TRANSACTION_TEXT);
    expect(transactionText(empty, 'informative')).toBe(EMPTY_TRANSACTION_TEXT);
  });

  it('informative: what, between whom and when first; identifiers and labels that say nothing left out', () => {
    expect(transactionText(outbound, 'informative')).toBe(
      'outbound paymentNRT of 55500.00 ZA (3000.00 USD at 18.5). ' +
        'Account holder 731102-4821-085 Savings account 1234-5678901234 at FirstRand Bank (FIRNZAJJ) branch 250655. ' +
        'Counterparty 880214-5032-081 Cheque account 9876-5432109876 at Absa Bank (ABSAZAJJ) branch 632005. ' +
        'Execution 2026-01-02 settlement 2026-01-05 via EFT reference 123456789 to ZAF. ' +
        'Created 2026-01-01T00:00:01 event time 2026-01-01 00:00:01.125. ' +
        'Message RTCCT Settlement payment method TRF settlement method CLRG transaction type 42 local instrument 42 verification SUCC. ' +
        'Tenant FIRNZAJJ from FIRNZAJJ to ABSAZAJJ account code RTC10 counterparty code RTC30 1 transaction schema 1 user 0000',
    );
  });

  it('informative: the amount, counterparties and dates come before the 256-word-piece window ends', () => {
    const text = transactionText(outbound, 'informative');
    const reference = transactionText(outbound, 'reference');
    // Character position is a fair proxy for word-piece position within one text.
    expect(text.indexOf('55500.00')).toBeLessThan(100);
    expect(reference.indexOf('55500.0')).toBeGreaterThan(text.indexOf('settlement 2026-01-05'));
  });

  it('informative: the mirrored leg uses the same words in other places', () => {
    const inbound: TransactionTextInput = {
      ...outbound,
      direction: 'inbound',
      accountholdernationalid: outbound.counterpartynationalid,
      counterpartynationalid: outbound.accountholdernationalid,
      accountholderaccount: outbound.counterpartyaccount,
      counterpartyaccount: outbound.accountholderaccount,
      accountnumber: outbound.counterpartynumber,
      counterpartynumber: outbound.accountnumber,
      accountagentid: outbound.counterpartyagentid,
      counterpartyagentid: outbound.accountagentid,
      fromfibranchid: outbound.tofibranchid,
      tofibranchid: outbound.fromfibranchid,
    };
    const bag = (text: string) =>
      text
        .split(/[\s.()]+/)
        .filter((w) => !['outbound', 'inbound', 'Account', 'Counterparty', 'holder'].includes(w))
        .sort();
    const a = bag(transactionText(outbound, 'informative'));
    const b = bag(transactionText(inbound, 'informative'));
    const shared = a.filter((word) => b.includes(word)).length;
    expect(shared / a.length).toBeGreaterThan(0.95);
  });

  it('informative: a JSON column of the wrong kind is a TemplateError naming the column; reference prints it as it is', () => {
    const bad = { ...outbound, amount: '"3000"' };
    expect(() => transactionText(bad, 'informative')).toThrow(new TemplateError('amount must be a JSON object, got string'));
    expect(() => transactionText({ ...outbound, counterpartyaccount: '[1, 2]' }, 'informative')).toThrow(/counterpartyaccount must be a JSON object, got array/);
    expect(transactionText(bad, 'reference')).toContain('Amount: "3000"');
  });

  it('informative: JSON null and missing fields are simply absent', () => {
    const text = transactionText({ ...empty, direction: 'outbound', amount: 'null', accountholderaccount: '{"accountId": "1111-2222333344"}' }, 'informative');
    expect(text).toBe('outbound. Account holder 1111-2222333344');
  });
});
