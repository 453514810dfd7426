import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { InvalidInputError } from '../common/invalid-input.error';
import { retryLaterOf } from '../common/retry-later';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../database/database-unavailable';

/** Domain errors become typed GraphQL errors; anything unexpected is reported without internals. */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof InvalidInputError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'BAD_USER_INPUT', ...(original.field ? { field: original.field } : {}) },
    };
  }
  const code = formatted.extensions?.code;
  const unexpected = code === 'INTERNAL_SERVER_ERROR' || code === undefined;
  const retryLater = unexpected ? retryLaterOf(original) : undefined;
  if (retryLater) {
    // HTTP 503 and Retry-After are set by retryLaterPlugin from these extensions.
    const { message, code: retryCode, retryAfterSeconds } = retryLater;
    return { message, path: formatted.path, locations: formatted.locations, extensions: { code: retryCode, retryAfterSeconds } };
  }
  if (unexpected && isDatabaseUnavailable(original)) {
    return { message: DATABASE_UNAVAILABLE_MESSAGE, path: formatted.path, locations: formatted.locations, extensions: { code: 'DATABASE_UNAVAILABLE' } };
  }
  if (unexpected) {
    return { message: 'internal error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const { stacktrace: _omitted, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions };
}
