import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { sharedDir } from './helpers/shared-dir';
import { TestService } from './helpers/test-service';

/** The reference pair of payment events (camelCase, as the reference repository wrote them by hand). */
const samples: Array<Record<string, unknown>> = JSON.parse(readFileSync(sharedDir('data', 'finflow', 'misc', '1_90dd6456.json'), 'utf8'));

/** The sample's fields that the transactions table has, by column; the rest (totalAmount, chargeBearer, ...) has no column. */
const COLUMNS: Record<string, string> = {
  eventid: 'eventId',
  transactionid: 'transactionId',
  eventtime: 'eventTime',
  direction: 'direction',
  eventtype: 'eventType',
  creationdate: 'creationDate',
  tenantid: 'tenantId',
  fromid: 'fromId',
  accountagentid: 'accountAgentId',
  fromfibranchid: 'fromFIBranchId',
  accountnumber: 'accountNumber',
  toid: 'toId',
  accountidcode: 'accountIdCode',
  counterpartyagentid: 'counterpartyAgentId',
  tofibranchid: 'toFIBranchId',
  counterpartynumber: 'counterpartyNumber',
  counterpartyidcode: 'counterpartyIdCode',
  amount: 'amount',
  msgtype: 'msgType',
  settlementclearingsystemcode: 'settlementClearingSystemCode',
  paymentclearingsystemreference: 'paymentClearingSystemReference',
  requestexecutiondate: 'requestExecutionDate',
  settlementdate: 'settlementDate',
  destinationcountry: 'destinationCountry',
  localinstrument: 'localInstrument',
  msgstatus: 'msgStatus',
  paymentmethod: 'paymentMethod',
  settlementmethod: 'settlementMethod',
  transactiontype: 'transactionType',
  verificationresult: 'verificationResult',
  numberoftransactions: 'numberOfTransactions',
  schemaversion: 'schemaVersion',
  usercode: 'usercode',
};

/** The sample's amount as the file writes it (JSON.parse would turn 3000.00 into 3000; jsonb keeps it). */
const SAMPLE_AMOUNT_TEXT = '{"baseCurrency": "zar", "baseValue": 3000.00, "currency": "zar", "value": 3000.00}';

/**
 * The expected texts, written out from the reference rules (labelled parts in the spec's order, joined
 * with ". "; jsonb as Postgres prints it: keys ordered by length, then bytes; numbers as written).
 */
const AMOUNT = '{"value": 3000.00, "currency": "zar", "baseValue": 3000.00, "baseCurrency": "zar"}';
const EXPECTED_OUTBOUND =
  'Event time: 2023-08-01T12:59:02. Direction: outbound. Event type: paymentNRT. Creation date: 2023-08-01T12:59:02. ' +
  'Tenant ID: FIRNZAJJ. From ID: FIRNZAJJ. Account agent ID: FIRNZAJJ. From FI branch ID: 250655. Account number: 12345210003. ' +
  'To ID: ABSAZAJJ. Account ID code: RTC10. Counterparty agent ID: ABSAZAJJ. To FI branch ID: 632005. Counterparty number: 987654210016. ' +
  `Counterparty ID code: RTC30. Amount: ${AMOUNT}. Message type: RTCCT. Settlement clearing system code: RTC. ` +
  'Payment clearing system reference: 123456789. Request execution date: 2023-08-01. Settlement date: 2023-08-01. ' +
  'Destination country: ZAF. Local instrument: 42. Message status: Settlement. Payment method: TRF. Settlement method: CLRG. ' +
  'Transaction type: 42. Verification result: SUCC. Number of transactions: 1. Schema version: 1. User code: 0000';
const EXPECTED_INBOUND =
  'Event time: 2023-08-01T12:59:02. Direction: inbound. Event type: paymentNRT. Creation date: 2023-08-01T12:59:02. ' +
  'Tenant ID: ABSAZAJJ. From ID: FIRNZAJJ. Account agent ID: ABSAZAJJ. From FI branch ID: 250655. Account number: 987654210016. ' +
  'To ID: ABSAZAJJ. Account ID code: RTC30. Counterparty agent ID: FIRNZAJJ. To FI branch ID: 632005. Counterparty number: 12345210003. ' +
  `Counterparty ID code: RTC10. Amount: ${AMOUNT}. Message type: RTCCT. Settlement clearing system code: RTC. ` +
  'Payment clearing system reference: 123456789. Request execution date: 2023-08-01. Settlement date: 2023-08-01. ' +
  'Destination country: ZAF. Local instrument: 42. Message status: Settlement. Payment method: TRF. Settlement method: CLRG. ' +
  'Transaction type: 42. Verification result: SUCC. Number of transactions: 1. Schema version: 1. User code: 0000';

