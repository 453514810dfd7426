import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../src/common/free-port';
import { REPO_ROOT } from './helpers/app-process';
import { runCli } from './helpers/run-cli';

const COMMANDS = ['migrate', 'models', 'ingest', 'generate', 'healthcheck'];
const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Every command answers --help, --version and bad arguments the same way, and does nothing else for them. */
describe('command-line conventions', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'semflow-cli-'));
    // Nothing listens there: a command that tried to use the database would fail with exit code 1.
    env = { DATA_DIR: dataDir, DATABASE_URL: `postgresql://semflow:not-to-be-shown@127.0.0.1:${await freePort()}/semflow`, REDIS_URL: `redis://127.0.0.1:${await freePort()}` };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each(COMMANDS)('%s --help prints its usage on stdout and exits 0 without doing anything', async (command) => {
    const run = await runCli(command, ['--help'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^usage: /);
    expect(run.stdout).toMatch(/--help|help/);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it.each(COMMANDS)('%s --version prints the version and exits 0', async (command) => {
    expect(await runCli(command, ['--version'], env)).toMatchObject({ code: 0, stdout: `semflow ${VERSION}\n`, stderr: '' });
  });

  it.each(COMMANDS)('%s refuses an unknown option with exit code 2, the problem and its usage on stderr', async (command) => {
    const run = await runCli(command, ['--no-such-option'], env);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    const [problem, usage] = run.stderr.split('\n');
    expect(problem).toBe(`semflow ${command}: unknown option --no-such-option`);
    expect(usage).toMatch(/^usage: /);
  });

  it('reports a failure of the work itself as one line with exit code 1', async () => {
    const run = await runCli('migrate', [], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^semflow migrate: .*\n$/);
    expect(run.stderr).not.toContain('not-to-be-shown');
  });
});
