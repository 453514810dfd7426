import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The header an admin request carries its key in. */
export const ADMIN_API_KEY_HEADER = 'x-api-key';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** The password of an `Authorization: Basic` header (the user name is ignored), if there is one. */
function basicPassword(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/**
 * Decides whether a request may use the admin API and the queue dashboard: it must carry the configured
 * ADMIN_API_KEY in the X-API-Key header, or as the password of HTTP Basic authentication (what a browser
 * can send to the dashboard). Without a configured key every request is refused. The comparison takes
 * the same time whatever was sent (digests of equal length, timingSafeEqual), and no key appears in a
 * refusal.
 */
export class AdminKey {
  private readonly expected: Buffer | undefined;

  constructor(configuredKey: string | undefined) {
    this.expected = configuredKey === undefined ? undefined : digest(configuredKey);
  }

  /** Why the request is refused, or undefined when it carries the key. */
  refusal(headers: IncomingHttpHeaders): string | undefined {
    if (!this.expected) return 'the admin API is off: set ADMIN_API_KEY to use it';
    const header = headers[ADMIN_API_KEY_HEADER];
    const sent = typeof header === 'string' && header.length > 0 ? header : basicPassword(headers.authorization);
    if (sent === undefined || sent.length === 0) return `send the admin API key in the ${ADMIN_API_KEY_HEADER} header`;
    return timingSafeEqual(digest(sent), this.expected) ? undefined : 'wrong admin API key';
  }
}
