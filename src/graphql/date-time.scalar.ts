import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** Date and time with an offset (Z or ±hh:mm), seconds and fractions optional: what RFC 3339 allows. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

function badInput(message: string): GraphQLError {
  // The value is not repeated: it is the client's input, and may be long or hold anything.
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || value.length > 40 || !ISO_DATE_TIME.test(value)) {
    throw badInput('DateTime must be an ISO-8601 date and time with an offset, such as 2024-01-31T09:00:00Z');
  }
  // Date would roll 2023-02-30 over to March 2 and 25:00 to the next day.
  const [year, month, day, hour, minute, second = 0] = value.split(/[-T:.Z+]/i).map(Number);
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw badInput('DateTime is not a date and time that exists');
  }
  return new Date(value);
}

/**
 * semflow's own timestamps (when a row was written, when its vector was stored) as DateTime: ISO-8601
 * in UTC on the way out. The DataSQRL Current23 SDL declares the scalar and uses String for its own
 * fields, which keep their shape; so do the finflow source's columns, which hold whatever text the
 * writing system put there.
 */
export const dateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 date and time; given out in UTC (2023-09-26T16:00:00.000Z).',
  serialize(value) {
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent a value that is not a date');
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be given as a string');
    return parseDateTime(ast.value);
  },
});
