/** The API benchmark's tables and targets. */
import { printTable } from '../lib/report';
import { round } from '../lib/stats';
import type { PhaseResult, RunSizes, ScenarioResult } from './api-setup';
import type { BackfillResult } from './backfill';
import type { LoadSummary } from './graphql-load';

type Target = { what: string; target: string; measured: string; met: boolean };

function splitText(b: BackfillResult): string {
  const shares = b.jobSplit.jobsByWorker.map((n) => `${Math.round((100 * n) / Math.max(1, b.jobSplit.jobsSeen))}%`);
  return `${b.jobSplit.jobsByWorker.join(' / ')} (${shares.join(' / ')})`;
}

function cpuText(cpuS: Record<string, number>): string {
  return Object.entries(cpuS)
    .map(([label, s]) => `${label} ${s}`)
    .join(', ');
}

function backfillRow(setup: string, what: string, b: BackfillResult) {
  const workerCpuS = Object.entries(b.cpuS).reduce((total, [label, s]) => (label.startsWith('worker') ? total + s : total), 0);
  return {
    setup,
    backfill: what,
    talks: b.talks,
    s: round(b.durationMs / 1000),
    'jobs/s': b.jobsPerSecond,
    // What a job cost the workers, whatever else ran on the machine meanwhile.
    'worker CPU ms/job': round((1000 * workerCpuS) / b.talks),
    'jobs seen per worker': splitText(b),
    'jobs seen': `${b.jobSplit.jobsSeen}/${b.talks}`,
    'CPU s': cpuText(b.cpuS),
  };
}

const phasesOf = (results: ScenarioResult[]): PhaseResult[] => results.flatMap((r) => r.phases);

/** Each idle read of the embedded runs beside the same read on Postgres. */
function readsSideBySide(results: ScenarioResult[]): Array<Record<string, string | number>> {
  const reads = (r: ScenarioResult) =>
    r.phases.flatMap((p) => [...Object.values(p.reads), ...Object.values(p.singleConnectionReads)].map((l) => ({ key: `${r.scenario.label} ${p.workers} ${l.title}`, p, l })));
  const postgres = new Map(
    results
      .filter((r) => r.database === 'postgres')
      .flatMap(reads)
      .map((x) => [x.key, x.l]),
  );
  return results
    .filter((r) => r.database === 'embedded')
    .flatMap((r) =>
      reads(r).flatMap(({ key, p, l }) => {
        const other = postgres.get(key);
        if (!other) return [];
        return [
          {
            setup: `${r.scenario.label}: api + ${p.workers} worker${p.workers > 1 ? 's' : ''}`,
            query: l.title,
            connections: l.connections,
            'embedded req/s, p99 ms': `${l.requestsPerSecond}, ${l.latencyMs.p99}`,
            'postgres req/s, p99 ms': `${other.requestsPerSecond}, ${other.latencyMs.p99}`,
            'postgres / embedded req/s': round(other.requestsPerSecond / l.requestsPerSecond),
          },
        ];
      }),
    );
}

export function printReport(sizes: RunSizes, results: ScenarioResult[]): void {
  const readRows = phasesOf(results).flatMap((p) =>
    [...Object.values(p.reads), ...Object.values(p.singleConnectionReads)].map((l) => ({
      setup: p.label,
      query: l.title,
      connections: l.connections,
      'req/s': l.requestsPerSecond,
      'p50 ms': l.latencyMs.p50,
      'p99 ms': l.latencyMs.p99,
      'max ms': l.latencyMs.max,
      requests: l.requests,
      failures: l.failures,
      'CPU s': cpuText(l.cpuS),
    })),
  );
  printTable(`GraphQL reads, workers idle (autocannon, ${sizes.durationS} s per run)`, readRows);
  if (new Set(results.map((r) => r.database)).size > 1) printTable('GraphQL reads, workers idle: Postgres against embedded', readsSideBySide(results));

  const duringRows = phasesOf(results).flatMap((p) =>
    p.duringBackfill.map((d) => ({
      setup: p.label,
      query: d.read,
      'req/s': d.load.requestsPerSecond,
      'p50 ms': d.load.latencyMs.p50,
      'p99 ms': d.load.latencyMs.p99,
      'idle p99 ms': p.reads[d.read]?.latencyMs.p99,
      'max ms': d.load.latencyMs.max,
      failures: d.load.failures,
      overlap: `${Math.round(d.overlap * 100)}%`,
      're-embed jobs/s': d.backfill.jobsPerSecond,
      'alone jobs/s': p.reembed.jobsPerSecond,
    })),
  );
  printTable(`GraphQL reads while every talk is re-embedded (${sizes.talks} jobs, ${sizes.connections} connections)`, duringRows);

  const backfillRows = results.flatMap((r) => [
    backfillRow(r.phases[0].label, 'ingest + embed', r.ingest),
    ...r.phases.flatMap((p) => [
      backfillRow(p.label, 're-embed all', p.reembed),
      ...p.duringBackfill.map((d) => backfillRow(p.label, `re-embed all + ${d.read} load`, d.backfill)),
    ]),
  ]);
  printTable('Embedding backfills (jobs/s = talks / time from request to last vector stored; CPU s per process)', backfillRows);
}

export function targetsOf(results: ScenarioResult[]): Target[] {
  const phases = phasesOf(results);
  const loads: LoadSummary[] = phases.flatMap((p) => [...Object.values(p.reads), ...Object.values(p.singleConnectionReads), ...p.duringBackfill.map((d) => d.load)]);
  const failures = loads.reduce((n, l) => n + l.failures, 0);
  const problem = loads.find((l) => l.firstProblem);
  const targets: Target[] = [
    {
      what: 'failed GraphQL requests (errors, timeouts, non-2xx, `errors` bodies), all runs',
      target: '0',
      measured: `${failures} of ${loads.reduce((n, l) => n + l.requests, 0)}${problem ? ` (${problem.title}: ${problem.firstProblem})` : ''}`,
      met: failures === 0,
    },
  ];
  for (const p of phases) {
    for (const d of p.duringBackfill) {
      const idle = p.reads[d.read];
      if (!idle) continue;
      const ratio = d.load.latencyMs.p99 / idle.latencyMs.p99;
      targets.push({
        what: `${p.label}: ${d.read} p99 while every talk is re-embedded`,
        target: '<= 2x idle p99',
        measured: `${round(ratio)}x (${d.load.latencyMs.p99} vs ${idle.latencyMs.p99} ms)`,
        met: ratio <= 2,
      });
    }
  }
  for (const r of results) {
    const [one, two] = r.phases;
    if (!one || !two) continue;
    const split = two.reembed.jobSplit;
    const smallest = split.jobsByWorker.length < 2 ? 0 : Math.min(...split.jobsByWorker) / split.jobsSeen;
    targets.push({ what: `${two.label}: both worker processes take re-embed jobs`, target: 'each >= 25%', measured: splitText(two.reembed), met: smallest >= 0.25 });
    const ratio = two.reembed.jobsPerSecond / one.reembed.jobsPerSecond;
    targets.push({
      what: `${r.database}, ${r.scenario.label}: re-embed jobs/s, 2 workers vs 1`,
      target: '>= 1.0x',
      measured: `${round(ratio)}x (${two.reembed.jobsPerSecond} vs ${one.reembed.jobsPerSecond})`,
      met: ratio >= 1,
    });
  }
  return targets;
}
