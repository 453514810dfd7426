import { Client } from 'pg';
import { loadConfig } from '../src/config/load-config';
import { createEmbedder } from '../src/embedding/embedder-factory';
import { type AppProcess, MODELS_DIR } from './helpers/app-process';
import { TestService } from './helpers/test-service';

const holder = (nationalId: string, firstName: string) => ({
  nationalid: nationalId,
  firstname: firstName,
  lastname: 'Dlamini',
  dob: '1984-03-12',
  gender: 'F',
  children: 0,
  address: { streetAddress: '12 Long Street', suburb: 'Gardens', town: 'Cape Town', province: 'Western Cape', country: 'South Africa', postalCode: '8001' },
  accounts: { bankAccounts: [{ tenantId: 'ABSAZAJJ', accountId: '1234-5678901234', accountType: 'Savings', idCode: 'RTC10' }], creditCards: [] },
  emailaddress: `${firstName.toLowerCase()}@example.co.za`,
  mobilephonenumber: '+27 82 555 0101',
});

/**
 * Change data capture end to end: rows written straight into the source tables by another program
 * (plain SQL here) are embedded through the trigger, outbox, relay and queue; updates re-embed only
 * when the text changed; deletes take the embedding with them.
 */
describe('finflow capture (rows written by other programs)', () => {
  let service: TestService;
  let app: AppProcess;
  let db: Client;

  const insertHolder = async (nationalId: string, firstName: string, address: unknown = holder(nationalId, firstName).address): Promise<number> => {
    const h = holder(nationalId, firstName);
    const { rows } = await db.query(
      `INSERT INTO accountholders (nationalid, firstname, lastname, dob, gender, children, address, accounts, emailaddress, mobilephonenumber)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING _id`,
      [h.nationalid, h.firstname, h.lastname, h.dob, h.gender, h.children, JSON.stringify(address), JSON.stringify(h.accounts), h.emailaddress, h.mobilephonenumber],
    );
    return rows[0]._id;
  };
  /** Nothing waiting, running or waiting for a retry on the account holders' queue. */
  const holdersQueueIdle = async () => {
    const { body } = await app.request('GET', '/admin/queues/accountholders');
    return body.waiting + body.active + body.delayed === 0;
  };
  const embeddingOf = async (id: number) =>
    (
      await db.query(
        'SELECT embedding_timestamp::text AS at, text_hash, embedding_model, embedding_template, vector_dims(embedding_vector) AS dims FROM accountholder_embeddings WHERE row_id = $1',
        [id],
      )
    ).rows[0];

  beforeAll(async () => {
    // Sweeps every second: a failed row must not be retried by them.
    service = await TestService.start('capture', { CAPTURE_POLL_INTERVAL_MS: '200', EMBEDDING_SWEEP_INTERVAL_MS: '1000', QUEUE_ATTEMPTS: '3', QUEUE_BACKOFF_MS: '100' });
    app = service.app;
    db = await service.db();
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('embeds rows inserted with plain SQL, one embedding each, and empties the outbox', async () => {
    const ids = [await insertHolder('840312-0101-081', 'Thandi'), await insertHolder('790101-5011-082', 'Pieter')];
    await service.waitFor('both holders embedded', async () => (await db.query('SELECT count(*)::int AS n FROM accountholder_embeddings')).rows[0].n === 2, 30000);
    for (const id of ids) expect(await embeddingOf(id)).toMatchObject({ dims: 384, embedding_model: 'wordpiece-bow-384', embedding_template: 'informative' });
    // The stored vector is the model's vector of the row's text, value for value (sent to the database in binary).
    const embedder = await createEmbedder('wordpiece-bow-384', loadConfig({ MODELS_DIR }));
    try {
      for (const id of ids) {
        const { body } = await app.request('GET', `/admin/embeddings/text/accountholder/${id}`);
        const [expected] = await embedder.embed([body.text]);
        const { rows } = await db.query('SELECT embedding_vector::text AS v FROM accountholder_embeddings WHERE row_id = $1', [id]);
        const stored = JSON.parse(rows[0].v) as number[];
        expect(stored).toHaveLength(384);
        expect(Math.max(...stored.map((value, i) => Math.abs(value - expected.vector[i])))).toBeLessThan(1e-6);
      }
    } finally {
      await embedder.close();
    }
    await service.waitFor('outbox empty', async () => (await db.query('SELECT count(*)::int AS n FROM capture_outbox')).rows[0].n === 0, 10000);
  });

  it('re-embeds an updated row only when its text changed', async () => {
    const id = await insertHolder('700505-0202-083', 'Sipho');
    await service.waitFor('embedded', async () => (await embeddingOf(id)) !== undefined, 30000);
    const first = await embeddingOf(id);

    // created_at is not part of the text: the update is captured, and nothing is re-embedded.
    await db.query(`UPDATE accountholders SET created_at = created_at - interval '1 day' WHERE _id = $1`, [id]);
    await service.waitFor('update relayed', async () => (await db.query('SELECT count(*)::int AS n FROM capture_outbox')).rows[0].n === 0, 10000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await embeddingOf(id)).toEqual(first);

    await db.query(`UPDATE accountholders SET firstname = 'Sibusiso' WHERE _id = $1`, [id]);
    await service.waitFor('re-embedded', async () => (await embeddingOf(id)).text_hash !== first.text_hash, 30000);
  });

  it('takes the embedding away with a deleted row', async () => {
    const id = await insertHolder('660606-0303-084', 'Lerato');
    await service.waitFor('embedded', async () => (await embeddingOf(id)) !== undefined, 30000);
    await db.query('DELETE FROM accountholders WHERE _id = $1', [id]);
    expect(await embeddingOf(id)).toBeUndefined();
    await service.waitFor('outbox empty', async () => (await db.query('SELECT count(*)::int AS n FROM capture_outbox')).rows[0].n === 0, 10000);
  });

  it('reports per entity type how many rows are embedded, pending and failed', async () => {
    const { status, body } = await app.request('GET', '/admin/embeddings/status');
    expect(status).toBe(200);
    const holders = body.find((entry: { entity: string }) => entry.entity === 'accountholder');
    expect(holders).toMatchObject({
      rows: 3,
      embedded: 3,
      pending: 0,
      failed: 0,
      stale: 0,
      truncated: 0,
      model: 'wordpiece-bow-384',
      modelSource: 'config',
      template: 'informative',
    });
    expect(holders.byModel).toEqual([{ model: 'wordpiece-bow-384', template: 'informative', rows: 3 }]);
  });

  it('retries a row it cannot render, then records it as failed (no vector), leaves it to retry-failed, and embeds it once fixed', async () => {
    const id = await insertHolder('620202-0505-086', 'Zanele', '12 Long Street, Cape Town');
    const failure = async () => (await app.request('GET', '/admin/embeddings/errors?entity=accountholder')).body.failures.find((f: { rowId: number }) => f.rowId === id);
    await service.waitFor('the failure recorded and no job left', async () => (await failure()) && (await holdersQueueIdle()), 30000);
    const first = await failure();
    expect(first).toMatchObject({ rowId: id, reason: 'address must be a JSON object, got string', model: 'wordpiece-bow-384', template: 'informative' });
    // Each job tried QUEUE_ATTEMPTS (3) times. The relay's job and a sweep that came before the failure
    // was recorded may both have run.
    expect([3, 6]).toContain(first.attempts);

    // Sweeps run every second but leave the failed row alone: retrying cannot help until something changes.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await failure()).attempts).toBe(first.attempts);
    const status = (await app.request('GET', '/admin/embeddings/status')).body.find((entry: { entity: string }) => entry.entity === 'accountholder');
    expect(status).toMatchObject({ failed: 1, pending: 0 });
    const text = await app.request('GET', `/admin/embeddings/text/accountholder/${id}`);
    expect(text.body).toMatchObject({ text: null, embedded: false, error: 'address must be a JSON object, got string' });

    const retry = await app.request('POST', '/admin/embeddings/retry-failed', { entities: ['accountholder'] });
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual({ queued: [{ entity: 'accountholder', queued: 1 }] });
    await service.waitFor('tried again, by that one job', async () => (await failure())?.attempts === first.attempts + 3 && (await holdersQueueIdle()), 30000);
    expect(await embeddingOf(id)).toBeUndefined();

    await db.query(`UPDATE accountholders SET address = '{"town": "Cape Town"}' WHERE _id = $1`, [id]);
    await service.waitFor('embedded once fixed', async () => (await embeddingOf(id)) !== undefined, 30000);
    expect(await failure()).toBeUndefined();
  });

  it('answers 400 to bad admin requests about failures', async () => {
    expect((await app.request('GET', '/admin/embeddings/errors?entity=planet')).status).toBe(400);
    expect((await app.request('GET', '/admin/embeddings/errors?entity=accountholder&limit=0')).status).toBe(400);
    expect((await app.request('POST', '/admin/embeddings/retry-failed', { entities: ['planet'] })).status).toBe(400);
  });

  it('keeps capturing while Redis is down and embeds the backlog once it is back', async () => {
    await service.redis.stop();
    let id: number;
    try {
      id = await insertHolder('551111-0404-085', 'Naledi');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await db.query('SELECT count(*)::int AS n FROM capture_outbox')).rows[0].n).toBeGreaterThan(0);
    } finally {
      await service.redis.startProcess();
    }
    await service.waitFor('embedded after Redis came back', async () => (await embeddingOf(id!)) !== undefined, 60000);
  });
});
