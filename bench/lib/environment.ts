import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../src/common/compiled-path';

/** What the numbers were measured on: they only compare with numbers from the same kind of machine. */
export interface MachineInfo {
  hostname: string;
  platform: string;
  arch: string;
  cpuModel: string;
  cpus: number;
  memoryGb: number;
  loadAverage1m: number;
  node: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
    node: process.version,
  };
}

const VERSIONED_PACKAGES = [
  'onnxruntime-node',
  '@huggingface/transformers',
  '@electric-sql/pglite',
  '@electric-sql/pglite-pgvector',
  'bullmq',
  '@nestjs/core',
  'typeorm',
  'autocannon',
];

/** Installed versions of the packages the benchmarks exercise, and the checkout's commit. */
export function versions(): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of VERSIONED_PACKAGES) {
    try {
      found[name] = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      found[name] = 'not installed';
    }
  }
  found.semflow = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    found.commit = dirty ? `${commit}+changes` : commit;
  } catch {
    found.commit = 'unknown';
  }
  return found;
}
