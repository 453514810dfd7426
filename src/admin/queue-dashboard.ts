import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { QueueService } from '../queue/queue.service';
import { ALL_QUEUES } from '../queue/queue.types';
import { AdminKey } from './admin-key';

export const QUEUE_DASHBOARD_PATH = '/admin/queues/ui';

/** What a change through a read-only dashboard is told. */
export const DASHBOARD_READ_ONLY_REFUSAL = 'the queue dashboard is read-only (QUEUE_DASHBOARD_READ_ONLY): change queues through the admin API';

/**
 * 401 with a Basic challenge, so that a browser asks for the key (as the password) and sends it on. The
 * dashboard is the one admin route that takes Basic credentials; the others want X-API-Key.
 */
function requireAdminKey(key: AdminKey) {
  return (req: Request, res: Response, next: NextFunction) => {
    const refusal = key.refusal(req.headers, { basic: true });
    if (refusal === undefined) return next();
    res.status(401).set('WWW-Authenticate', 'Basic realm="semflow admin", charset="UTF-8"').json({ statusCode: 401, message: refusal, error: 'Unauthorized' });
  };
}

/** Read-only: only GET and HEAD reach Bull Board; its actions (PUT, POST, DELETE) are refused, not just hidden. */
function refuseChanges(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  res.status(403).json({ statusCode: 403, message: DASHBOARD_READ_ONLY_REFUSAL, error: 'Forbidden' });
}

/**
 * Bull Board for every queue at /admin/queues/ui, behind the admin key. Mounted on the HTTP server
 * before Nest's routes, which would otherwise take "ui" for a queue name (GET /admin/queues/:name). Its
 * page (inline styles, its own scripts) runs under the service-wide policy of security-headers.ts.
 */
export function mountQueueDashboard(app: INestApplication, config: AppConfig): void {
  const queues = app.get(QueueService);
  const readOnly = config.QUEUE_DASHBOARD_READ_ONLY;
  const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((name) => new BullMQAdapter(queues.queue(name), { readOnlyMode: readOnly })),
    serverAdapter,
    options: { uiConfig: { boardTitle: readOnly ? 'semflow queues (read-only)' : 'semflow queues' } },
  });
  const guards = [requireAdminKey(new AdminKey(config.ADMIN_API_KEY)), ...(readOnly ? [refuseChanges] : [])];
  app.use(QUEUE_DASHBOARD_PATH, ...guards, serverAdapter.getRouter());
}
