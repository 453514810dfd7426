import { GraphQLError, Kind } from 'graphql';
import { dateTimeScalar } from './date-time.scalar';

describe('DateTime scalar', () => {
  it('gives out dates and ISO strings as ISO-8601 in UTC', () => {
    expect(dateTimeScalar.serialize(new Date(Date.UTC(2023, 8, 26, 16, 0, 0)))).toBe('2023-09-26T16:00:00.000Z');
    expect(dateTimeScalar.serialize('2023-09-26T09:00:00-07:00')).toBe('2023-09-26T16:00:00.000Z');
    expect(() => dateTimeScalar.serialize('not a date')).toThrow(GraphQLError);
    expect(() => dateTimeScalar.serialize(42)).toThrow(GraphQLError);
  });

  it('takes an ISO-8601 date and time with an offset, as a variable or a literal', () => {
    expect(dateTimeScalar.parseValue('2023-09-26T09:00:00-07:00')).toEqual(new Date('2023-09-26T16:00:00Z'));
    expect(dateTimeScalar.parseValue('2023-09-26T16:00Z')).toEqual(new Date('2023-09-26T16:00:00Z'));
    expect(dateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2023-09-26T16:00:00.5Z' })).toEqual(new Date('2023-09-26T16:00:00.500Z'));
  });

  it('refuses a time without an offset, a date alone, a date that does not exist and a non-string, with BAD_USER_INPUT and without the value', () => {
    for (const value of ['2023-09-26T16:00:00', '2023-09-26', '2023-02-30T10:00:00Z', '2023-09-26T24:30:00Z', 'x'.repeat(1000), 1695744000000]) {
      let error: unknown;
      try {
        dateTimeScalar.parseValue(value);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
      expect((error as GraphQLError).message).not.toContain(String(value));
    }
    expect(() => dateTimeScalar.parseLiteral({ kind: Kind.INT, value: '1' })).toThrow('DateTime must be given as a string');
  });
});
