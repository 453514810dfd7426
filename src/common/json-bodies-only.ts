import type { NextFunction, Request, Response } from 'express';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * 415 for a request that declares a body other than JSON. A page of another site can make a browser
 * post a form (urlencoded, multipart, text/plain) without a CORS preflight; such a request is refused
 * here whole, before a route could run on an empty body. Requests without a Content-Type (a bodiless
 * POST from curl) pass.
 */
export function jsonBodiesOnly(req: Request, res: Response, next: NextFunction): void {
  const type = req.headers['content-type'];
  if (type === undefined || JSON_TYPE.test(type) || req.method === 'GET' || req.method === 'HEAD') return next();
  res.status(415).json({ statusCode: 415, message: 'request bodies must be JSON (Content-Type: application/json)', error: 'Unsupported Media Type' });
}
