/**
 * `npm run bench [-- --size quick|full] [--database embedded|postgres|both]`: every benchmark, one after
 * another (never two at once: they would measure each other), each in its own process with the common
 * flags and those of its own flags that were given (bench:embed uses no database and ignores --database);
 * then one table of every target. Each benchmark writes its own bench/results/<name>.json; this writes
 * bench/results/summary.json.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchResult } from './lib/report';
import { benchArgvFor } from './lib/bench-args';
import { log, runBench } from './lib/report';

export const BENCHMARKS = ['embed', 'pipeline', 'query', 'freshness', 'api'] as const;

function runOne(name: (typeof BENCHMARKS)[number], argv: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [path.join(__dirname, name, `${name}.js`), ...argv], { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

runBench('summary', async (args) => {
  const targets: BenchResult['targets'] = [];
  const benchmarks: Array<{ name: string; exitCode: number | null; durationS?: number }> = [];
  for (const name of BENCHMARKS) {
    log(`--- bench:${name} ---`);
    const exitCode = await runOne(name, benchArgvFor(name, args));
    let durationS: number | undefined;
    if (exitCode === 0) {
      const result = JSON.parse(readFileSync(path.join(args.outDir, `${name}.json`), 'utf8')) as BenchResult & { durationS: number };
      durationS = result.durationS;
      targets.push(...result.targets.map((t) => ({ ...t, what: `${name}: ${t.what}` })));
    } else {
      targets.push({ what: `${name}: ran to the end`, target: 'exit code 0', measured: `exit code ${exitCode}`, met: false });
    }
    benchmarks.push({ name, exitCode, durationS });
  }
  return { targets, benchmarks };
});
