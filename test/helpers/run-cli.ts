import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './app-process';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * `node dist/src/cli/<command>.js ...args` as an operator would run it next to the service, with only
 * PATH, HOME and the given settings in its environment.
 */
export function runCli(command: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'src', 'cli', `${command}.js`), ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
}
