import { performance } from 'node:perf_hooks';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with other processes' Date.now(). */
export const wallClockMs = (): number => performance.timeOrigin + performance.now();
