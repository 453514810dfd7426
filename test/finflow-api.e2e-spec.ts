import { Client } from 'pg';
import type { AppProcess } from './helpers/app-process';
import { TestService } from './helpers/test-service';

const EMBEDDING_FIELDS = 'embedding { state model template dimensions embeddedAt truncated error attempts stale }';
const BANK_ACCOUNT_FIELDS = 'tenantId branchId accountId entityId accountType openingDate idCode';
const HOLDER_FIELDS = `id nationalId firstName lastName dob gender children
  address { streetAddress suburb town province country postalCode }
  accounts { bankAccounts { ${BANK_ACCOUNT_FIELDS} } creditCards { cardNumber cardType expDate issuingBank tenantId } }
  emailAddress mobilePhoneNumber createdAt`;
const LEG_FIELDS = `id eventId transactionId eventTime direction eventType creationDate
  accountHolderNationalId accountHolderAccount { ${BANK_ACCOUNT_FIELDS} } counterpartyNationalId counterpartyAccount { ${BANK_ACCOUNT_FIELDS} }
  tenantId fromId accountAgentId fromFIBranchId accountNumber toId accountIdCode counterpartyAgentId toFIBranchId
  counterpartyNumber counterpartyIdCode amount { baseCurrency baseValue roe currency value } msgType
  settlementClearingSystemCode paymentClearingSystemReference requestExecutionDate settlementDate destinationCountry
  localInstrument msgStatus paymentMethod settlementMethod transactionType verificationResult numberOfTransactions
  schemaVersion userCode createdAt`;

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Party {
  nationalId: string;
  account: Record<string, string>;
}

const party = (nationalId: string, tenantId: string, branchId: string, accountId: string, entityId: string, accountType: string): Party => ({
  nationalId,
  account: { tenantId, branchId, accountId, entityId, accountType, openingDate: '2015-06-01', idCode: 'RTC10' },
});

const thandi = party('840312-0101-081', 'ABSAZAJJ', '632005', '4021-1234567890', 'Absa Bank', 'Savings');
const pieter = party('790101-5011-082', 'FIRNZAJJ', '250655', '6230-0987654321', 'First National Bank', 'Cheque');
const naledi = party('551111-0404-085', 'NEDSZAJJ', '198765', '1188-5550001111', 'Nedbank', 'Transaction');
const sipho = party('700505-0202-083', 'SBZAZAJJ', '051001', '3344-7778889990', 'Standard Bank', 'Overdraft');

/** An outbound leg as the generator writes it (TransactionInput fields). */
function outbound(from: Party, to: Party, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    direction: 'OUTBOUND',
    eventTime: '2024-05-01 10:00:00.000',
    eventType: 'paymentNRT',
    creationDate: '2024-05-01T10:00:00',
    accountHolderNationalId: from.nationalId,
    accountHolderAccount: from.account,
    counterpartyNationalId: to.nationalId,
    counterpartyAccount: to.account,
    tenantId: from.account.tenantId,
    fromId: from.account.tenantId,
    accountAgentId: from.account.tenantId,
    fromFIBranchId: from.account.branchId,
    accountNumber: from.account.accountId,
    toId: to.account.tenantId,
    accountIdCode: 'RTC10',
    counterpartyAgentId: to.account.tenantId,
    toFIBranchId: to.account.branchId,
    counterpartyNumber: to.account.accountId,
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
    schemaVersion: 1,
    userCode: '0000',
    ...extra,
  };
}

/** The inbound twin the generator writes after an outbound leg: same transaction, the parties mirrored. */
function inboundTwin(leg: Record<string, any>): Record<string, unknown> {
  return {
    ...leg,
    direction: 'INBOUND',
    accountHolderNationalId: leg.counterpartyNationalId,
    accountHolderAccount: leg.counterpartyAccount,
    counterpartyNationalId: leg.accountHolderNationalId,
    counterpartyAccount: leg.accountHolderAccount,
    tenantId: leg.toId,
    fromId: leg.toId,
    accountAgentId: leg.counterpartyAgentId,
    fromFIBranchId: leg.toFIBranchId,
    accountNumber: leg.counterpartyNumber,
    accountIdCode: 'RTC30',
    toId: leg.fromId,
    counterpartyAgentId: leg.accountAgentId,
    toFIBranchId: leg.fromFIBranchId,
    counterpartyNumber: leg.accountNumber,
    counterpartyIdCode: 'RTC10',
  };
}

