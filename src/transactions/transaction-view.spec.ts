import { toAmountView, toDirection, toTransactionView } from './transaction-view';
import type { TransactionRow } from './transaction.types';

function row(overrides: Partial<TransactionRow> = {}): TransactionRow {
  return {
    _id: 3,
    eventid: 'evt-1',
    transactionid: 'txn-1',
    eventtime: '2024-05-01 10:00:00.000',
    direction: 'outbound',
    eventtype: 'paymentNRT',
    creationdate: '2024-05-01T10:00:00',
    accountholdernationalid: '731102-4821-085',
    accountholderaccount: { accountId: '4021-1234567890', entityId: 'Absa Bank' },
    counterpartynationalid: '790101-5011-082',
    counterpartyaccount: null,
    tenantid: 'ABSAZAJJ',
    fromid: 'ABSAZAJJ',
    accountagentid: 'ABSAZAJJ',
    fromfibranchid: '632005',
    accountnumber: '4021-1234567890',
    toid: 'FIRNZAJJ',
    accountidcode: 'RTC10',
    counterpartyagentid: 'FIRNZAJJ',
    tofibranchid: '250655',
    counterpartynumber: '6230-0987654321',
    counterpartyidcode: 'RTC30',
    amount: { baseCurrency: 'USD', baseValue: 120.5, roe: 18.5, currency: 'ZA', value: 2229.25 },
    msgtype: 'RTCCT',
    settlementclearingsystemcode: 'EFT',
    paymentclearingsystemreference: 'REF000000001',
    requestexecutiondate: '2024-05-01',
    settlementdate: '2024-05-03',
    destinationcountry: 'ZAF',
    localinstrument: '42',
    msgstatus: 'Settlement',
    paymentmethod: 'TRF',
    settlementmethod: 'CLRG',
    transactiontype: '42',
    verificationresult: 'SUCC',
    numberoftransactions: 1,
    schemaversion: 0,
    usercode: '0000',
    created_at: new Date('2024-05-01T10:00:01Z'),
    ...overrides,
  };
}

describe('transaction views', () => {
  it('maps every column to its camelCase field', () => {
    expect(toTransactionView(row())).toEqual({
      id: 3,
      eventId: 'evt-1',
      transactionId: 'txn-1',
      eventTime: '2024-05-01 10:00:00.000',
      direction: 'OUTBOUND',
      eventType: 'paymentNRT',
      creationDate: '2024-05-01T10:00:00',
      accountHolderNationalId: '731102-4821-085',
      accountHolderAccount: { tenantId: null, branchId: null, accountId: '4021-1234567890', entityId: 'Absa Bank', accountType: null, openingDate: null, idCode: null },
      counterpartyNationalId: '790101-5011-082',
      counterpartyAccount: null,
      tenantId: 'ABSAZAJJ',
      fromId: 'ABSAZAJJ',
      accountAgentId: 'ABSAZAJJ',
      fromFIBranchId: '632005',
      accountNumber: '4021-1234567890',
      toId: 'FIRNZAJJ',
      accountIdCode: 'RTC10',
      counterpartyAgentId: 'FIRNZAJJ',
      toFIBranchId: '250655',
      counterpartyNumber: '6230-0987654321',
      counterpartyIdCode: 'RTC30',
      amount: { baseCurrency: 'USD', baseValue: 120.5, roe: 18.5, currency: 'ZA', value: 2229.25 },
      msgType: 'RTCCT',
      settlementClearingSystemCode: 'EFT',
      paymentClearingSystemReference: 'REF000000001',
      requestExecutionDate: '2024-05-01',
      settlementDate: '2024-05-03',
      destinationCountry: 'ZAF',
      localInstrument: '42',
      msgStatus: 'Settlement',
      paymentMethod: 'TRF',
      settlementMethod: 'CLRG',
      transactionType: '42',
      verificationResult: 'SUCC',
      numberOfTransactions: 1,
      schemaVersion: 0,
      userCode: '0000',
      createdAt: '2024-05-01T10:00:01.000Z',
    });
  });

  it('reads an amount that is not a JSON object as null, and fields of another type in it as null', () => {
    for (const value of [null, 'abc', 12, [1, 2]]) expect(toAmountView(value)).toBeNull();
    expect(toAmountView({ baseValue: '120.50', value: 10, currency: 710, roe: null })).toEqual({
      baseCurrency: null,
      baseValue: null,
      roe: null,
      currency: null,
      value: 10,
    });
    expect(toTransactionView(row({ amount: 'abc', accountholderaccount: [1] }))).toMatchObject({ amount: null, accountHolderAccount: null });
  });

  it('maps the two direction values the generator writes, and anything else to null', () => {
    expect(toDirection('outbound')).toBe('OUTBOUND');
    expect(toDirection('inbound')).toBe('INBOUND');
    for (const value of [null, '', 'sideways', 'OUTBOUND']) expect(toDirection(value)).toBeNull();
  });
});
