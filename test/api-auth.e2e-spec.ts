import { SignJWT } from 'jose';
import type { Client } from 'pg';
import { TEST_API_KEYS } from './helpers/app-process';
import { TestService } from './helpers/test-service';

const JWT_SECRET = 'jwt-secret-for-tests-0123456789abcdef';
const READER_KEY = 'reader-key-0123456789abcdef';
const TALKS_KEY = 'talks-key-0123456789abcdef';
const FULL_KEY = 'test-api-key-0123456789abcdef';
const secret = new TextEncoder().encode(JWT_SECRET);

const token = (claims: Record<string, unknown>, options: { key?: Uint8Array; expiresIn?: string; audience?: string } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setAudience(options.audience ?? 'semflow-tests')
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(options.key ?? secret);

const CARD = '4111-1111-1111-4242';
const holder = {
  nationalId: '840312-0101-081',
  firstName: 'Thandi',
  accounts: { creditCards: [{ cardNumber: CARD, cardType: 'Visa', expDate: '08/27', issuingBank: 'Absa Bank' }] },
};

/**
 * GraphQL authentication and scopes through the real service: requests without credentials get only
 * PUBLIC_SCOPES (the talks), API keys and JWTs get their scopes, a token acts only for its own user,
 * card numbers are masked without read:cards, and every refusal changes nothing.
 */
describe('GraphQL API authentication', () => {
  let service: TestService;
  let db: Client;

  beforeAll(async () => {
    service = await TestService.start('api-auth', {
      API_KEYS: `${TEST_API_KEYS},reader:${READER_KEY}:read:finance+read:talks,talks:${TALKS_KEY}:read:talks`,
      JWT_SECRET,
      JWT_AUDIENCE: 'semflow-tests',
    });
    db = await service.db();
    const added = await post('mutation($h: AccountHolderInput!) { AddAccountHolder(holder: $h) { id } }', { h: holder }, `Bearer ${FULL_KEY}`);
    expect(added.body.errors).toBeUndefined();
    await db.query(`INSERT INTO events (id, url, date, time, title, abstract, location, speakers, last_updated, full_text, start_time, start_timestamp)
      VALUES (7, 'https://example.org/7', 'Sept 27', '9:00am', 'Streams', 'About streams', 'Hall', '[]', now(), 'Streams about streams', '2023-09-27 09:00', now())`);
  });

  afterAll(async () => {
    await service?.stop();
  });

  async function post(query: string, variables?: Record<string, unknown>, authorization?: string) {
    const response = await fetch(`${service.app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    const body = JSON.parse(text);
    return { status: response.status, body, text, challenge: response.headers.get('www-authenticate'), code: body.errors?.[0]?.extensions?.code as string | undefined };
  }
  const count = async (table: string): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const like = (userid: string, authorization?: string) =>
    post('mutation($l: LikedInput!) { Likes(liked: $l) { userid } }', { l: { userid, eventId: 7, liked: true } }, authorization);

  it('serves the talks without credentials (PUBLIC_SCOPES) and nothing financial or personal', async () => {
    expect((await post('{ Events(limit: 5) { id } }')).body.data.Events).toEqual([{ id: 7 }]);
    for (const query of ['{ AccountHolders { nationalId } }', '{ TransactionSearch(text: "rent") { score } }', '{ EventsLiked(userid: "ann") { id } }']) {
      const refused = await post(query);
      expect(refused).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      // Refused before execution: no resolver ran, so there is no data at all.
      expect(refused.body.data).toBeUndefined();
      expect(refused.challenge).toMatch(/^Bearer /);
    }
  });

  it('refuses writes without credentials and stores nothing', async () => {
    const holders = await count('accountholders');
    const addHolder = await post('mutation($h: AccountHolderInput!) { AddAccountHolder(holder: $h) { id } }', { h: { ...holder, nationalId: '790101-5011-082' } });
    expect(addHolder).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await count('accountholders')).toBe(holders);
    expect(await like('ann')).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await count('likes')).toBe(0);
  });

  it('checks root fields reached through fragments too', async () => {
    const refused = await post('query { ...Secret } fragment Secret on Query { ... on Query { AccountHolders { nationalId } } }');
    expect(refused).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(refused.body.data).toBeUndefined();
  });

  it('refuses a wrong key or a malformed header, even for public fields, without echoing it', async () => {
    for (const authorization of ['Bearer not-a-key-but-a-secret-9876543210', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const refused = await post('{ Events(limit: 1) { id } }', undefined, authorization);
      expect(refused).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(refused.text).not.toContain('not-a-key-but-a-secret');
      expect(refused.text).not.toContain('dXNlcjpwYXNz');
    }
  });

  it('gives an API key its scopes: reads allowed, a write it lacks is 403 and stores nothing', async () => {
    const read = await post('{ AccountHolders { nationalId } }', undefined, `Bearer ${READER_KEY}`);
    expect(read.body.data.AccountHolders).toEqual([{ nationalId: holder.nationalId }]);
    const holders = await count('accountholders');
    const write = await post(
      'mutation($h: AccountHolderInput!) { AddAccountHolder(holder: $h) { id } }',
      { h: { ...holder, nationalId: '790101-5011-082' } },
      `Bearer ${READER_KEY}`,
    );
    expect(write).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(write.body.errors[0].message).toContain('write:finance');
    expect(await count('accountholders')).toBe(holders);
    expect(await post('{ AccountHolders { nationalId } }', undefined, `Bearer ${TALKS_KEY}`)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('masks card numbers without read:cards and shows them whole with it', async () => {
    const query = '{ AccountHolder(nationalId: "840312-0101-081") { accounts { creditCards { cardNumber cardType } } } }';
    const stored = (await db.query(`SELECT accounts->'creditCards'->0->>'cardNumber' AS n FROM accountholders`)).rows[0].n;
    expect(stored).toBe(CARD);
    const masked = (await post(query, undefined, `Bearer ${READER_KEY}`)).body.data.AccountHolder.accounts.creditCards[0];
    expect(masked).toEqual({ cardNumber: '****-****-****-4242', cardType: 'Visa' });
    const whole = (await post(query, undefined, `Bearer ${FULL_KEY}`)).body.data.AccountHolder.accounts.creditCards[0];
    expect(whole.cardNumber).toBe(stored);
  });

  it('lets a JWT act only for its own user (sub), unless it has act:any-user', async () => {
    const ann = `Bearer ${await token({ sub: 'ann', scope: 'read:likes write:likes' })}`;
    expect((await like('ann', ann)).body.data.Likes).toEqual({ userid: 'ann' });
    const asBob = await like('bob', ann);
    expect(asBob).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(asBob.text).not.toContain('bob');
    const viaVariable = await post('query($u: String!) { EventsLiked(userid: $u) { id } }', { u: 'bob' }, ann);
    expect(viaVariable).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await post('{ EventsLiked(userid: "ann") { id } }', undefined, ann)).body.data.EventsLiked).toEqual([{ id: 7 }]);
    expect((await db.query('SELECT userid FROM likes ORDER BY userid')).rows).toEqual([{ userid: 'ann' }]);

    const service_ = `Bearer ${await token({ sub: 'recommender', scp: ['read:likes', 'act:any-user'] })}`;
    expect((await post('{ EventsLiked(userid: "ann") { id } }', undefined, service_)).body.data.EventsLiked).toEqual([{ id: 7 }]);
    // The finance scopes a token does not carry are not implied by others.
    expect(await post('{ AccountHolders { id } }', undefined, ann)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('refuses expired, foreign-signed and wrong-audience tokens, saying which check failed', async () => {
    const cases: Array<[string, Promise<string>, RegExp]> = [
      ['expired', token({ sub: 'ann', scope: 'read:likes' }, { expiresIn: '-5m' }), /expired/],
      ['foreign key', token({ sub: 'ann', scope: 'read:likes' }, { key: new TextEncoder().encode('another-secret-0123456789abcdefghij') }), /signature/],
      ['wrong audience', token({ sub: 'ann', scope: 'read:likes' }, { audience: 'someone-else' }), /aud/],
    ];
    for (const [, pending, reason] of cases) {
      const refused = await post('{ EventsLiked(userid: "ann") { id } }', undefined, `Bearer ${await pending}`);
      expect(refused).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(refused.body.errors[0].message).toMatch(reason);
    }
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"ann","scope":"read:likes"}').toString('base64url')}.`;
    expect(await post('{ EventsLiked(userid: "ann") { id } }', undefined, `Bearer ${unsigned}`)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
