import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isScope, type Scope } from './scopes';

export interface JwtSettings {
  /** HS256/384/512 shared secret. */
  secret?: string;
  /** Where the issuer publishes its signing keys (RS*, PS*, ES*, EdDSA). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export interface VerifiedToken {
  subject?: string;
  scopes: Scope[];
}

/** A token that does not verify: the reason says which check failed and never contains the token. */
export class InvalidTokenError extends Error {}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const SYMMETRIC = ['HS256', 'HS384', 'HS512'];

/**
 * The token's scopes: OAuth 2's space-separated `scope` claim, or `scp` as a list or string (Azure AD,
 * Okta). Names this service does not know are ignored, as a token minted for several APIs carries theirs.
 */
function scopesOf(payload: JWTPayload): Scope[] {
  const raw = payload.scope ?? payload.scp;
  const names = Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : typeof raw === 'string' ? raw.split(' ') : [];
  return names.filter(isScope);
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the token's signature does not verify";
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's algorithm is not accepted";
  if (error instanceof errors.JWKSNoMatchingKey) return "no published key matches the token's key id";
  // Anything but a JOSE error comes from fetching the key set (network, HTTP status, its JSON).
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) return 'the signing keys could not be fetched';
  return 'the token is not a valid JWT';
}

/** Verifies bearer JWTs against the configured secret or JWKS, issuer and audience. */
export class JwtVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly settings: JwtSettings) {
    if (settings.jwksUrl) {
      // jose caches the key set and refetches at most every 30 s when a token names an unknown key id.
      this.key = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30000 });
      this.algorithms = ASYMMETRIC;
    } else {
      this.key = new TextEncoder().encode(settings.secret ?? '');
      this.algorithms = SYMMETRIC;
    }
  }

  async verify(token: string): Promise<VerifiedToken> {
    try {
      const options = { issuer: this.settings.issuer, audience: this.settings.audience, algorithms: this.algorithms, clockTolerance: 30 };
      const { payload } = typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options);
      return { subject: typeof payload.sub === 'string' ? payload.sub : undefined, scopes: scopesOf(payload) };
    } catch (error) {
      throw new InvalidTokenError(reason(error));
    }
  }
}
