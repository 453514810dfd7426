import { CommandSpec, parseCommandLine } from './command-line';

const spec: CommandSpec = {
  name: 'demo',
  usage: 'usage: demo [--count N] [--json] [file]',
  options: { count: { type: 'string' }, json: { type: 'boolean' } },
  maxPositionals: 1,
};

describe('parseCommandLine', () => {
  it('reads both spellings, flags, one positional and -- ; adds --help and --version to every command', () => {
    expect(parseCommandLine(spec, ['--count', ' 3 ', '--json', 'a.txt'])).toEqual({ values: { count: '3', json: true }, positionals: ['a.txt'], help: false, version: false });
    expect(parseCommandLine(spec, ['--count=4']).values).toEqual({ count: '4' });
    expect(parseCommandLine(spec, ['--', '--odd']).positionals).toEqual(['--odd']);
    expect(parseCommandLine(spec, ['-h']).help).toBe(true);
    expect(parseCommandLine(spec, ['--version']).version).toBe(true);
  });

  it.each([
    [['--cont', '3'], 'unknown option --cont'],
    [['--count'], '--count needs a value'],
    [['--count', ''], '--count needs a value'],
    [['--count', '--json'], '--count needs a value (one that starts with "-" is written --count=VALUE)'],
    [['--count', '1', '--count', '2'], '--count given twice'],
    [['--json=yes'], '--json takes no value'],
    [['a', 'b'], 'unexpected argument "b"'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseCommandLine(spec, argv)).toThrow(message);
  });
});
