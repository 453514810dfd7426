/**
 * Scaling the running service out and onto cores: one more worker process started beside it (as an
 * operator adds one, with no other change: it joins the BullMQ queues), and worker processes pinned to a
 * core each.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { AppProcess } from '../../test/helpers/app-process';
import { BenchService } from '../lib/bench-service';

/**
 * Starts another APP_ROLE=worker process on the service's database and Redis, with the settings
 * BenchService gave the others; it is added to service.workers, so service.stop() stops it too.
 */
export async function addWorker(service: BenchService, env: Record<string, string> = {}): Promise<AppProcess> {
  const worker = await AppProcess.start(
    { ...BenchService.DEFAULT_ENV, DATA_DIR: service.dataDir, REDIS_URL: service.redis.url, ...env, APP_ROLE: 'worker' },
    180000,
  );
  service.workers.push(worker);
  return worker;
}

/** Pins worker i, all of its threads, to CPU (i + 1) mod cores: one core per worker process. */
export function pinWorkers(service: BenchService): void {
  const cores = cpus().length;
  service.workers.forEach((worker, i) => execFileSync('taskset', ['-a', '-p', '-c', String((i + 1) % cores), String(worker.child.pid)], { stdio: 'ignore' }));
}
