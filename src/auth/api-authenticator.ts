import type { IncomingHttpHeaders } from 'node:http';
import { findApiKey, type ApiKey } from './api-keys';
import { InvalidTokenError, JwtVerifier, type JwtSettings } from './jwt-verifier';
import type { Principal } from './principal';
import type { Scope } from './scopes';

/** Credentials were sent but are not accepted (a wrong key, a token that does not verify). */
export class CredentialsRefusedError extends Error {}

export interface ApiAuthSettings {
  apiKeys: ApiKey[];
  jwt?: JwtSettings;
  publicScopes: Scope[];
}

const BEARER = /^Bearer\s+(\S{1,8192})\s*$/i;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Who a request acts as. `Authorization: Bearer <credential>`: a JWT (three dot-separated parts) when
 * JWT verification is configured, else an API key of API_KEYS. No Authorization header: anonymous, with
 * PUBLIC_SCOPES. A credential that is sent but not accepted is refused, even where anonymous access
 * would do: a client with a broken key should learn so, not silently get less.
 */
export class ApiAuthenticator {
  private readonly jwt?: JwtVerifier;
  private readonly anonymous: Principal;

  constructor(private readonly settings: ApiAuthSettings) {
    this.jwt = settings.jwt ? new JwtVerifier(settings.jwt) : undefined;
    this.anonymous = { kind: 'anonymous', scopes: new Set(settings.publicScopes) };
  }

  async authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
    const authorization = headers.authorization;
    if (authorization === undefined || authorization === '') return this.anonymous;
    const credential = BEARER.exec(authorization)?.[1];
    if (credential === undefined) throw new CredentialsRefusedError('send credentials as Authorization: Bearer <API key or token>');
    if (this.jwt && JWT_SHAPE.test(credential)) {
      try {
        const token = await this.jwt.verify(credential);
        return { kind: 'jwt', name: token.subject, subject: token.subject, scopes: new Set(token.scopes) };
      } catch (error) {
        if (error instanceof InvalidTokenError) throw new CredentialsRefusedError(`bearer token refused: ${error.message}`);
        throw error;
      }
    }
    const key = findApiKey(this.settings.apiKeys, credential);
    if (!key) throw new CredentialsRefusedError(this.jwt ? 'bearer credential refused: not a valid token or API key' : 'API key refused');
    return { kind: 'api-key', name: key.name, scopes: new Set(key.scopes) };
  }
}
