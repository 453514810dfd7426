import { Client } from 'pg';
import { runCli } from './helpers/run-cli';
import { TestService } from './helpers/test-service';

const generate = (args: string[], env: Record<string, string>) => runCli('generate', args, env);

/**
 * The data generator against the real service: it writes straight into the source tables of the
 * service's database (DATABASE_URL, or the embedded one found through DATA_DIR's lock file; no Redis and
 * no model of its own),
 * and the service's capture trigger, relay and workers embed every row it wrote.
 */
describe('finflow generator (real service, database, capture, embeddings)', () => {
  let service: TestService;
  let db: Client;
  const measured: Record<string, number> = {};

  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);

  beforeAll(async () => {
    service = await TestService.start('generator', { CAPTURE_POLL_INTERVAL_MS: '200' });
    db = await service.db();
  });

  afterAll(async () => {
    await service?.stop();
    if (Object.keys(measured).length > 0) process.stdout.write(`finflow generator timings (ms): ${JSON.stringify(measured)}\n`);
  });

  it('refuses an odd transaction count with exit code 2 and writes nothing', async () => {
    const run = await generate(['--holders', '10', '--transactions', '3'], { DATA_DIR: service.dataDir, ...service.database.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--transactions counts rows, two per payment');
    expect(run.stderr).toContain('usage: npm run generate');
    expect(await count('SELECT count(*) AS n FROM transactions')).toBe(0);
  });

  it('writes 1000 holders and 2000 mirrored transaction legs that the service then embeds', async () => {
    const run = await generate(['--holders', '1000', '--transactions', '2000', '--seed', '7', '--json'], { DATA_DIR: service.dataDir, ...service.database.env });
    const generatedAt = Date.now();
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({
      holders: 1000,
      transactions: 2000,
      payments: 1000,
      seed: 7,
      start: '2026-01-01T00:00:00.000Z',
      rate: null,
      interrupted: false,
    });
    measured.generateCommandMs = run.ms;
    measured.generateWriteMs = summary.durationMs;

    expect(await count('SELECT count(*) AS n FROM accountholders')).toBe(1000);
    expect(await count('SELECT count(*) AS n FROM transactions')).toBe(2000);

    // Every transactionid: exactly one outbound and one inbound leg.
    expect(await count('SELECT count(DISTINCT transactionid) AS n FROM transactions')).toBe(1000);
    expect(
      await count(`SELECT count(*) AS n FROM (
        SELECT transactionid FROM transactions GROUP BY transactionid
        HAVING count(*) FILTER (WHERE direction = 'outbound') <> 1 OR count(*) FILTER (WHERE direction = 'inbound') <> 1) odd`),
    ).toBe(0);

    // The inbound leg mirrors the outbound one field by field.
    const mirrored = await count(`SELECT count(*) AS n FROM transactions o JOIN transactions i ON i.transactionid = o.transactionid
      WHERE o.direction = 'outbound' AND i.direction = 'inbound' AND i.eventid <> o.eventid
        AND i.accountholdernationalid = o.counterpartynationalid AND i.counterpartynationalid = o.accountholdernationalid
        AND i.accountholderaccount = o.counterpartyaccount AND i.counterpartyaccount = o.accountholderaccount
        AND i.tenantid = o.toid AND i.fromid = o.toid AND i.toid = o.fromid
        AND i.accountagentid = o.counterpartyagentid AND i.counterpartyagentid = o.accountagentid
        AND i.fromfibranchid = o.tofibranchid AND i.tofibranchid = o.fromfibranchid
        AND i.accountnumber = o.counterpartynumber AND i.counterpartynumber = o.accountnumber
        AND o.accountidcode = 'RTC10' AND o.counterpartyidcode = 'RTC30' AND i.accountidcode = 'RTC30' AND i.counterpartyidcode = 'RTC10'
        AND i.amount = o.amount AND i.eventtype = o.eventtype AND i.creationdate = o.creationdate
        AND i.settlementdate = o.settlementdate AND i.paymentclearingsystemreference = o.paymentclearingsystemreference`);
    expect(mirrored).toBe(1000);

    // Payer and payee are holders written no later than the payment, paying from their own accounts.
    expect(
      await count(`SELECT count(*) AS n FROM transactions t WHERE NOT EXISTS (
        SELECT 1 FROM accountholders h WHERE h.nationalid = t.accountholdernationalid AND h.created_at <= t.created_at
          AND h.accounts->'bankAccounts' @> jsonb_build_array(t.accountholderaccount))`),
    ).toBe(0);

    const embedded = async () => ({
      holders: await count('SELECT count(*) AS n FROM accountholder_embeddings'),
      transactions: await count('SELECT count(*) AS n FROM transaction_embeddings'),
      errors: await count('SELECT count(*) AS n FROM embedding_errors'),
    });
    await service.waitFor(
      'every generated row embedded',
      async () => {
        const now = await embedded();
        if (now.errors > 0) throw new Error(`embedding errors: ${JSON.stringify((await db.query('SELECT entity, row_id, reason FROM embedding_errors LIMIT 5')).rows)}`);
        return now.holders === 1000 && now.transactions === 2000;
      },
      540000,
      500,
    );
    measured.embedAfterGenerateMs = Date.now() - generatedAt;
    measured.generateAndEmbedMs = run.ms + measured.embedAfterGenerateMs;
    expect(await embedded()).toEqual({ holders: 1000, transactions: 2000, errors: 0 });
  }, 600000);

  it('finds the mirrored leg of a payment among the 5 legs most similar to the other leg for at least 90% of 100 sampled legs', async () => {
    // Every 20th leg by id: outbound and inbound legs alike, spread over the whole run.
    const { rows: sample } = await db.query(
      `SELECT eventid, transactionid, direction FROM (SELECT *, row_number() OVER (ORDER BY _id) AS n FROM transactions) t WHERE n % 20 = 1 ORDER BY _id`,
    );
    expect(sample).toHaveLength(100);
    let found = 0;
    for (const leg of sample) {
      const answer = await service.app.graphql('query ($eventId: String!) { SimilarTransactions(eventId: $eventId, limit: 5) { score transaction { transactionId direction } } }', {
        eventId: leg.eventid,
      });
      expect(answer.errors).toBeUndefined();
      const nearest: Array<{ transaction: { transactionId: string; direction: string } }> = answer.data.SimilarTransactions;
      expect(nearest).toHaveLength(5);
      if (nearest.some((n) => n.transaction.transactionId === leg.transactionid && n.transaction.direction !== leg.direction.toUpperCase())) found++;
    }
    measured.mirroredLegInTop5Percent = found;
    process.stdout.write(`SimilarTransactions: the mirrored leg is among the top 5 for ${found} of 100 sampled legs\n`);
    expect(found).toBeGreaterThanOrEqual(90);
  });
});
