import { ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { parseApiKeys } from '../auth/api-keys';
import { NEVER_PUBLIC, parseScopes, SCOPES } from '../auth/scopes';

/** API_KEYS parses (see parseApiKeys); the message names the entry, never a key. */
@ValidatorConstraint({ name: 'isApiKeys' })
export class IsApiKeys implements ValidatorConstraintInterface {
  private problem = '';

  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      parseApiKeys(value);
      return true;
    } catch (error) {
      this.problem = (error as Error).message;
      return false;
    }
  }

  defaultMessage(): string {
    return `${this.problem || 'API_KEYS must be name:key:scopes entries'}; scopes: ${SCOPES.join(' ')}`;
  }
}

/** PUBLIC_SCOPES: known scopes, and none of the financial ones, which always need credentials. */
@ValidatorConstraint({ name: 'isPublicScopes' })
export class IsPublicScopes implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const scopes = parseScopes(value);
    return scopes !== undefined && !scopes.some((scope) => NEVER_PUBLIC.has(scope));
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must list scopes of ${SCOPES.filter((s) => !NEVER_PUBLIC.has(s)).join(' ')} (${[...NEVER_PUBLIC].join(', ')} always need credentials)`;
  }
}

/** One way to verify tokens: a shared secret or a key set, not both. */
@ValidatorConstraint({ name: 'isOneJwtKeySource' })
export class IsOneJwtKeySource implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return !(args.object as { JWT_SECRET?: string }).JWT_SECRET;
  }

  defaultMessage(): string {
    return 'set JWT_SECRET or JWT_JWKS_URL, not both';
  }
}
