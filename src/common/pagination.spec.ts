import { InvalidInputError } from './invalid-input.error';
import { requireKeysetPage } from './pagination';

describe('requireKeysetPage', () => {
  it('takes a limit with an offset or with a cursor id', () => {
    expect(requireKeysetPage(10, 0, null, 100)).toEqual({ limit: 10, offset: 0, after: null });
    expect(requireKeysetPage(10, 5, null, 100)).toEqual({ limit: 10, offset: 5, after: null });
    expect(requireKeysetPage(10, 0, 42, 100)).toEqual({ limit: 10, offset: 0, after: 42 });
  });

  it('refuses both at once, a negative or fractional cursor, and a limit above the page size', () => {
    expect(() => requireKeysetPage(10, 3, 42, 100)).toThrow(new InvalidInputError('give either offset or after, not both', 'after'));
    expect(() => requireKeysetPage(10, 0, -1, 100)).toThrow(/after must be an integer/);
    expect(() => requireKeysetPage(10, 0, 1.5, 100)).toThrow(/after must be an integer/);
    expect(() => requireKeysetPage(101, 0, 1, 100)).toThrow(/limit must be an integer/);
  });
});
