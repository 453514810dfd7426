import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../src/common/free-port';
import { AppProcess, MODELS_DIR } from './helpers/app-process';
import { TestRedis } from './helpers/redis-server';
import { runCli } from './helpers/run-cli';
import { PostgresTestDatabase, testDatabaseKind } from './helpers/test-database';

/**
 * Each way a start can fail ends the process quickly with a non-zero exit and exactly one line on
 * stderr that says what is wrong; never a hang, never a bare stack trace.
 */
describe('start-up failures', () => {
  let redis: TestRedis;
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    redis = await TestRedis.start();
  });

  afterAll(async () => {
    await redis.destroy();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function expectFailedStart(env: Record<string, string | undefined>, pattern: RegExp): Promise<string> {
    const app = await AppProcess.spawn({ DATA_DIR: tempDir('semflow-fail-'), MODELS_DIR, EMBEDDING_MODEL: 'wordpiece-bow-384', REDIS_URL: redis.url, ...env });
    const exit = await app.waitForExit(90000);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(app.stderr).toHaveLength(1);
    expect(app.stderr[0]).toMatch(/^semflow: cannot start: /);
    expect(app.stderr[0]).toMatch(pattern);
    expect(app.output.join('\n')).not.toMatch(/\n\s+at .+:\d+:\d+/);
    return app.stderr[0];
  }

  it('refuses the embedded database with NODE_ENV=production, and warns at each start on it that it does not flush to disk', async () => {
    await expectFailedStart(
      { NODE_ENV: 'production' },
      /DATABASE_URL is unset with NODE_ENV=production: the embedded database does not flush writes to disk.*EMBEDDED_DATABASE_IN_PRODUCTION=true/,
    );
    const app = await AppProcess.start({
      DATA_DIR: tempDir('semflow-embedded-production-'),
      MODELS_DIR,
      EMBEDDING_MODEL: 'wordpiece-bow-384',
      REDIS_URL: redis.url,
      NODE_ENV: 'production',
      EMBEDDED_DATABASE_IN_PRODUCTION: 'true',
    });
    try {
      const warning = JSON.parse(app.output.find((line) => line.includes('does not flush writes to disk'))!);
      expect(warning).toMatchObject({ level: 'warn', context: 'EmbeddedDatabase' });
      expect(warning.msg).toMatch(/not a power loss or VM reset.*production sets DATABASE_URL/);
    } finally {
      await app.stop();
    }
  });

  it('names the invalid variable', async () => {
    await expectFailedStart({ PORT: 'abc' }, /PORT="abc"/);
    await expectFailedStart({ EMBEDDING_PRECISION: 'fp16', APP_ROLE: 'boss' }, /APP_ROLE="boss".*EMBEDDING_PRECISION="fp16"|EMBEDDING_PRECISION="fp16".*APP_ROLE="boss"/);
  });

  it('refuses an admin API key shorter than 16 characters without showing it', async () => {
    const line = await expectFailedStart({ ADMIN_API_KEY: 'short-secret' }, /ADMIN_API_KEY=\(hidden, 12 characters\): ADMIN_API_KEY must be at least 16 characters/);
    expect(line).not.toContain('short-secret');
  });

  it('says when Redis cannot be reached', async () => {
    const port = await freePort();
    await expectFailedStart({ REDIS_URL: `redis://127.0.0.1:${port}` }, new RegExp(`cannot reach Redis at redis://127.0.0.1:${port}`));
  });

  it('says how to install redis-server when it is needed and missing', async () => {
    await expectFailedStart({ REDIS_URL: undefined, REDIS_SERVER_BIN: 'semflow-no-such-redis-server' }, /not found on PATH: install Redis .*apt-get install redis-server/);
  });

  it('says when the database cannot be reached, without showing its password', async () => {
    const port = await freePort();
    const line = await expectFailedStart(
      { DATABASE_URL: `postgresql://semflow:secret@127.0.0.1:${port}/semflow` },
      /cannot reach the database at postgresql:\/\/semflow:\*\*\*@127\.0\.0\.1/,
    );
    expect(line).not.toContain('secret');
  });

  it('names a missing model file and the command that provides it', async () => {
    await expectFailedStart({ MODELS_DIR: tempDir('semflow-models-') }, /wordpiece-bow-384.*model\.onnx.*missing.*npm run models:build/);
    await expectFailedStart({ MODELS_DIR: tempDir('semflow-models-'), EMBEDDING_MODEL: 'all-MiniLM-L6-v2' }, /model_quantized\.onnx.*missing.*npm run models:download/);
  });

  it('refuses a corrupt model file instead of embedding with it', async () => {
    const models = tempDir('semflow-models-');
    cpSync(path.join(MODELS_DIR, 'wordpiece-bow-384'), path.join(models, 'wordpiece-bow-384'), { recursive: true, dereference: true });
    writeFileSync(path.join(models, 'wordpiece-bow-384', 'model.onnx'), 'not a model');
    await expectFailedStart({ MODELS_DIR: models }, /model\.onnx.*sha256/);
  });

  it('names an unknown model', async () => {
    await expectFailedStart({ EMBEDDING_MODEL: 'no-such-model' }, /no-such-model/);
  });

  // A managed or shared Postgres: semflow's user owns its database but is no superuser, and pgvector is
  // not a trusted extension.
  (testDatabaseKind() === 'postgres' ? it : it.skip)('says who must create pgvector when the database user may not, and migrates once it exists', async () => {
    const database = await PostgresTestDatabase.create('limited-user');
    const role = `${database.name}_owner`;
    const admin = await database.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'owner-secret'`);
      await admin.query(`ALTER DATABASE ${database.name} OWNER TO ${role}`);
      const url = new URL(database.url());
      [url.username, url.password] = [role, 'owner-secret'];
      const line = await expectFailedStart(
        { DATABASE_URL: url.toString() },
        /may not create the vector extension: have a superuser run CREATE EXTENSION vector; in this database once/,
      );
      expect(line).not.toContain('owner-secret');

      await admin.query('CREATE EXTENSION vector');
      const migrated = await runCli('migrate', [], { DATABASE_URL: url.toString() });
      expect(migrated).toMatchObject({ code: 0, stderr: '' });
      expect(migrated.stdout).toMatch(/applied: EnableExtensions\d+, CreateEvents\d+/);
    } finally {
      await admin.end();
      await database.drop();
      await PostgresTestDatabase.onServer((server) => server.query(`DROP ROLE IF EXISTS ${role}`));
    }
  });
});
