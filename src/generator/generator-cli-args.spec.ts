import { parseGeneratorArgs } from './generator-cli-args';

describe('generate command line', () => {
  it('reads counts, rate, seed, start, database URL and flags, as "--name value" or "--name=value"', () => {
    expect(parseGeneratorArgs(['--holders', '10', '--transactions', '20'])).toEqual({ holders: 10, transactions: 20, json: false });
    expect(
      parseGeneratorArgs([
        '--transactions=4',
        '--holders=2',
        '--rate',
        '50/s',
        '--seed',
        '7',
        '--start',
        '2025-06-01T12:00:00+02:00',
        '--database-url',
        'postgres://u:p@db/x',
        '--json',
      ]),
    ).toEqual({
      holders: 2,
      transactions: 4,
      rate: 50,
      seed: 7,
      startMs: Date.parse('2025-06-01T10:00:00Z'),
      databaseUrl: 'postgres://u:p@db/x',
      json: true,
    });
    expect(parseGeneratorArgs(['--holders', '1', '--transactions', '0', '--rate', '2.5']).rate).toBe(2.5);
    expect(parseGeneratorArgs(['--holders', '0', '--transactions', '0'])).toMatchObject({ holders: 0, transactions: 0 });
  });

  it('takes a rate of 0 as no rate: as fast as possible', () => {
    expect(parseGeneratorArgs(['--holders', '1', '--transactions', '2', '--rate', '0/s']).rate).toBeUndefined();
    expect(parseGeneratorArgs(['--holders', '1', '--transactions', '2', '--rate=0']).rate).toBeUndefined();
  });

  it('refuses an odd transaction count: every payment is two rows', () => {
    expect(() => parseGeneratorArgs(['--holders', '5', '--transactions', '3'])).toThrow(
      '--transactions counts rows, two per payment (an outbound and an inbound leg), so it must be even; got 3',
    );
  });

  it('refuses payments without account holders', () => {
    expect(() => parseGeneratorArgs(['--holders', '0', '--transactions', '2'])).toThrow('--transactions needs --holders 1 or more');
  });

  it.each([
    [['--transactions', '2'], '--holders is required'],
    [['--holders', '2'], '--transactions is required'],
    [['--holders=-1', '--transactions', '2'], '--holders must be a whole number, got "-1"'],
    [['--holders', '-1', '--transactions', '2'], '--holders needs a value (one that starts with "-" is written --holders=VALUE)'],
    [['--holders', '1.5', '--transactions', '2'], '--holders must be a whole number'],
    [['--holders', '2', '--transactions', 'ten'], '--transactions must be a whole number'],
    [['--holders', '2', '--transactions', '2', '--rate', 'fast'], '--rate must be rows per second like 50/s or 50'],
    [['--holders', '2', '--transactions', '2', '--rate', '5/min'], '--rate must be rows per second'],
    [['--holders', '2', '--transactions', '2', '--seed=-3'], '--seed must be a whole number'],
    [['--holders', '', '--transactions', '2'], '--holders needs a value'],
    [['--holders', '2', '--transactions', '2', '--json=no'], '--json takes no value'],
    [['--holders', '2', '--transactions', '2', '--seed', '4294967296'], '--seed must be at most 4294967295'],
    [['--holders', '2', '--transactions', '2', '--start', '2026-01-01T00:00:00'], '--start must be an ISO-8601 instant with a zone'],
    [['--holders', '2', '--transactions', '2', '--start', 'yesterday'], '--start must be an ISO-8601 instant with a zone'],
    [['--holders', '2', '--transactions', '2', '--database-url', 'mysql://x'], '--database-url must be a postgres:// or postgresql:// URL'],
    [['--holders', '2', '--transactions', '2', '--holders', '3'], '--holders given twice'],
    [['--holders', '--transactions', '2'], '--holders needs a value'],
    [['--holders', '2', '--transactions', '2', '--seed'], '--seed needs a value'],
    [['--holders', '2', '--transactions', '2', '--verbose'], 'unknown option --verbose'],
    [['--holders', '2', '--transactions', '2', 'extra'], 'unexpected argument "extra"'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseGeneratorArgs(argv)).toThrow(message);
  });
});
