import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { AdminKey } from './admin-key';

/** Lets an admin request through only with the configured ADMIN_API_KEY in X-API-Key (see AdminKey); 401 otherwise. */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  private readonly key: AdminKey;

  constructor(config: AppConfig) {
    this.key = new AdminKey(config.ADMIN_API_KEY);
  }

  canActivate(context: ExecutionContext): boolean {
    const refusal = this.key.refusal(context.switchToHttp().getRequest<Request>().headers, { basic: false });
    if (refusal !== undefined) throw new UnauthorizedException(refusal);
    return true;
  }
}
