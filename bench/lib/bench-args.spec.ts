import { benchArgvFor, benchFlagsOf, databaseKinds, intFlag, parseBenchArgs } from './bench-args';

describe('benchmark flags', () => {
  it('defaults to the quick size and the given results directory', () => {
    expect(parseBenchArgs([], '/results')).toEqual({ size: 'quick', database: 'embedded', outDir: '/results', extra: {} });
  });

  it('reads --size, --out and benchmark-specific flags in both spellings', () => {
    const args = parseBenchArgs(['--size', 'full', '--out=/tmp/r', '--rounds', '5'], '/results', ['rounds', 'texts']);
    expect(args).toEqual({ size: 'full', database: 'embedded', outDir: '/tmp/r', extra: { rounds: '5' } });
    expect(intFlag(args, 'rounds', 2)).toBe(5);
    expect(intFlag(args, 'texts', 512)).toBe(512);
  });

  it('reads --database as the databases to measure on, in order', () => {
    expect(databaseKinds(parseBenchArgs([], '/r'))).toEqual(['embedded']);
    expect(databaseKinds(parseBenchArgs(['--database', 'postgres'], '/r'))).toEqual(['postgres']);
    expect(databaseKinds(parseBenchArgs(['--database=both'], '/r'))).toEqual(['embedded', 'postgres']);
    expect(() => parseBenchArgs(['--database', 'mysql'], '/r')).toThrow('--database must be embedded, postgres or both, got "mysql"');
  });

  it('refuses an unknown size, a flag without a value and a bare word', () => {
    expect(() => parseBenchArgs(['--size', 'huge'], '/r')).toThrow('--size must be quick or full, got "huge"');
    expect(() => parseBenchArgs(['--rounds'], '/r', ['rounds'])).toThrow('--rounds needs a value');
    expect(() => parseBenchArgs(['--rounds', '3'], '/r')).toThrow('unknown option --rounds');
    expect(() => parseBenchArgs(['full'], '/r')).toThrow('unexpected argument "full"');
  });

  it('refuses an integer flag that is not a positive integer', () => {
    expect(() => intFlag(parseBenchArgs(['--rounds', '0'], '/r', ['rounds']), 'rounds', 2)).toThrow('--rounds must be a positive integer, got "0"');
  });

  it('passes each benchmark of a summary run the common flags and only its own', () => {
    const args = parseBenchArgs(['--size', 'full', '--texts', '64', '--rows', '1000'], '/r', benchFlagsOf('summary'));
    expect(benchArgvFor('embed', args)).toEqual(['--size', 'full', '--database', 'embedded', '--out', '/r', '--texts', '64']);
    expect(benchArgvFor('sweep', args)).toEqual(['--size', 'full', '--database', 'embedded', '--out', '/r', '--rows', '1000']);
    expect(benchArgvFor('query', args)).toEqual(['--size', 'full', '--database', 'embedded', '--out', '/r']);
  });
});
