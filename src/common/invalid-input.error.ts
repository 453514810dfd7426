/**
 * Input a client must fix. GraphQL answers it with extensions.code BAD_USER_INPUT, REST with 400; nothing
 * is changed by a request that raises it.
 */
export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/** Checks that an integer argument lies in [min, max]. */
export function requireIntInRange(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInputError(`${field} must be an integer from ${min} to ${max}, got ${value}`, field);
  }
  return value;
}

/** Largest offset a list query accepts (Postgres integer range). */
export const MAX_OFFSET = 2 ** 31 - 1;
