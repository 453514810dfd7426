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

/** 401 with a Basic challenge, so that a browser asks for the key (as the password) and sends it on. */
function requireAdminKey(key: AdminKey) {
  return (req: Request, res: Response, next: NextFunction) => {
    const refusal = key.refusal(req.headers);
    if (refusal === undefined) return next();
    res.status(401).set('WWW-Authenticate', 'Basic realm="semflow admin", charset="UTF-8"').json({ statusCode: 401, message: refusal, error: 'Unauthorized' });
  };
}

/**
 * Bull Board for every queue at /admin/queues/ui, behind the admin key. Mounted on the HTTP server
 * before Nest's routes, which would otherwise take "ui" for a queue name (GET /admin/queues/:name).
 */
export function mountQueueDashboard(app: INestApplication, config: AppConfig): void {
  const queues = app.get(QueueService);
  const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((name) => new BullMQAdapter(queues.queue(name))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'semflow queues' } },
  });
  app.use(QUEUE_DASHBOARD_PATH, requireAdminKey(new AdminKey(config.ADMIN_API_KEY)), serverAdapter.getRouter());
}
