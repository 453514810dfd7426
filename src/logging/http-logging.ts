import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { storage, Store } from 'nestjs-pino/storage';
import { pinoHttp } from 'pino-http';
import type { RootLogger } from './root-logger';

export const REQUEST_ID_HEADER = 'x-request-id';

/** An incoming id is kept when it is short and plain (it ends up in logs); otherwise a new one is made. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Read at the start: routers mounted on a prefix rewrite req.url while they serve it. */
const startPath = new WeakMap<IncomingMessage, string>();

function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const sent = req.headers[REQUEST_ID_HEADER];
  const id = typeof sent === 'string' && ACCEPTED_ID.test(sent) ? sent : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  startPath.set(req, (req.url ?? '/').split('?')[0]);
  return id;
}

function requestFields(req: IncomingMessage, res: ServerResponse, ms: number) {
  return { context: 'Http', method: req.method, path: startPath.get(req), status: res.statusCode, ms };
}

/**
 * Gives every HTTP request an id (the caller's X-Request-Id when acceptable, else a new UUID), sends it
 * back, and makes it a field of every line logged while the request is served (nestjs-pino reads the
 * request's child logger from its store). The request's own line is at debug level: method, path
 * without the query string, status, milliseconds; no headers or bodies, which may hold keys or data.
 *
 * Mounted with app.use ahead of everything, not as Nest module middleware, so that the routers main.ts
 * mounts itself (the queue dashboard, the docs) get ids too.
 */
export function httpLogging(root: RootLogger) {
  const logRequest = pinoHttp({
    logger: root,
    genReqId: requestIdOf,
    customAttributeKeys: { reqId: 'requestId' },
    // req.log and the request's line carry the id only, not the serialized request.
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: () => 'debug',
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
    customSuccessObject: (req, res, value: { responseTime: number }) => requestFields(req, res, value.responseTime),
    customErrorObject: (req, res, _error, value: { responseTime: number }) => requestFields(req, res, value.responseTime),
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    logRequest(req, res);
    storage.run(new Store(req.log), next);
  };
}
