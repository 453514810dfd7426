import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/run-migrations';
import { REPO_ROOT } from './helpers/app-process';
import { emptyDatabase, TestDatabase } from './helpers/test-database';

const run = promisify(execFile);

describe('migrations', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'semflow-migrate-'));
    dirs.push(dir);
    return dir;
  };

  it('applies each migration once when two processes migrate at the same moment', async () => {
    const db = await emptyDatabase('migrate', tempDir());
    const sources = await Promise.all([1, 2].map(() => new DataSource(dataSourceOptions({ url: db.url, poolSize: 2, applicationName: 'semflow migrations test' })).initialize()));
    try {
      const applied = await Promise.all(sources.map((source) => runMigrations(source)));
      const all = applied.flat();
      expect(all[0]).toMatch(/^EnableExtensions/);
      expect(new Set(all).size).toBe(all.length);
      expect(applied.some((list) => list.length === 0)).toBe(true);
      const rows = await sources[0].query('SELECT name, count(*)::int AS n FROM typeorm_migrations GROUP BY name');
      expect(rows.length).toBe(all.length);
      expect(rows.every((row: { n: number }) => row.n === 1)).toBe(true);
      expect(await sources[0].query(`SELECT extname FROM pg_extension WHERE extname = 'vector'`)).toEqual([{ extname: 'vector' }]);
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
      await db.stop();
    }
  });

  it('npm run migration:run applies pending migrations, then reports the schema up to date', async () => {
    const dataDir = tempDir();
    const database = await TestDatabase.create('migrate-cli', dataDir);
    try {
      const env = { ...process.env, DATA_DIR: dataDir, ...database.env };
      const script = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'migrate.js');
      const first = await run(process.execPath, [script], { env, cwd: REPO_ROOT });
      expect(first.stdout).toMatch(/applied: EnableExtensions\d+, CreateEvents\d+/);
      const second = await run(process.execPath, [script], { env, cwd: REPO_ROOT });
      expect(second.stdout).toMatch(/schema is up to date/);
    } finally {
      await database.drop();
    }
  });
});
