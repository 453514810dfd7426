import { execFileSync } from 'node:child_process';
import { cpuDelta, cpuSeconds, CpuMeter, cpuSnapshot } from './process-cpu';

/** Keeps this process busy for `ms` of wall-clock time, enough for several clock ticks of CPU. */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) Math.sqrt(Math.random());
}

describe('process CPU', () => {
  it('counts the CPU a process used, and 0 for one that is gone', () => {
    const before = cpuSeconds(process.pid);
    busy(200);
    expect(cpuSeconds(process.pid)).toBeGreaterThan(before);
    expect(cpuSeconds(2 ** 30)).toBe(0);
  });

  it('counts the CPU of ended children only when asked to', () => {
    const own = cpuSeconds(process.pid);
    const withReaped = cpuSeconds(process.pid, true);
    execFileSync(process.execPath, ['-e', 'const end = Date.now() + 300; while (Date.now() < end) Math.sqrt(Math.random());']);
    expect(cpuSeconds(process.pid, true) - withReaped).toBeGreaterThan(cpuSeconds(process.pid) - own + 0.1);
  });

  it('gives the CPU per label between snapshots, and what other programs used', () => {
    const processes = [{ label: 'self', pid: process.pid, childrenLabel: false as const }];
    const before = cpuSnapshot(processes);
    busy(200);
    const delta = cpuDelta(before, cpuSnapshot(processes));
    expect(Object.keys(delta)).toEqual(['self', 'other programs']);
    expect(delta.self).toBeGreaterThan(0);
    expect(delta['other programs']).toBeGreaterThanOrEqual(0);
  });

  it('meters named processes since begin()', () => {
    const meter = new CpuMeter([{ label: 'self', pid: process.pid, childrenLabel: false }]);
    meter.begin();
    busy(200);
    const used = meter.used();
    expect(Object.keys(used)).toEqual(['self']);
    expect(used.self).toBeGreaterThan(0);
  });
});
