import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second as /proc reports CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, threads included; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which sits in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Named processes whose CPU use is compared between two moments. */
export class CpuMeter {
  private start = new Map<string, number>();

  constructor(private readonly pids: Record<string, number>) {}

  begin(): void {
    this.start = new Map(Object.entries(this.pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  }

  /** CPU seconds per process since begin(). */
  used(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.pids).map(([name, pid]) => [name, cpuSeconds(pid) - (this.start.get(name) ?? 0)]));
  }
}
