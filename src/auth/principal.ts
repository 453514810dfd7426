import type { Scope } from './scopes';

/** Who a GraphQL request acts as, once its credentials were checked. */
export interface Principal {
  /** anonymous: no credentials (PUBLIC_SCOPES); api-key: a configured API key; jwt: a verified token. */
  kind: 'anonymous' | 'api-key' | 'jwt';
  /** The key's configured name or the token's `sub`: for logs, never a secret. */
  name?: string;
  /** The user a token speaks for (its `sub`); userid arguments must name it unless act:any-user. */
  subject?: string;
  scopes: ReadonlySet<Scope>;
}

export const hasScope = (principal: Principal | undefined, scope: Scope): boolean => principal?.scopes.has(scope) ?? false;
