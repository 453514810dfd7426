import type { AppProcess } from './app-process';
import { waitFor } from './wait-for';

interface Counts {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
}

/** Waits until no queue of the service has a job waiting, running or delayed. */
export async function waitForQueuesDrained(app: AppProcess, timeoutMs = 120000): Promise<void> {
  await waitFor(
    'all queues drained',
    async () => {
      const { status, body } = await app.request('GET', '/admin/queues');
      return status === 200 && (body as Counts[]).every((q) => q.waiting + q.active + q.delayed === 0);
    },
    timeoutMs,
    50,
  );
}
