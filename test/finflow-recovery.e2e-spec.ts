import type { Client } from 'pg';
import type { AppProcess } from './helpers/app-process';
import type { TestRedis } from './helpers/redis-server';
import { SplitService } from './helpers/split-service';
import { waitFor } from './helpers/wait-for';

const HOLDERS = 400;

/**
 * The capture pipeline survives its parts dying: a worker is SIGKILLed in the middle of a backfill and
 * Redis is killed and restarted without its data; after a new worker starts, every captured row has
 * exactly one embedding, no row was embedded twice, no captured change is left behind and nothing is
 * recorded as failed.
 */
describe('finflow capture recovery (worker killed, Redis restarted)', () => {
  let service: SplitService;
  let redis: TestRedis;
  let api: AppProcess;
  let worker: AppProcess | undefined;
  let db: Client;

  const count = async (sql: string) => (await db.query(sql)).rows[0].n as number;
  const embedded = () => count('SELECT count(*)::int AS n FROM accountholder_embeddings');

  beforeAll(async () => {
    service = await SplitService.start('recovery', { CAPTURE_POLL_INTERVAL_MS: '100' });
    ({ redis, api, db } = service);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('embeds every row exactly once after the worker dies mid-backfill and Redis restarts empty', async () => {
    // Another program writes 400 account holders at once.
    await db.query(
      `INSERT INTO accountholders (nationalid, firstname, lastname, dob, gender, children, address, accounts, emailaddress, mobilephonenumber)
       SELECT lpad(i::text, 13, '0'), 'First' || i, 'Last' || (i % 37), '1980-01-' || lpad((1 + i % 28)::text, 2, '0'),
              CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END, i % 6,
              jsonb_build_object('town', 'Town ' || (i % 11), 'country', 'South Africa'),
              jsonb_build_object('bankAccounts', jsonb_build_array(jsonb_build_object('tenantId', 'T' || (i % 7)))),
              'user' || i || '@example.co.za', '+27 82 ' || i
         FROM generate_series(1, ${HOLDERS}) i`,
    );
    expect(await count('SELECT count(*)::int AS n FROM capture_outbox')).toBe(HOLDERS);

    worker = await service.startWorker();
    await waitFor('the backfill under way', async () => (await embedded()) >= 40, 60000, 10);
    await worker.crash();
    const embeddedAtCrash = (await db.query('SELECT row_id, embedding_timestamp FROM accountholder_embeddings ORDER BY row_id')).rows;
    const atCrash = embeddedAtCrash.length;
    expect(atCrash).toBeLessThan(HOLDERS);

    // Redis dies too, and comes back empty (as one without persistence would): the jobs the relay had
    // queued, and whose outbox entries are gone, are lost. The worker's sweep finds their rows again.
    await redis.crash();
    redis.wipe();
    await redis.startProcess();
    worker = await service.startWorker();
    await waitFor('every row embedded', async () => (await embedded()) === HOLDERS, 120000);

    expect(await count('SELECT count(*)::int AS n FROM accountholders a LEFT JOIN accountholder_embeddings e ON e.row_id = a._id WHERE e.row_id IS NULL')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM (SELECT row_id FROM accountholder_embeddings GROUP BY row_id HAVING count(*) > 1) d')).toBe(0);
    await waitFor('outbox drained', async () => (await count('SELECT count(*)::int AS n FROM capture_outbox')) === 0, 30000);
    expect(await count('SELECT count(*)::int AS n FROM embedding_errors')).toBe(0);
    // Once means once: no row embedded before the crash was embedded again by the jobs that were re-run.
    const again = (
      await db.query('SELECT row_id, embedding_timestamp FROM accountholder_embeddings WHERE row_id = ANY($1) ORDER BY row_id', [embeddedAtCrash.map((r) => r.row_id)])
    ).rows;
    expect(again).toEqual(embeddedAtCrash);
    console.log(`recovery: ${atCrash} of ${HOLDERS} rows were embedded when the worker was killed; all ${HOLDERS} after recovery`);
  });

  it('re-embeds exactly the rows whose template changed when re-embedding stale rows', async () => {
    await db.query(
      `INSERT INTO transactions (eventid, transactionid, direction, eventtype, amount)
       SELECT 'e' || i, 't' || i, 'outbound', 'paymentRT', jsonb_build_object('value', i) FROM generate_series(1, 20) i`,
    );
    const transactionsEmbedded = () => count('SELECT count(*)::int AS n FROM transaction_embeddings');
    await waitFor('transactions embedded', async () => (await transactionsEmbedded()) === 20, 60000);
    const before = await db.query('SELECT row_id, embedding_timestamp FROM transaction_embeddings ORDER BY row_id');

    await worker!.stop();
    worker = await service.startWorker({ ACCOUNTHOLDER_TEXT_TEMPLATE: 'reference' });
    const { status } = await api.request('POST', '/admin/embeddings/reembed', { entity: 'accountholder', mode: 'stale' });
    expect(status).toBe(202);
    await waitFor(
      'every holder re-embedded with the new template',
      async () => (await count(`SELECT count(*)::int AS n FROM accountholder_embeddings WHERE embedding_template = 'reference'`)) === HOLDERS,
      120000,
    );
    // Transactions kept their template: not one of them was embedded again.
    expect((await db.query('SELECT row_id, embedding_timestamp FROM transaction_embeddings ORDER BY row_id')).rows).toEqual(before.rows);
    expect(await embedded()).toBe(HOLDERS);
  });

  it('switches the transactions to another model through the api process and re-embeds exactly those rows', async () => {
    const holdersBefore = (await db.query('SELECT row_id, embedding_timestamp FROM accountholder_embeddings ORDER BY row_id')).rows;
    const choices = () => count('SELECT count(*)::int AS n FROM embedding_model_choices');

    // Refused before anything changes: an unknown model, and one whose vectors do not fit vector(384).
    for (const model of ['no-such-model', 'ascii-test']) {
      const refused = await api.request('POST', '/admin/embeddings/reembed', { entity: 'transaction', mode: 'stale', model });
      expect(refused.status).toBe(400);
      expect(refused.body.field).toBe('model');
      expect(refused.body.message).toMatch(model === 'ascii-test' ? /vector\(384\).*256 dimensions/ : /unknown model "no-such-model"/);
    }
    expect(await choices()).toBe(0);

    const { status, body } = await api.request('POST', '/admin/embeddings/reembed', { entity: 'transaction', mode: 'stale', model: 'synthetic-minilm-l6' });
    expect(status).toBe(202);
    expect(body).toEqual({ entity: 'transaction', mode: 'stale', model: 'synthetic-minilm-l6', previousModel: 'wordpiece-bow-384', jobId: expect.any(String), queued: true });
    const byNewModel = () => count(`SELECT count(*)::int AS n FROM transaction_embeddings WHERE embedding_model = 'synthetic-minilm-l6'`);
    await waitFor('every transaction embedded by the chosen model', async () => (await byNewModel()) === 20, 120000);

    const progress = await api.request('GET', `/admin/embeddings/reembed/transaction/${body.jobId}`);
    expect(progress.body).toMatchObject({ entity: 'transaction', mode: 'stale', state: 'completed', progress: { selected: 20, queued: 20 } });
    expect(progress.body.embeddedSinceRequest).toBeGreaterThanOrEqual(20);
    const status2 = (await api.request('GET', '/admin/embeddings/status')).body;
    expect(status2.find((entry: { entity: string }) => entry.entity === 'transaction')).toMatchObject({
      model: 'synthetic-minilm-l6',
      modelSource: 'admin',
      embedded: 20,
      stale: 0,
      byModel: [{ model: 'synthetic-minilm-l6', template: 'informative', rows: 20 }],
    });
    // Holders keep their model: not one of them was embedded again.
    expect((await db.query('SELECT row_id, embedding_timestamp FROM accountholder_embeddings ORDER BY row_id')).rows).toEqual(holdersBefore);

    // The choice outlives a restart of the worker, and new rows get the chosen model.
    await worker!.stop();
    worker = await service.startWorker();
    await db.query(`INSERT INTO transactions (eventid, transactionid, direction, amount) VALUES ('e21', 't21', 'inbound', '{"value": 21}')`);
    await waitFor('the new transaction embedded by the chosen model', async () => (await byNewModel()) === 21, 60000);
  });
});
