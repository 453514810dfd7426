import { intFlag, parseBenchArgs } from './bench-args';

describe('benchmark flags', () => {
  it('defaults to the quick size and the given results directory', () => {
    expect(parseBenchArgs([], '/results')).toEqual({ size: 'quick', outDir: '/results', extra: {} });
  });

  it('reads --size, --out and benchmark-specific flags in both spellings', () => {
    const args = parseBenchArgs(['--size', 'full', '--out=/tmp/r', '--rounds', '5'], '/results');
    expect(args).toEqual({ size: 'full', outDir: '/tmp/r', extra: { rounds: '5' } });
    expect(intFlag(args, 'rounds', 2)).toBe(5);
    expect(intFlag(args, 'texts', 512)).toBe(512);
  });

  it('refuses an unknown size, a flag without a value and a bare word', () => {
    expect(() => parseBenchArgs(['--size', 'huge'], '/r')).toThrow('--size must be quick or full, got "huge"');
    expect(() => parseBenchArgs(['--rounds'], '/r')).toThrow('--rounds needs a value');
    expect(() => parseBenchArgs(['full'], '/r')).toThrow('unexpected argument "full"');
  });

  it('refuses an integer flag that is not a positive integer', () => {
    expect(() => intFlag(parseBenchArgs(['--rounds', '0'], '/r'), 'rounds', 2)).toThrow('--rounds must be a positive integer, got "0"');
  });
});
