import { AdminKey } from './admin-key';

const KEY = 'the-admin-key-0123456789';
const basic = (userAndPassword: string) => ({ authorization: `Basic ${Buffer.from(userAndPassword).toString('base64')}` });

describe('AdminKey', () => {
  const key = new AdminKey(KEY);

  it('lets a request through with the key in X-API-Key or as the Basic password, whatever the user name', () => {
    expect(key.refusal({ 'x-api-key': KEY })).toBeUndefined();
    expect(key.refusal(basic(`anyone:${KEY}`))).toBeUndefined();
    expect(key.refusal(basic(`:${KEY}`))).toBeUndefined();
  });

  it('keeps everything after the first colon as the password', () => {
    const withColon = new AdminKey('part-one:part-two-0123');
    expect(withColon.refusal(basic('user:part-one:part-two-0123'))).toBeUndefined();
    expect(withColon.refusal(basic('user:part-one'))).toBe('wrong admin API key');
  });

  it('refuses a missing, empty, malformed or wrong key without repeating it', () => {
    const missing = 'send the admin API key in the x-api-key header';
    expect(key.refusal({})).toBe(missing);
    expect(key.refusal({ 'x-api-key': '' })).toBe(missing);
    expect(key.refusal({ authorization: `Bearer ${KEY}` })).toBe(missing);
    expect(key.refusal(basic(KEY))).toBe(missing); // no colon: not user:password
    expect(key.refusal(basic('user:'))).toBe(missing);
    expect(key.refusal({ 'x-api-key': `${KEY}x` })).toBe('wrong admin API key');
    expect(key.refusal(basic(`user:${KEY.slice(1)}`))).toBe('wrong admin API key');
  });

  it('prefers X-API-Key when both are sent', () => {
    expect(key.refusal({ 'x-api-key': 'wrong-key-0123456789', ...basic(`u:${KEY}`) })).toBe('wrong admin API key');
  });

  it('refuses everything when no key is configured', () => {
    expect(new AdminKey(undefined).refusal({ 'x-api-key': KEY })).toBe('the admin API is off: set ADMIN_API_KEY to use it');
  });
});
