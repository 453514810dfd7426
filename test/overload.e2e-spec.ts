import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { MIGRATION_LOCK_KEY, runMigrations } from '../src/database/run-migrations';
import { TEST_ADMIN_API_KEY, TEST_AUTHORIZATION } from './helpers/app-process';
import { describeOn, testDatabaseKind } from './helpers/test-database';
import { TestService } from './helpers/test-service';

const QUEUE_MAX_TEXTS = 8;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: any;
}

/** One GraphQL query sent as a client would send it, keeping the HTTP status and Retry-After. */
async function post(service: TestService, query: string): Promise<Answer> {
  const response = await fetch(`${service.app.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TEST_AUTHORIZATION },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: JSON.parse(await response.text()) };
}

/** A data source of the service's database as the service makes its own, with this statement timeout. */
const timedDataSource = (service: TestService, statementTimeoutMs: number) =>
  new DataSource(dataSourceOptions({ url: service.database.url(), poolSize: 2, applicationName: 'semflow statement timeout test', statementTimeoutMs })).initialize();

/** A semantic search: its text is embedded on the request path, before the database is asked. */
const search = (service: TestService, text: string) => post(service, `{ TransactionSearch(text: ${JSON.stringify(text)}, limit: 1) { score } }`);

describe('embedding engine under overload', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start('overload', {
      EMBEDDING_QUEUE_MAX_TEXTS: String(QUEUE_MAX_TEXTS),
      // Texts wait up to 400 ms for company in rounds of up to 64: a flood fills the queue of 8 long before
      // a round drains it, so refusals do not depend on how fast this machine runs the model.
      EMBEDDING_BATCH_WAIT_MS: '400',
      EMBEDDING_SESSIONS: '1',
      // All requests come from loopback: the per-client search budget would refuse them first (429).
      GRAPHQL_EXPENSIVE_RATE_LIMIT: '0',
    });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('refuses what does not fit the queue with 503, Retry-After and OVERLOADED, serves the rest, and stays healthy', async () => {
    let watching = true;
    const queued: number[] = [];
    const watcher = (async () => {
      while (watching) {
        const engine = await service.app.request('GET', '/admin/embeddings/engine');
        queued.push(...(engine.body as Array<{ queuedTexts: number }>).map((model) => model.queuedTexts));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const answers = await Promise.all(Array.from({ length: 120 }, (_, i) => search(service, `refund of order ${i} for customer ${i * 7}`)));
    watching = false;
    await watcher;

    const refused = answers.filter((a) => a.status === 503);
    const served = answers.filter((a) => a.status === 200);
    expect(served.length + refused.length).toBe(answers.length); // no 500, no other status
    expect(refused.length).toBeGreaterThan(0);
    expect(served.length).toBeGreaterThanOrEqual(QUEUE_MAX_TEXTS);
    for (const answer of refused) {
      expect(answer.retryAfter).toBe('1');
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ message: 'the embedding engine is overloaded; retry later', extensions: { code: 'OVERLOADED', retryAfterSeconds: 1 } }),
      ]);
      expect(JSON.stringify(answer.body)).not.toContain('refund');
    }
    for (const answer of served) expect(answer.body).toEqual({ data: { TransactionSearch: [] } });

    // The queue never held more than its bound, and is empty again.
    expect(queued.length).toBeGreaterThan(0);
    expect(Math.max(...queued)).toBeLessThanOrEqual(QUEUE_MAX_TEXTS);
    const engine = await service.app.request('GET', '/admin/embeddings/engine');
    expect(engine.body.map((model: { queuedTexts: number }) => model.queuedTexts)).toEqual(engine.body.map(() => 0));

    // Healthy afterwards: a later search is served and /health says ok.
    expect(await search(service, 'a later refund')).toMatchObject({ status: 200, body: { data: { TransactionSearch: [] } } });
    expect((await service.app.request('GET', '/health')).status).toBe(200);
  });
});

describe('embedding requests past EMBEDDING_REQUEST_TIMEOUT_MS', () => {
  let service: TestService;

  beforeAll(async () => {
    // Every text waits 1000 ms for company, longer than a request may wait: each search is refused.
    service = await TestService.start('overload-deadline', { EMBEDDING_BATCH_WAIT_MS: '1000', EMBEDDING_REQUEST_TIMEOUT_MS: '200', GRAPHQL_EXPENSIVE_RATE_LIMIT: '0' });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('refuses a search whose text did not start within the deadline with 503 OVERLOADED, and drops the text', async () => {
    const started = performance.now();
    const answer = await search(service, 'refund that waits too long');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(answer).toMatchObject({ status: 503, retryAfter: '1', body: { errors: [{ extensions: { code: 'OVERLOADED' } }] } });
    const engine = await service.app.request('GET', '/admin/embeddings/engine');
    expect(engine.body.map((model: { queuedTexts: number }) => model.queuedTexts)).toEqual(engine.body.map(() => 0));
    // Dropped, not run later: no round ever embedded it.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const after = await service.app.request('GET', '/admin/embeddings/engine');
    expect(after.body.map((model: { texts: number }) => model.texts)).toEqual(after.body.map(() => 0));
  });
});

describeOn(['postgres'], 'DATABASE_STATEMENT_TIMEOUT_MS on PostgreSQL', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start('statement-timeout', { DATABASE_STATEMENT_TIMEOUT_MS: '500', GRAPHQL_EXPENSIVE_RATE_LIMIT: '0' });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('cancels a statement that runs longer: GraphQL QUERY_TIMEOUT and REST alike answer 503 with Retry-After', async () => {
    // Another session holds the transactions table: the search's statement waits on the lock until the
    // server cancels it.
    const db = await service.db();
    await db.query('BEGIN');
    await db.query('LOCK TABLE transactions IN ACCESS EXCLUSIVE MODE');
    try {
      const started = performance.now();
      const answer = await search(service, 'refund behind a lock');
      expect(performance.now() - started).toBeLessThan(5000);
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('5');
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ message: 'the query took too long and was cancelled; retry later', extensions: { code: 'QUERY_TIMEOUT', retryAfterSeconds: 5 } }),
      ]);
      // Nothing of the statement or of the input: the path names the field only.
      expect(JSON.stringify(answer.body)).not.toMatch(/SELECT|FROM|pg_|refund|lock/i);

      const status = await fetch(`${service.app.baseUrl}/admin/embeddings/status`, { headers: { 'x-api-key': TEST_ADMIN_API_KEY } });
      expect(status.status).toBe(503);
      expect(status.headers.get('retry-after')).toBe('5');
      expect(await status.json()).toEqual({ statusCode: 503, code: 'QUERY_TIMEOUT', message: 'the query took too long and was cancelled; retry later', retryAfterSeconds: 5 });
    } finally {
      await db.query('ROLLBACK');
    }
    // The lock gone, the same search is served.
    expect(await search(service, 'refund behind a lock')).toMatchObject({ status: 200, body: { data: { TransactionSearch: [] } } });
  });

  it("applies the timeout to every connection of the service's pool: a long statement fails with 57014", async () => {
    const dataSource = await timedDataSource(service, 300);
    try {
      await expect(dataSource.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ driverError: { code: '57014' } });
      expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('runs migrations without it: waiting longer than the timeout for the migration lock does not fail them', async () => {
    const dataSource = await timedDataSource(service, 300);
    const other = await service.db();
    try {
      // Another process migrating: it holds the lock for a second, more than three timeouts.
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const migrating = runMigrations(dataSource);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await other.query('COMMIT');
      await expect(migrating).resolves.toEqual([]);
      // The connection the migrations used is back in the pool with the timeout in force again.
      await expect(dataSource.query('SELECT pg_sleep(1)')).rejects.toMatchObject({ driverError: { code: '57014' } });
    } finally {
      await dataSource.destroy();
    }
  });
});

describeOn(['embedded'], 'DATABASE_STATEMENT_TIMEOUT_MS on the embedded database', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start('statement-timeout-embedded', { DATABASE_STATEMENT_TIMEOUT_MS: '300' });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('is not enforced by PGlite (as README says): a longer statement runs to its end', async () => {
    expect(testDatabaseKind()).toBe('embedded');
    const dataSource = await timedDataSource(service, 300);
    const runner = dataSource.createQueryRunner();
    try {
      // The embedded server ignores the startup parameter...
      expect(await runner.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '0' }]);
      // ...and even set in the session, the timeout cancels nothing.
      await runner.startTransaction();
      await runner.query('SET LOCAL statement_timeout = 300');
      const started = performance.now();
      await expect(runner.query('SELECT pg_sleep(1)')).resolves.toHaveLength(1);
      expect(performance.now() - started).toBeGreaterThanOrEqual(900);
      await runner.commitTransaction();
    } finally {
      await runner.release();
      await dataSource.destroy();
    }
  });
});
