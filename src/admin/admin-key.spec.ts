import { AdminKey, BASIC_REFUSED } from './admin-key';

const KEY = 'the-admin-key-0123456789';
const basic = (userAndPassword: string) => ({ authorization: `Basic ${Buffer.from(userAndPassword).toString('base64')}` });
const DASHBOARD = { basic: true };
const API = { basic: false };

describe('AdminKey', () => {
  const key = new AdminKey(KEY);

  it('lets a request through with the key in X-API-Key, on the API and the dashboard', () => {
    expect(key.refusal({ 'x-api-key': KEY }, API)).toBeUndefined();
    expect(key.refusal({ 'x-api-key': KEY }, DASHBOARD)).toBeUndefined();
  });

  it('takes the key as the Basic password, whatever the user name, on the dashboard only', () => {
    expect(key.refusal(basic(`anyone:${KEY}`), DASHBOARD)).toBeUndefined();
    expect(key.refusal(basic(`:${KEY}`), DASHBOARD)).toBeUndefined();
    expect(key.refusal(basic(`anyone:${KEY}`), API)).toBe(BASIC_REFUSED);
    expect(key.refusal(basic('anyone:wrong'), API)).toBe(BASIC_REFUSED);
    expect(BASIC_REFUSED).toMatch(/send the admin API key in the x-api-key header/);
  });

  it('decides on X-API-Key alone when a browser also sends remembered Basic credentials', () => {
    expect(key.refusal({ 'x-api-key': KEY, ...basic('u:anything') }, API)).toBeUndefined();
    expect(key.refusal({ 'x-api-key': 'wrong-key-0123456789', ...basic(`u:${KEY}`) }, API)).toBe('wrong admin API key');
    expect(key.refusal({ 'x-api-key': 'wrong-key-0123456789', ...basic(`u:${KEY}`) }, DASHBOARD)).toBe('wrong admin API key');
  });

  it('keeps everything after the first colon as the password', () => {
    const withColon = new AdminKey('part-one:part-two-0123');
    expect(withColon.refusal(basic('user:part-one:part-two-0123'), DASHBOARD)).toBeUndefined();
    expect(withColon.refusal(basic('user:part-one'), DASHBOARD)).toBe('wrong admin API key');
  });

  it('refuses a missing, empty, malformed or wrong key without repeating it', () => {
    const missing = 'send the admin API key in the x-api-key header';
    expect(key.refusal({}, API)).toBe(missing);
    expect(key.refusal({ 'x-api-key': '' }, API)).toBe(missing);
    expect(key.refusal({ authorization: `Bearer ${KEY}` }, API)).toBe(missing);
    expect(key.refusal(basic(KEY), DASHBOARD)).toBe(missing); // no colon: not user:password
    expect(key.refusal(basic('user:'), DASHBOARD)).toBe(missing);
    expect(key.refusal({ 'x-api-key': `${KEY}x` }, API)).toBe('wrong admin API key');
    expect(key.refusal(basic(`user:${KEY.slice(1)}`), DASHBOARD)).toBe('wrong admin API key');
  });

  it('refuses everything when no key is configured', () => {
    expect(new AdminKey(undefined).refusal({ 'x-api-key': KEY }, API)).toBe('the admin API is off: set ADMIN_API_KEY to use it');
    expect(new AdminKey(undefined).refusal(basic(`u:${KEY}`), DASHBOARD)).toBe('the admin API is off: set ADMIN_API_KEY to use it');
  });
});
