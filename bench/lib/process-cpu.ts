/**
 * CPU time of the service's processes (Linux /proc): where the machine's cores went during a
 * measurement, per process (api, the embedded database it started, each worker, redis, load generator).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second as /proc reports CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) a process has used so far, threads included; 0 once it is gone. With
 * reaped, also the CPU of its children that have ended and been waited for.
 */
export function cpuSeconds(pid: number, reaped = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which sits in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (reaped ? own + Number(fields[13]) + Number(fields[14]) : own) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Child pids of every thread of a process (a child may have been started from any thread). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

function descendantsCpu(pid: number, reaped = false): number {
  return childrenOf(pid).reduce((total, child) => total + cpuSeconds(child, reaped) + descendantsCpu(child, reaped), 0);
}

/** Busy CPU seconds of the whole machine so far (all cores, everything but idle and iowait). */
function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/** A process to watch, and what to do with the CPU of its descendants (e.g. the database child). */
export interface WatchedProcess {
  label: string;
  pid: number;
  /** A label to count the descendants apart; undefined: added to the process; false: not counted. */
  childrenLabel?: string | false;
  /**
   * Count children that have ended too (with childrenLabel undefined): a server that forks a process per
   * connection, as Postgres does, keeps the CPU of closed connections only in its reaped children's time.
   */
  reapedChildren?: boolean;
}

/** CPU seconds so far per label, and of the machine as a whole under MACHINE. */
export type CpuSnapshot = Map<string, number>;

const MACHINE = 'machine';

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
      snapshot.set(p.label, cpuSeconds(p.pid, p.reapedChildren) + descendantsCpu(p.pid, p.reapedChildren));
    }
  }
  return snapshot;
}

/** CPU seconds per label (the machine left out) between two snapshots. */
function usedBetween(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [label, seconds] of after) if (label !== MACHINE) used[label] = seconds - (before.get(label) ?? 0);
  return used;
}

/**
 * CPU seconds per label between two snapshots (to 0.01 s), plus `other programs`: what the rest of the
 * machine used meanwhile (other programs on a shared machine make every number here slower).
 */
export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const used = usedBetween(before, after);
  const ours = Object.values(used).reduce((total, seconds) => total + seconds, 0);
  const delta = Object.fromEntries(Object.entries(used).map(([label, seconds]) => [label, Number(seconds.toFixed(2))]));
  delta['other programs'] = Number(Math.max(0, after.get(MACHINE)! - before.get(MACHINE)! - ours).toFixed(2));
  return delta;
}

/** Processes whose CPU use, per label, is compared between two moments. */
export class CpuMeter {
  private start: CpuSnapshot = new Map();

  constructor(private readonly processes: WatchedProcess[]) {}

  begin(): void {
    this.start = cpuSnapshot(this.processes);
  }

  /** CPU seconds per process since begin(), unrounded. */
  used(): Record<string, number> {
    return usedBetween(this.start, cpuSnapshot(this.processes));
  }
}
