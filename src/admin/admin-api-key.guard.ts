import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';

/** The header an admin request carries its key in. */
export const ADMIN_API_KEY_HEADER = 'x-api-key';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Lets an admin request through only with the configured ADMIN_API_KEY in the X-API-Key header.
 * Without a configured key the admin API is off: every request is refused, none runs. The comparison
 * takes the same time whatever the key sent (digests of equal length, timingSafeEqual), and neither
 * key appears in an answer or a log line.
 */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(config: AppConfig) {
    this.expected = config.ADMIN_API_KEY === undefined ? undefined : digest(config.ADMIN_API_KEY);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw new UnauthorizedException('the admin API is off: set ADMIN_API_KEY to use it');
    const sent = context.switchToHttp().getRequest<Request>().headers[ADMIN_API_KEY_HEADER];
    if (typeof sent !== 'string' || sent.length === 0) throw new UnauthorizedException(`send the admin API key in the ${ADMIN_API_KEY_HEADER} header`);
    if (!timingSafeEqual(digest(sent), this.expected)) throw new UnauthorizedException('wrong admin API key');
    return true;
  }
}
