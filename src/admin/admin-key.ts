import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The header an admin request carries its key in. */
export const ADMIN_API_KEY_HEADER = 'x-api-key';

/** What a request to the admin REST API that carries only HTTP Basic credentials is told. */
export const BASIC_REFUSED = `HTTP Basic authentication is accepted only by the queue dashboard: send the admin API key in the ${ADMIN_API_KEY_HEADER} header`;

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** The password of an `Authorization: Basic` header (the user name is ignored), if there is one. */
function basicPassword(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

const isBasic = (authorization: string | undefined): boolean => /^Basic\b/i.test(authorization ?? '');

/** Which credentials a route takes. */
export interface KeyCheck {
  /**
   * Also the key as the password of HTTP Basic authentication: only the queue dashboard, which a browser
   * opens. A browser sends remembered Basic credentials on every request to the site, also on a request
   * another site forged; a custom header such as X-API-Key it never adds by itself.
   */
  basic: boolean;
}

/**
 * Decides whether a request may use the admin API or the queue dashboard: it must carry the configured
 * ADMIN_API_KEY in the X-API-Key header or, on the dashboard only, as the password of HTTP Basic
 * authentication. Without a configured key every request is refused. The comparison takes the same time
 * whatever was sent (digests of equal length, timingSafeEqual), and no key appears in a refusal.
 */
export class AdminKey {
  private readonly expected: Buffer | undefined;

  constructor(configuredKey: string | undefined) {
    this.expected = configuredKey === undefined ? undefined : digest(configuredKey);
  }

  /** Why the request is refused, or undefined when it carries the key. */
  refusal(headers: IncomingHttpHeaders, check: KeyCheck): string | undefined {
    if (!this.expected) return 'the admin API is off: set ADMIN_API_KEY to use it';
    const header = headers[ADMIN_API_KEY_HEADER];
    let sent = typeof header === 'string' && header.length > 0 ? header : undefined;
    if (sent === undefined && check.basic) sent = basicPassword(headers.authorization);
    else if (sent === undefined && isBasic(headers.authorization)) return BASIC_REFUSED;
    if (sent === undefined || sent.length === 0) return `send the admin API key in the ${ADMIN_API_KEY_HEADER} header`;
    return timingSafeEqual(digest(sent), this.expected) ? undefined : 'wrong admin API key';
  }
}
