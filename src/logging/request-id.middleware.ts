import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { JsonLogger } from './json-logger';
import { requestContext } from './request-context';

export const REQUEST_ID_HEADER = 'x-request-id';

/** An incoming id is kept when it is short and plain (it ends up in logs); otherwise a new one is made. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every HTTP request an id: the caller's X-Request-Id when acceptable, else a new UUID. It is sent
 * back in X-Request-Id, added to every log line written while the request is served, and to the
 * request's own line (debug level: method, path without the query string, status, milliseconds).
 */
export function requestIdMiddleware(logger: JsonLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const sent = req.headers[REQUEST_ID_HEADER];
    const requestId = typeof sent === 'string' && ACCEPTED_ID.test(sent) ? sent : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const started = performance.now();
    // Read now: routers mounted on a prefix rewrite req.url while they serve it.
    const { method, path } = req;
    res.on('finish', () => {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      logger.event('debug', 'Http', 'request', { requestId, method, path, status: res.statusCode, ms });
    });
    requestContext.run({ requestId }, next);
  };
}