function holderInput(nationalId: string, firstName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    nationalId,
    firstName,
    lastName: 'Dlamini',
    dob: '1984-03-12',
    gender: 'F',
    children: 2,
    address: { streetAddress: '12 Long Street', suburb: 'Gardens', town: 'Cape Town', province: 'Western Cape', country: 'South Africa', postalCode: '8001' },
    accounts: {
      bankAccounts: [thandi.account, { ...pieter.account, accountId: '6230-0000000001' }],
      creditCards: [{ cardNumber: '4111-1111-1111-1111', cardType: 'Visa', expDate: '08/27', issuingBank: 'Absa Bank', tenantId: 'ABSAZAJJ' }],
    },
    emailAddress: `${firstName.toLowerCase()}@example.co.za`,
    mobilePhoneNumber: '+27 82 555 0101',
    ...extra,
  };
}

/**
 * The financial-flow GraphQL API through the real service: mutations that write the source tables like
 * any other program, rows written with plain SQL, embedding states, similarity and search over the
 * stand-in model's vectors, and typed errors for bad input that leave the tables unchanged.
 */
describe('finflow GraphQL API', () => {
  let service: TestService;
  let app: AppProcess;
  let db: Client;

  const gql = (query: string, variables?: Record<string, unknown>) => app.graphql(query, variables);
  const count = async (table: string): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const addHolder = async (holder: Record<string, unknown>) => {
    const answer = await gql(`mutation($h: AccountHolderInput!) { AddAccountHolder(holder: $h) { ${HOLDER_FIELDS} ${EMBEDDING_FIELDS} } }`, { h: holder });
    expect(answer.errors).toBeUndefined();
    return answer.data.AddAccountHolder;
  };
  const addLeg = async (leg: Record<string, unknown>) => {
    const answer = await gql(`mutation($t: TransactionInput!) { AddTransaction(transaction: $t) { ${LEG_FIELDS} ${EMBEDDING_FIELDS} } }`, { t: leg });
    expect(answer.errors).toBeUndefined();
    return answer.data.AddTransaction;
  };
  const holderState = async (nationalId: string) =>
    (await gql(`query($n: String!) { AccountHolder(nationalId: $n) { id ${EMBEDDING_FIELDS} } }`, { n: nationalId })).data.AccountHolder;
  const legStates = async () => (await gql(`{ Transactions(limit: 1000) { id eventId ${EMBEDDING_FIELDS} } }`)).data.Transactions as any[];
  const legState = async (id: number) => (await legStates()).find((leg) => leg.id === id);
  const waitForLegs = (what: string, ids: number[], state = 'EMBEDDED') =>
    service.waitFor(
      what,
      async () => {
        const legs = await legStates();
        return ids.every((id) => legs.find((leg) => leg.id === id)?.embedding.state === state);
      },
      30000,
    );
  const waitForHolder = (nationalId: string, state = 'EMBEDDED') =>
    service.waitFor(`holder ${nationalId} ${state}`, async () => (await holderState(nationalId))?.embedding.state === state, 30000);

  beforeAll(async () => {
    // Failed rows are retried with backoff before they count as failed: three quick attempts here.
    service = await TestService.start('finflow-api', { CAPTURE_POLL_INTERVAL_MS: '200', QUEUE_ATTEMPTS: '3', QUEUE_BACKOFF_MS: '100' });
    app = service.app;
    db = await service.db();
  });

  afterAll(async () => {
    await service?.stop();
  });

  describe('mutations', () => {
    it('AddAccountHolder stores the holder in the source table, and the holder becomes EMBEDDED', async () => {
      const input = holderInput(thandi.nationalId, 'Thandi');
      const { embedding, id, createdAt, ...stored } = await addHolder(input);
      expect(stored).toEqual(input);
      expect(Number.isInteger(id)).toBe(true);
      // DateTime: ISO-8601 in UTC.
      expect(createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(createdAt)).toBeGreaterThan(Date.now() - 60000);
      expect(['PENDING', 'EMBEDDED']).toContain(embedding.state);

      const { rows } = await db.query('SELECT nationalid, firstname, dob, children, address, accounts, emailaddress FROM accountholders WHERE _id = $1', [id]);
      expect(rows[0]).toEqual({
        nationalid: input.nationalId,
        firstname: 'Thandi',
        dob: '1984-03-12',
        children: 2,
        address: input.address,
        accounts: input.accounts,
        emailaddress: 'thandi@example.co.za',
      });

      await waitForHolder(thandi.nationalId);
      const embedded = (await holderState(thandi.nationalId)).embedding;
      expect(embedded).toEqual({
        state: 'EMBEDDED',
        model: 'wordpiece-bow-384',
        template: 'informative',
        dimensions: 384,
        embeddedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        truncated: false,
        error: null,
        attempts: null,
        stale: false,
      });
      expect(Date.parse(embedded.embeddedAt)).toBeGreaterThanOrEqual(Date.parse(createdAt));
    });

    it('AddTransaction stores a leg with generated UUIDv7 ids, and its twin with the same transactionId', async () => {
      const input = outbound(thandi, pieter);
      const { embedding: _embedding, id, createdAt: _createdAt, eventId, transactionId, ...stored } = await addLeg(input);
      expect(stored).toEqual(input);
      expect(eventId).toMatch(UUID_V7);
      expect(transactionId).toMatch(UUID_V7);
      expect(eventId).not.toBe(transactionId);
      const { rows } = await db.query('SELECT eventid, direction, accountnumber, fromfibranchid, usercode, amount FROM transactions WHERE _id = $1', [id]);
      expect(rows[0]).toEqual({
        eventid: eventId,
        direction: 'outbound',
        accountnumber: thandi.account.accountId,
        fromfibranchid: '632005',
        usercode: '0000',
        amount: input.amount,
      });

      const twin = await addLeg(inboundTwin({ ...input, transactionId }));
      expect(twin).toMatchObject({ transactionId, direction: 'INBOUND', accountNumber: pieter.account.accountId, counterpartyNationalId: thandi.nationalId });
      expect(twin.eventId).toMatch(UUID_V7);

      const given = await addLeg(outbound(naledi, sipho, { eventId: 'evt-given-1', transactionId: 'txn-given-1' }));
      expect(given).toMatchObject({ eventId: 'evt-given-1', transactionId: 'txn-given-1' });

      await waitForLegs('the three legs embedded', [id, twin.id, given.id]);
      expect((await legState(id)).embedding).toMatchObject({ state: 'EMBEDDED', model: 'wordpiece-bow-384', dimensions: 384, stale: false });
    });
  });

  it('shows rows written with plain SQL as PENDING until their job ran, then EMBEDDED', async () => {
    await app.request('POST', '/admin/queues/accountholders/pause');
    await app.request('POST', '/admin/queues/transactions/pause');
    let holderId: number;
    let legId: number;
    try {
      holderId = (await db.query(`INSERT INTO accountholders (nationalid, firstname, lastname) VALUES ('660606-0303-084', 'Lerato', 'Mokoena') RETURNING _id`)).rows[0]._id;
      legId = (await db.query(`INSERT INTO transactions (eventid, transactionid, direction, amount) VALUES ('evt-sql-1', 'txn-sql-1', 'outbound', '{"value": 10}') RETURNING _id`))
        .rows[0]._id;
      // Relayed into the paused queues: the jobs wait, the rows stay without a vector.
      await service.waitFor('outbox relayed', async () => (await count('capture_outbox')) === 0, 10000);
      expect(await holderState('660606-0303-084')).toEqual({
        id: holderId,
        embedding: { state: 'PENDING', model: null, template: null, dimensions: null, embeddedAt: null, truncated: null, error: null, attempts: null, stale: null },
      });
      expect((await legState(legId)).embedding.state).toBe('PENDING');
    } finally {
      await app.request('POST', '/admin/queues/accountholders/resume');
      await app.request('POST', '/admin/queues/transactions/resume');
    }
    await waitForHolder('660606-0303-084');
    await waitForLegs('the SQL leg embedded', [legId!]);
  });

  describe('refuses bad input with BAD_USER_INPUT naming the field, and writes nothing', () => {
    const long = (n: number) => 'x'.repeat(n);
    const badHolders: Array<[string, Record<string, unknown>]> = [
      ['nationalId', { nationalId: '7311024821085' }],
      ['nationalId', { nationalId: '731102-4821-08512' }],
      ['firstName', { firstName: long(101) }],
      ['lastName', { lastName: long(101) }],
      ['dob', { dob: '1990-02-30' }],
      ['dob', { dob: '12/03/1984' }],
      ['gender', { gender: long(11) }],
      ['children', { children: 51 }],
      ['children', { children: -1 }],
      ['emailAddress', { emailAddress: 'not-an-email' }],
      ['emailAddress', { emailAddress: `${long(95)}@example.com` }],
      ['mobilePhoneNumber', { mobilePhoneNumber: long(21) }],
      ['address.postalCode', { address: { town: 'Cape Town', postalCode: long(21) } }],
      ['accounts.bankAccounts[1].accountId', { accounts: { bankAccounts: [thandi.account, { accountId: '1234-12345678901' + '23' }] } }],
      ['accounts.bankAccounts[0].openingDate', { accounts: { bankAccounts: [{ openingDate: '2015-13-01' }] } }],
      ['accounts.creditCards[0].expDate', { accounts: { creditCards: [{ cardType: 'Visa', expDate: '13/27' }] } }],
    ];
    it.each(badHolders)('AddAccountHolder: %s', async (field, change) => {
      const before = await count('accountholders');
      const answer = await gql('mutation($h: AccountHolderInput!) { AddAccountHolder(holder: $h) { id } }', { h: holderInput('800101-0000-081', 'Bad', change) });
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(answer.errors![0].message).toContain(field);
      expect(await count('accountholders')).toBe(before);
    });

    const badLegs: Array<[string, Record<string, unknown>]> = [
      ['eventId', { eventId: long(37) }],
      ['eventId', { eventId: '' }],
      ['transactionId', { transactionId: long(37) }],
      ['accountNumber', { accountNumber: long(17) }],
      ['fromFIBranchId', { fromFIBranchId: '1234567' }],
      ['msgStatus', { msgStatus: long(13) }],
      ['userCode', { userCode: '00000' }],
      ['settlementDate', { settlementDate: '2024-02-30' }],
      ['numberOfTransactions', { numberOfTransactions: -1 }],
      ['counterpartyAccount.branchId', { counterpartyAccount: { ...pieter.account, branchId: '1234567' } }],
      ['amount.baseValue', { amount: { baseValue: -1, value: 10 } }],
      ['amount.value', { amount: { baseValue: 1, value: -0.01 } }],
      ['amount.baseCurrency', { amount: { baseCurrency: 'USDX', baseValue: 1, value: 1 } }],
    ];
    it.each(badLegs)('AddTransaction: %s', async (field, change) => {
      const before = await count('transactions');
      const answer = await gql('mutation($t: TransactionInput!) { AddTransaction(transaction: $t) { id } }', { t: outbound(naledi, thandi, change) });
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(await count('transactions')).toBe(before);
    });

    it.each([
      ['limit', '{ AccountHolders(limit: -1) { id } }'],
      ['limit', '{ Transactions(limit: 1001) { id } }'],
      ['offset', '{ Transactions(offset: -1) { id } }'],
      ['after', '{ Transactions(after: -1) { id } }'],
      ['after', '{ AccountHolders(offset: 2, after: 1) { id } }'],
      ['limit', `{ SimilarTransactions(eventId: "evt-given-1", limit: 1001) { score } }`],
      ['eventId', '{ SimilarTransactions(eventId: "no-such-event") { score } }'],
      ['nationalId', '{ SimilarAccountHolders(nationalId: "000000-0000-000") { score } }'],
      ['text', '{ TransactionSearch(text: "   ") { score } }'],
    ])('queries: %s in %s', async (field, query) => {
      const answer = await gql(query);
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    });
  });

  describe('queries', () => {
    it('lists holders by id with paging, and finds the newest holder of a national id', async () => {
      const ids: number[] = (await db.query('SELECT _id FROM accountholders ORDER BY _id')).rows.map((row) => row._id);
      expect(ids.length).toBeGreaterThanOrEqual(2);
      expect((await gql('{ AccountHolders(limit: 1000) { id } }')).data.AccountHolders.map((h: any) => h.id)).toEqual(ids);
      expect((await gql('{ AccountHolders(limit: 1, offset: 1) { id } }')).data.AccountHolders.map((h: any) => h.id)).toEqual([ids[1]]);
      expect((await gql('{ AccountHolders(limit: 0) { id } }')).data.AccountHolders).toEqual([]);
      // By cursor: each page starts after the last id of the one before, and the walk ends with an empty page.
      const walked: number[] = [];
      for (let after: number | null = null, pages = 0; pages <= ids.length; pages++) {
        const page: number[] = (await gql(`{ AccountHolders(limit: 1${after === null ? '' : `, after: ${after}`}) { id } }`)).data.AccountHolders.map((h: any) => h.id);
        if (page.length === 0) break;
        walked.push(...page);
        after = page[page.length - 1];
      }
      expect(walked).toEqual(ids);
      const legIds: number[] = (await db.query('SELECT _id FROM transactions ORDER BY _id')).rows.map((row) => row._id);
      expect((await gql(`{ Transactions(limit: 1000, after: ${legIds[0]}) { id } }`)).data.Transactions.map((t: any) => t.id)).toEqual(legIds.slice(1));

      // nationalid is not unique in the source table: the row written last is the holder.
      const { rows } = await db.query(`INSERT INTO accountholders (nationalid, firstname) VALUES ('650101-0101-089', 'First'), ('650101-0101-089', 'Second') RETURNING _id`);
      const found = (await gql('{ AccountHolder(nationalId: "650101-0101-089") { id firstName } }')).data.AccountHolder;
      expect(found).toEqual({ id: Math.max(...rows.map((row) => row._id)), firstName: 'Second' });
      expect((await gql('{ AccountHolder(nationalId: "000000-0000-000") { id } }')).data.AccountHolder).toBeNull();
    });

    it('lists legs by id, filtered by account number and direction, with paging', async () => {
      const ids = async (where: string, params: unknown[] = []) => (await db.query(`SELECT _id FROM transactions ${where} ORDER BY _id`, params)).rows.map((row) => row._id);
      const listed = async (args: string) => (await gql(`{ Transactions(${args}) { id direction accountNumber } }`)).data.Transactions;

      const all = await ids('');
      expect((await listed('limit: 1000')).map((leg: any) => leg.id)).toEqual(all);
      expect((await listed('limit: 2, offset: 1')).map((leg: any) => leg.id)).toEqual(all.slice(1, 3));

      const outbound = await listed('limit: 1000, direction: OUTBOUND');
      expect(outbound.map((leg: any) => leg.id)).toEqual(await ids(`WHERE direction = 'outbound'`));
      expect(outbound.every((leg: any) => leg.direction === 'OUTBOUND')).toBe(true);
      expect((await listed('limit: 1000, direction: INBOUND')).map((leg: any) => leg.id)).toEqual(await ids(`WHERE direction = 'inbound'`));

      const ofThandi = await listed(`limit: 1000, accountNumber: "${thandi.account.accountId}"`);
      expect(ofThandi.map((leg: any) => leg.id)).toEqual(await ids('WHERE accountnumber = $1', [thandi.account.accountId]));
      expect(ofThandi.length).toBeGreaterThan(0);
      expect(await listed(`limit: 1000, accountNumber: "${thandi.account.accountId}", direction: INBOUND`)).toEqual([]);
    });

    it('TransactionPair answers both legs of a transaction, and null for a leg not written yet', async () => {
      const out = await addLeg(outbound(pieter, naledi, { transactionId: 'txn-pair-1', eventId: 'evt-pair-out' }));
      const half = (await gql('{ TransactionPair(transactionId: "txn-pair-1") { transactionId outbound { id eventId } inbound { id } } }')).data.TransactionPair;
      expect(half).toEqual({ transactionId: 'txn-pair-1', outbound: { id: out.id, eventId: 'evt-pair-out' }, inbound: null });

      const inb = await addLeg(inboundTwin({ ...outbound(pieter, naledi), transactionId: 'txn-pair-1' }));
      const pair = (await gql(`{ TransactionPair(transactionId: "txn-pair-1") { transactionId outbound { id direction } inbound { id direction accountNumber } } }`)).data
        .TransactionPair;
      expect(pair).toEqual({
        transactionId: 'txn-pair-1',
        outbound: { id: out.id, direction: 'OUTBOUND' },
        inbound: { id: inb.id, direction: 'INBOUND', accountNumber: naledi.account.accountId },
      });
      expect((await gql('{ TransactionPair(transactionId: "no-such-txn") { outbound { id } inbound { id } } }')).data.TransactionPair).toEqual({ outbound: null, inbound: null });
    });
  });

  describe('similarity and search', () => {
    it('SimilarTransactions ranks the mirrored twin first and never answers the leg itself', async () => {
      const out = await addLeg(
        outbound(sipho, thandi, {
          eventId: 'evt-sim-out',
          transactionId: 'txn-sim-1',
          amount: { baseCurrency: 'USD', baseValue: 2999.99, roe: 18.5, currency: 'ZA', value: 55499.82 },
        }),
      );
      const twin = await addLeg(inboundTwin({ ...outbound(sipho, thandi), transactionId: 'txn-sim-1', amount: out.amount, eventId: 'evt-sim-in' }));
      // An unrelated leg: other parties, amount, dates and codes.
      await addLeg(outbound(naledi, pieter, { eventType: 'paymentRT', msgType: 'RTCCR', settlementClearingSystemCode: 'RTC', settlementDate: '2024-09-09' }));
      await waitForLegs(
        'all legs embedded',
        (await legStates()).map((leg) => leg.id),
      );

      const similar = async (eventId: string, limit = 10) =>
        (await gql(`{ SimilarTransactions(eventId: "${eventId}", limit: ${limit}) { score transaction { id eventId } } }`)).data.SimilarTransactions as any[];
      const ranked = await similar('evt-sim-out');
      expect(ranked[0].transaction).toEqual({ id: twin.id, eventId: 'evt-sim-in' });
      expect(ranked.map((entry) => entry.transaction.id)).not.toContain(out.id);
      expect(ranked.length).toBe(Math.min(10, (await count('transactions')) - 1));
      for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].score).toBeGreaterThanOrEqual(ranked[i].score);
      expect(ranked[0].score).toBeGreaterThan(0.8);
      expect(ranked[0].score).toBeLessThanOrEqual(1 + 1e-6);
      expect(await similar('evt-sim-out', 1)).toEqual([ranked[0]]);

      // Only vectors of the current model are compared: one made by another model is left out and stale.
      await db.query(`UPDATE transaction_embeddings SET embedding_model = 'retired-model' WHERE row_id = $1`, [twin.id]);
      try {
        expect((await similar('evt-sim-out')).map((entry) => entry.transaction.id)).not.toContain(twin.id);
        expect(await similar('evt-sim-in')).toEqual([]);
        expect((await legState(twin.id)).embedding).toMatchObject({ state: 'EMBEDDED', model: 'retired-model', stale: true });
      } finally {
        await db.query(`UPDATE transaction_embeddings SET embedding_model = 'wordpiece-bow-384' WHERE row_id = $1`, [twin.id]);
      }
    });

    it('SimilarTransactions is empty while the leg is not embedded yet', async () => {
      await app.request('POST', '/admin/queues/transactions/pause');
      try {
        await addLeg(outbound(thandi, sipho, { eventId: 'evt-not-yet' }));
        expect((await gql('{ SimilarTransactions(eventId: "evt-not-yet") { score } }')).data.SimilarTransactions).toEqual([]);
      } finally {
        await app.request('POST', '/admin/queues/transactions/resume');
      }
    });

    it('SimilarAccountHolders ranks a near-identical holder first and never answers the holder itself', async () => {
      await addHolder(holderInput(pieter.nationalId, 'Thandiwe'));
      await addHolder(
        holderInput(naledi.nationalId, 'Johannes', {
          lastName: 'van der Merwe',
          dob: '1951-11-11',
          gender: 'M',
          children: 0,
          address: { streetAddress: '3 Kerk Straat', suburb: 'Brandwag', town: 'Bloemfontein', province: 'Free State', country: 'South Africa', postalCode: '9301' },
          accounts: { bankAccounts: [naledi.account], creditCards: [{ cardType: 'DinersClub', expDate: '01/26', issuingBank: 'Nedbank' }] },
        }),
      );
      for (const nationalId of [pieter.nationalId, naledi.nationalId]) await waitForHolder(nationalId);

      const ranked = (await gql(`{ SimilarAccountHolders(nationalId: "${thandi.nationalId}", limit: 100) { score holder { nationalId firstName } } }`)).data
        .SimilarAccountHolders as any[];
      expect(ranked[0].holder).toEqual({ nationalId: pieter.nationalId, firstName: 'Thandiwe' });
      expect(ranked.map((entry) => entry.holder.nationalId)).not.toContain(thandi.nationalId);
      const johannes = ranked.find((entry) => entry.holder.nationalId === naledi.nationalId);
      expect(ranked[0].score).toBeGreaterThan(johannes.score);
    });

    it('TransactionSearch finds the leg whose text has the query words first', async () => {
      const wanted = await addLeg(outbound(naledi, sipho, { destinationCountry: 'Botswana', counterpartyAccount: { ...sipho.account, entityId: 'Grindrod Bank' } }));
      await waitForLegs('the searched leg embedded', [wanted.id]);
      const found = (await gql('{ TransactionSearch(text: "payment to Botswana at Grindrod Bank", limit: 3) { score transaction { id destinationCountry } } }')).data
        .TransactionSearch;
      expect(found).toHaveLength(3);
      expect(found[0].transaction).toEqual({ id: wanted.id, destinationCountry: 'Botswana' });
      expect(found[0].score).toBeGreaterThan(found[1].score);
    });
  });

  it('shows a row its template cannot render as FAILED with the reason, without a vector, its odd JSON as null', async () => {
    const legId = (
      await db.query(
        `INSERT INTO transactions (eventid, transactionid, direction, amount, counterpartyaccount)
         VALUES ('evt-odd-1', 'txn-odd-1', 'sideways', '"abc"'::jsonb, '{"accountId": 12345, "entityId": "Odd Bank"}') RETURNING _id`,
      )
    ).rows[0]._id;
    const holderId = (
      await db.query(
        `INSERT INTO accountholders (nationalid, firstname, address, accounts)
         VALUES ('610101-0101-086', 'Odd', '"just text"', '{"bankAccounts": "none", "creditCards": [1, {"cardType": 5, "issuingBank": "Odd Bank"}]}')
         RETURNING _id`,
      )
    ).rows[0]._id;
    await waitForLegs('the odd leg failed', [legId], 'FAILED');
    await waitForHolder('610101-0101-086', 'FAILED');

    const leg = (await gql(`{ TransactionPair(transactionId: "txn-odd-1") { outbound { id } inbound { id } } }`)).data.TransactionPair;
    expect(leg).toEqual({ outbound: null, inbound: null });
    const listed = (await gql(`{ Transactions(limit: 1000) { id direction amount { value } counterpartyAccount { accountId entityId } ${EMBEDDING_FIELDS} } }`)).data.Transactions;
    expect(listed.find((row: any) => row.id === legId)).toEqual({
      id: legId,
      direction: null,
      amount: null,
      counterpartyAccount: { accountId: null, entityId: 'Odd Bank' },
      embedding: {
        state: 'FAILED',
        model: null,
        template: null,
        dimensions: null,
        embeddedAt: null,
        truncated: null,
        error: expect.stringMatching(/amount must be a JSON object/),
        attempts: 3,
        stale: null,
      },
    });
    expect((await db.query('SELECT count(*)::int AS n FROM transaction_embeddings WHERE row_id = $1', [legId])).rows[0].n).toBe(0);

    const holder = (
      await gql(
        `{ AccountHolder(nationalId: "610101-0101-086") { id address { town } accounts { bankAccounts { accountId } creditCards { cardType issuingBank } } ${EMBEDDING_FIELDS} } }`,
      )
    ).data.AccountHolder;
    expect(holder).toMatchObject({
      id: holderId,
      address: null,
      accounts: { bankAccounts: null, creditCards: [{ cardType: null, issuingBank: 'Odd Bank' }] },
      embedding: { state: 'FAILED', error: expect.stringMatching(/address must be a JSON object/), attempts: 3 },
    });
    expect((await gql('{ SimilarTransactions(eventId: "evt-odd-1") { score } }')).data.SimilarTransactions).toEqual([]);
  });
});
