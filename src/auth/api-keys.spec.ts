import { findApiKey, parseApiKeys } from './api-keys';

describe('API keys', () => {
  it('parses entries with their scopes and finds a key by its value only', () => {
    const keys = parseApiKeys(' ci:key-one-0123456789abc:read:talks+write:likes , reports:key-two-0123456789abc:read:finance read:cards');
    expect(keys.map(({ name, scopes }) => ({ name, scopes }))).toEqual([
      { name: 'ci', scopes: ['read:talks', 'write:likes'] },
      { name: 'reports', scopes: ['read:finance', 'read:cards'] },
    ]);
    expect(findApiKey(keys, 'key-two-0123456789abc')?.name).toBe('reports');
    expect(findApiKey(keys, 'key-two-0123456789abd')).toBeUndefined();
    expect(findApiKey(keys, 'ci')).toBeUndefined();
    expect(parseApiKeys('')).toEqual([]);
  });

  it.each([
    ['a short key', 'ci:short:read:talks', /entry 1 must be name:key:scopes/],
    ['an unknown scope', 'ci:key-one-0123456789abc:read:all', /entry 1 \(ci\) names an unknown scope/],
    ['a name used twice', 'ci:key-one-0123456789abc:read:talks,ci:key-two-0123456789abc:read:talks', /names ci twice/],
  ])('refuses %s without showing the key', (_case, setting, message) => {
    expect(() => parseApiKeys(setting)).toThrow(message);
    try {
      parseApiKeys(setting);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/key-one|key-two|short/);
    }
  });
});
