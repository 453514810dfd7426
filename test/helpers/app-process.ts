import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../../src/common/compiled-path';
import { freePort } from '../../src/common/free-port';
import { waitFor } from './wait-for';

// From test/helpers under ts-jest, or from dist/test/helpers when the benchmarks run it compiled.
export const REPO_ROOT = repoRoot;
export const MAIN_JS = path.join(REPO_ROOT, 'dist', 'src', 'main.js');
export const MODELS_DIR = path.join(REPO_ROOT, 'models');
/** The admin API key every service started here gets, unless the test sets ADMIN_API_KEY itself. */
export const TEST_ADMIN_API_KEY = 'test-admin-key-0123456789';
/** A GraphQL API key with every scope, which every service started here accepts (API_KEYS). */
export const TEST_API_KEY = 'test-api-key-0123456789abcdef';
export const TEST_API_KEYS = `tests:${TEST_API_KEY}:read:talks+read:likes+write:likes+read:finance+write:finance+read:cards+act:any-user`;
/** The header that sends TEST_API_KEY. */
export const TEST_AUTHORIZATION = { authorization: `Bearer ${TEST_API_KEY}` };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The real service as a separate process (`node dist/src/main.js`), in its own process group so a
 * SIGKILL takes its children (the embedded database) down with it, as a machine crash would.
 */
export class AppProcess {
  /** stdout and stderr lines, interleaved. */
  readonly output: string[] = [];
  readonly stderr: string[] = [];
  private readonly exited: Promise<Exit>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    const collect = (chunk: Buffer) => this.output.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', (chunk: Buffer) => {
      collect(chunk);
      this.stderr.push(...chunk.toString().split('\n').filter(Boolean));
    });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Starts the service with the given settings on a free port; does not wait for it. EVENTS_SOURCE is
   * empty unless the test sets it, so that no demo talks are loaded into its database; a test that wants
   * the service's default source passes EVENTS_SOURCE: undefined.
   */
  static async spawn(env: Record<string, string | undefined>): Promise<AppProcess> {
    const port = env.PORT ? Number(env.PORT) : await freePort();
    const fullEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      EVENTS_SOURCE: '',
      ADMIN_API_KEY: TEST_ADMIN_API_KEY,
      API_KEYS: TEST_API_KEYS,
      ...env,
    };
    for (const key of Object.keys(fullEnv)) if (fullEnv[key] === undefined) delete fullEnv[key];
    const child = spawn(process.execPath, [MAIN_JS], { cwd: REPO_ROOT, env: fullEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    return new AppProcess(child, port);
  }

  /** Starts the service and waits until it logged that it started. */
  static async start(env: Record<string, string | undefined>, timeoutMs = 120000): Promise<AppProcess> {
    const app = await AppProcess.spawn(env);
    await app.waitForLog(/"semflow started"/, timeoutMs);
    return app;
  }

  /** Resolves with the first line matching pattern; fails as soon as the service exits instead. */
  async waitForLog(pattern: RegExp, timeoutMs = 60000): Promise<string> {
    let exit: Exit | undefined;
    void this.exited.then((e) => (exit = e));
    const found = await waitFor(`log line ${pattern}`, () => this.output.find((line) => pattern.test(line)) ?? exit, timeoutMs).catch((error) => {
      throw new Error(`${error.message}\n--- service output ---\n${this.output.slice(-30).join('\n')}`);
    });
    if (typeof found !== 'string') {
      throw new Error(`the service exited (${JSON.stringify(found)}) before logging ${pattern}\n--- service output ---\n${this.output.slice(-30).join('\n')}`);
    }
    return found;
  }

  waitForExit(timeoutMs = 60000): Promise<Exit> {
    return Promise.race([this.exited, new Promise<Exit>((_, reject) => setTimeout(() => reject(new Error(`the service did not exit within ${timeoutMs} ms`)), timeoutMs).unref())]);
  }

  /** Graceful stop, as an orchestrator would ask for it. */
  async stop(timeoutMs = 60000): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.waitForExit(timeoutMs);
  }

  /** SIGKILL to the whole process group: no shutdown code runs anywhere. */
  async crash(): Promise<void> {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await this.exited;
  }

  /**
   * A request with the admin API key of TEST_ADMIN_API_KEY in X-API-Key and TEST_API_KEY as its bearer
   * credential; `headers` may replace them.
   */
  async request(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const response = await fetch(this.baseUrl + urlPath, {
      method,
      headers: { 'x-api-key': TEST_ADMIN_API_KEY, ...TEST_AUTHORIZATION, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: response.status, body: parsed };
  }

  async graphql(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }> {
    const { body } = await this.request('POST', '/graphql', { query, variables });
    return body;
  }
}
