import type { AppConfig } from '../config/app-config';
import type { ApiAuthSettings } from './api-authenticator';
import { parseApiKeys } from './api-keys';
import { parseScopes } from './scopes';

/** The authenticator's settings from the (already validated) configuration. */
export function apiAuthSettings(config: AppConfig): ApiAuthSettings {
  const jwtConfigured = config.JWT_SECRET !== undefined || config.JWT_JWKS_URL !== undefined;
  return {
    apiKeys: parseApiKeys(config.API_KEYS),
    publicScopes: parseScopes(config.PUBLIC_SCOPES) ?? [],
    jwt: jwtConfigured ? { secret: config.JWT_SECRET, jwksUrl: config.JWT_JWKS_URL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE } : undefined,
  };
}
