import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { AppProcess, MODELS_DIR } from './helpers/app-process';
import { connectEmbedded } from './helpers/embedded-db';
import { TestRedis } from './helpers/redis-server';
import { waitFor } from './helpers/wait-for';

const HOLDERS = 400;

/**
 * The capture pipeline survives its parts dying: a worker is SIGKILLed in the middle of a backfill and
 * Redis is restarted; after a new worker starts, every captured row has exactly one embedding, no
 * captured change is left behind and nothing is recorded as failed.
 */
describe('finflow capture recovery (worker killed, Redis restarted)', () => {
  let redis: TestRedis;
  let api: AppProcess;
  let worker: AppProcess | undefined;
  let db: Client;
  let dataDir: string;

  const env = () => ({ DATA_DIR: dataDir, REDIS_URL: redis.url, MODELS_DIR, EMBEDDING_MODEL: 'wordpiece-bow-384', CAPTURE_POLL_INTERVAL_MS: '100' });
  const count = async (sql: string) => (await db.query(sql)).rows[0].n as number;
  const embedded = () => count('SELECT count(*)::int AS n FROM accountholder_embeddings');

  beforeAll(async () => {
    redis = await TestRedis.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'semflow-recovery-'));
    // The api process starts first, so the embedded database lives in it and outlives the workers.
    api = await AppProcess.start({ ...env(), APP_ROLE: 'api' });
    db = await connectEmbedded(dataDir);
  });

  afterAll(async () => {
    await db?.end();
    await worker?.stop().catch(() => undefined);
    await api?.stop();
    await redis?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('embeds every row exactly once after the worker dies mid-backfill and Redis restarts', async () => {
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

    worker = await AppProcess.start({ ...env(), APP_ROLE: 'worker' });
    await waitFor('the backfill under way', async () => (await embedded()) >= 40, 60000, 10);
    await worker.crash();
    const atCrash = await embedded();
    expect(atCrash).toBeLessThan(HOLDERS);

    await redis.stop();
    await redis.startProcess();
    worker = await AppProcess.start({ ...env(), APP_ROLE: 'worker' });
    await waitFor('every row embedded', async () => (await embedded()) === HOLDERS, 120000);

    expect(await count('SELECT count(*)::int AS n FROM accountholders a LEFT JOIN accountholder_embeddings e ON e.row_id = a._id WHERE e.row_id IS NULL')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM (SELECT row_id FROM accountholder_embeddings GROUP BY row_id HAVING count(*) > 1) d')).toBe(0);
    await waitFor('outbox drained', async () => (await count('SELECT count(*)::int AS n FROM capture_outbox')) === 0, 30000);
    expect(await count('SELECT count(*)::int AS n FROM embedding_errors')).toBe(0);
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
    worker = await AppProcess.start({ ...env(), APP_ROLE: 'worker', ACCOUNTHOLDER_TEXT_TEMPLATE: 'reference' });
    const { status } = await api.request('POST', '/admin/embeddings/reembed', { entity: 'accountholder', mode: 'stale' });
    expect(status).toBe(202);
    await waitFor('every holder re-embedded with the new template', async () =>
      (await count(`SELECT count(*)::int AS n FROM accountholder_embeddings WHERE embedding_template = 'reference'`)) === HOLDERS, 120000);
    // Transactions kept their template: not one of them was embedded again.
    expect((await db.query('SELECT row_id, embedding_timestamp FROM transaction_embeddings ORDER BY row_id')).rows).toEqual(before.rows);
    expect(await embedded()).toBe(HOLDERS);
  });
});
