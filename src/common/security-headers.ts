import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy of every response unless its route sets its own: only this origin's
 * scripts (no inline script), inline styles allowed (the queue dashboard and the Swagger UI at
 * /admin/docs have them; the dashboard's web-font stylesheet from another origin is left out, so the
 * system font is used), and no page of another site may frame it (clickjacking: frame-ancestors 'none',
 * with X-Frame-Options DENY for old browsers).
 */
const BASE_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const policyText = (policy: Record<string, string[]>): string =>
  Object.entries(policy)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ');

/** A page whose only inline scripts are these exact texts (their sha256 hashes are allowed). */
export function cspWithInlineScripts(scripts: string[]): string {
  const hashes = scripts.map((script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`);
  return policyText({ ...BASE_POLICY, 'script-src': ["'self'", ...hashes] });
}

/**
 * helmet on every response: the policy above, X-Frame-Options DENY, nosniff, no referrer, and the other
 * helmet defaults. HSTS is left to whatever terminates TLS in front of the service (it serves plain
 * HTTP, where browsers ignore the header anyway).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: BASE_POLICY },
    frameguard: { action: 'deny' },
    strictTransportSecurity: false,
  });
}
