/**
 * CPU time of the service's processes (Linux /proc): where the machine's cores went during a
 * measurement, per process: api, the embedded database it started, each worker, redis, load generator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpuSeconds } from '../lib/process-cpu';

/** Child pids of every thread of a process (a child may have been started from any thread). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function descendantsCpu(pid: number): number {
  return childrenOf(pid).reduce((total, child) => total + cpuSeconds(child) + descendantsCpu(child), 0);
}

/** The pid of the process whose command line contains `text` (e.g. a redis-server's "127.0.0.1:port"). */
export function findPid(text: string): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(text)) return Number(name);
    } catch {
      /* gone meanwhile */
    }
  }
  return undefined;
}

/** A process to watch, and what to do with the CPU of its descendants (e.g. the database child). */
export interface WatchedProcess {
  label: string;
  pid: number;
  /** A label to count the descendants apart; undefined: added to the process; false: not counted. */
  childrenLabel?: string | false;
}

export type CpuSnapshot = Map<string, number>;

const MACHINE = 'machine';
const TICKS_PER_SECOND = 100;

/** Busy CPU seconds of the whole machine so far (all cores, everything but idle and iowait). */
function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/** CPU seconds so far per label, and of the machine as a whole. */
export function cpuSnapshot(processes: WatchedProcess[]): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map([[MACHINE, machineBusySeconds()]]);
  for (const p of processes) {
    const own = cpuSeconds(p.pid);
    if (p.childrenLabel === false) {
      snapshot.set(p.label, own);
    } else if (p.childrenLabel) {
      snapshot.set(p.label, own);
      snapshot.set(p.childrenLabel, descendantsCpu(p.pid));
    } else {
      snapshot.set(p.label, own + descendantsCpu(p.pid));
    }
  }
  return snapshot;
}

/**
 * CPU seconds per label between two snapshots, plus `other programs`: what the rest of the machine used
 * meanwhile (other programs on a shared machine make every number here slower).
 */
export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const delta: Record<string, number> = {};
  let ours = 0;
  for (const [label, seconds] of after) {
    if (label === MACHINE) continue;
    const used = seconds - (before.get(label) ?? 0);
    ours += used;
    delta[label] = Number(used.toFixed(2));
  }
  delta['other programs'] = Number(Math.max(0, after.get(MACHINE)! - before.get(MACHINE)! - ours).toFixed(2));
  return delta;
}