/** A holder in the generator's shape (there is no sample holder record), with its expected text. */
const HOLDER_ADDRESS = { streetAddress: '7 Loop Street', suburb: 'Bo-Kaap', town: 'Cape Town', province: 'Western Cape', country: 'South Africa', postalCode: '8001' };
const HOLDER_ACCOUNTS = {
  bankAccounts: [
    { tenantId: 'ABSAZAJJ', branchId: '632005', accountId: '1234-5678901234', entityId: 'Absa Bank', accountType: 'Savings', openingDate: '2015-04-01', idCode: 'RTC10' },
  ],
  creditCards: [],
};
const EXPECTED_HOLDER =
  'First name: Naledi. Last name: Mokoena. Date of birth: 1990-07-15. Gender: F. Children: 0. ' +
  'Address: {"town": "Cape Town", "suburb": "Bo-Kaap", "country": "South Africa", "province": "Western Cape", "postalCode": "8001", "streetAddress": "7 Loop Street"}. ' +
  'Accounts: {"creditCards": [], "bankAccounts": [{"idCode": "RTC10", "branchId": "632005", "entityId": "Absa Bank", "tenantId": "ABSAZAJJ", "accountId": "1234-5678901234", "accountType": "Savings", "openingDate": "2015-04-01"}]}. ' +
  'Email: naledi@example.co.za. Mobile: 072 555 0199';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe("finflow reference template (the original functions' texts)", () => {
  let service: TestService;
  let db: Client;

  beforeAll(async () => {
    service = await TestService.start('templates', {
      ACCOUNTHOLDER_TEXT_TEMPLATE: 'reference',
      TRANSACTION_TEXT_TEMPLATE: 'reference',
      CAPTURE_POLL_INTERVAL_MS: '200',
    });
    db = await service.db();
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('embeds exactly the reference texts of the sample payment pair and a generator-shaped holder', async () => {
    const columns = Object.keys(COLUMNS);
    const ids: number[] = [];
    for (const sample of samples) {
      expect(JSON.parse(SAMPLE_AMOUNT_TEXT)).toEqual(sample.amount);
      const values = columns.map((column) => {
        if (column === 'amount') return SAMPLE_AMOUNT_TEXT;
        // The hand-written sample's event ids ("<transactionId>o", "<transactionId>i") are one character
        // longer than the column the generator's rows use: keep the direction letter in 36.
        if (column === 'eventid') return `${String(sample.eventId).slice(0, 35)}${String(sample.eventId).slice(-1)}`;
        return sample[COLUMNS[column]];
      });
      const { rows } = await db.query(`INSERT INTO transactions (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING _id`, values);
      ids.push(rows[0]._id);
    }
    const { rows: holderRows } = await db.query(
      `INSERT INTO accountholders (nationalid, firstname, lastname, dob, gender, children, address, accounts, emailaddress, mobilephonenumber)
       VALUES ('900715-0456-087', 'Naledi', 'Mokoena', '1990-07-15', 'F', 0, $1, $2, 'naledi@example.co.za', '072 555 0199') RETURNING _id`,
      [JSON.stringify(HOLDER_ADDRESS), JSON.stringify(HOLDER_ACCOUNTS)],
    );
    const holderId = holderRows[0]._id;

    await service.waitFor(
      'the three rows embedded',
      async () => {
        const { rows } = await db.query(`SELECT (SELECT count(*) FROM transaction_embeddings) + (SELECT count(*) FROM accountholder_embeddings) AS n`);
        return Number(rows[0].n) === 3;
      },
      30000,
    );

    const expected: Array<[string, number, string]> = [
      ['transaction', ids[0], EXPECTED_OUTBOUND],
      ['transaction', ids[1], EXPECTED_INBOUND],
      ['accountholder', holderId, EXPECTED_HOLDER],
    ];
    for (const [entity, rowId, text] of expected) {
      // The stored hash is of the text the vector was made from.
      const { rows } = await db.query(`SELECT text_hash, embedding_template FROM ${entity}_embeddings WHERE row_id = $1`, [rowId]);
      expect(rows[0]).toEqual({ text_hash: md5(text), embedding_template: 'reference' });
      const { status, body } = await service.app.request('GET', `/admin/embeddings/text/${entity}/${rowId}`);
      expect(status).toBe(200);
      expect(body).toEqual({ entity, rowId, template: 'reference', model: 'wordpiece-bow-384', text, embedded: true });
    }
  });

  it('answers 404 for a row that is not there and 400 for a bad entity or id', async () => {
    expect((await service.app.request('GET', '/admin/embeddings/text/transaction/999999')).status).toBe(404);
    expect((await service.app.request('GET', '/admin/embeddings/text/planet/1')).status).toBe(400);
    expect((await service.app.request('GET', '/admin/embeddings/text/transaction/abc')).status).toBe(400);
  });
});
