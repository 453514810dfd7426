import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { snapshotDatabase, type DbSnapshot } from './helpers/db-snapshot';
import { waitForQueuesDrained } from './helpers/queues';
import { readSharedEvents } from './helpers/shared-events';
import { sharedDir } from './helpers/shared-dir';
import { TEST_AUTHORIZATION } from './helpers/app-process';
import { TestService } from './helpers/test-service';

const TALKS = sharedDir('data', 'current23', 'head-2026', 'events-test', 'events.jsonl');
const HOLDER = { nationalId: '731102-4821-085', firstName: 'Ada', accounts: { bankAccounts: [{ accountId: 'ACC1' }] } };
const LEG = { eventId: 'leg-1', transactionId: 'tx-1', direction: 'OUTBOUND', amount: { baseValue: 10, value: 185 } };

/** What a bad request got back: its HTTP status and, for GraphQL, the first error's code. */
interface Outcome {
  status: number;
  code?: string;
  message: string;
}

interface Case {
  name: string;
  send: () => Promise<Outcome>;
  /** The HTTP status, and for GraphQL the error code, the request must get. */
  expected: { status: number; code?: string; message?: RegExp };
}

/**
 * Bad input of every kind, over GraphQL, the admin REST API and a talks file: each request gets a typed
 * error, and afterwards every row of every table is as it was and no job was queued.
 */
describe('bad input changes nothing', () => {
  let service: TestService;
  let workDir: string;
  let talkId: number;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'semflow-bad-input-'));
    // The schema has no cycles, so a low depth limit is what lets a plain query go over it.
    service = await TestService.start('bad-input', { EVENTS_SOURCE: TALKS, GRAPHQL_MAX_DEPTH: '3', EVENTS_SOURCE_ALLOWED_DIRS: workDir });
    talkId = Number(/(\d+)$/.exec(readSharedEvents('head-2026/events-test/events.jsonl')[0].url)![1]);
    await service.waitFor('the talks ingested', async () => (await service.app.graphql('{ Events(limit: 100) { id } }')).data?.Events.length > 20);
    // Some of every kind of row, so that a bad request has something it could wrongly change.
    const setup = [
      service.app.graphql('mutation($l: LikedInput!) { Likes(liked: $l) { userid } }', { l: { eventId: talkId, userid: 'ann', liked: true } }),
      service.app.graphql('mutation { AddInterest(interest: { userid: "ann", text: "stream processing" }) { id } }'),
      service.app.graphql('mutation($h: AccountHolderInput!) { AddAccountHolder(holder: $h) { id } }', { h: HOLDER }),
      service.app.graphql('mutation($t: TransactionInput!) { AddTransaction(transaction: $t) { id } }', { t: LEG }),
    ];
    for (const result of await Promise.all(setup)) expect(result.errors).toBeUndefined();
    await service.waitFor('talks, interest, holder and leg embedded', async () => {
      const db = await service.db();
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM events WHERE embedding IS NULL)::int
              + (SELECT count(*) FROM interests WHERE embedding IS NULL)::int AS missing`,
      );
      const status = (await service.app.request('GET', '/admin/embeddings/status')).body as Array<{ pending: number; embedded: number }>;
      return rows[0].missing === 0 && status.every((s) => s.pending === 0 && s.embedded === 1);
    });
    await waitForQueuesDrained(service.app);
  });

  afterAll(async () => {
    await service?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const graphql = async (query: string, variables?: Record<string, unknown>): Promise<Outcome> => {
    const response = await fetch(`${service.app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...TEST_AUTHORIZATION },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as any;
    expect(body.data?.[Object.keys(body.data ?? {})[0]] ?? null).toBeNull();
    return { status: response.status, code: body.errors?.[0]?.extensions?.code, message: body.errors?.[0]?.message ?? '' };
  };
  const raw = async (method: string, urlPath: string, body: string | undefined, headers: Record<string, string>): Promise<Outcome> => {
    const response = await fetch(service.app.baseUrl + urlPath, { method, headers, body });
    const text = await response.text();
    let message = text;
    try {
      const parsed = JSON.parse(text);
      message = typeof parsed.message === 'string' ? parsed.message : JSON.stringify(parsed.message ?? parsed.errors ?? parsed);
    } catch {
      /* not JSON: the message is the text */
    }
    return { status: response.status, message };
  };
  const admin = async (method: string, urlPath: string, body?: unknown): Promise<Outcome> => {
    const { status, body: answer } = await service.app.request(method, urlPath, body);
    return { status, message: JSON.stringify(answer?.message ?? answer) };
  };
  const like = (liked: Record<string, unknown>) => graphql('mutation($l: LikedInput!) { Likes(liked: $l) { userid } }', { l: liked });
  const interest = (userid: string, text: string) => graphql('mutation($i: AddInterest!) { AddInterest(interest: $i) { id } }', { i: { userid, text } });
  const holder = (h: Record<string, unknown>) => graphql('mutation($h: AccountHolderInput!) { AddAccountHolder(holder: $h) { id } }', { h });
  const leg = (t: Record<string, unknown>) => graphql('mutation($t: TransactionInput!) { AddTransaction(transaction: $t) { id } }', { t });

  const BAD_INPUT = { status: 200, code: 'BAD_USER_INPUT' };
  const BAD_VARIABLES = { status: 400, code: 'BAD_USER_INPUT' };
  const INVALID = { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' };

  function graphqlCases(): Case[] {
    return [
      { name: 'syntax error', send: () => graphql('{ Events(limit: 5 }'), expected: { status: 400, code: 'GRAPHQL_PARSE_FAILED' } },
      { name: 'unknown field', send: () => graphql('{ Events(limit: 5) { id nosuchfield } }'), expected: INVALID },
      { name: 'unknown mutation', send: () => graphql('mutation { DropEverything }'), expected: INVALID },
      { name: 'missing required argument', send: () => graphql('{ Events { id } }'), expected: INVALID },
      { name: 'string for an Int', send: () => like({ eventId: 'abc', userid: 'bob', liked: true }), expected: BAD_VARIABLES },
      { name: 'number beyond Int', send: () => like({ eventId: 2 ** 40, userid: 'bob', liked: true }), expected: BAD_VARIABLES },
      { name: 'null for a Boolean!', send: () => like({ eventId: talkId, userid: 'bob', liked: null }), expected: BAD_VARIABLES },
      { name: 'unknown input field', send: () => like({ eventId: talkId, userid: 'bob', liked: true, admin: true }), expected: BAD_VARIABLES },
      { name: 'like of an unknown talk', send: () => like({ eventId: 999999, userid: 'bob', liked: true }), expected: { ...BAD_INPUT, message: /no talk with eventId 999999/ } },
      { name: 'empty userid', send: () => like({ eventId: talkId, userid: '  ', liked: true }), expected: BAD_INPUT },
      { name: 'huge userid', send: () => like({ eventId: talkId, userid: 'u'.repeat(129), liked: true }), expected: { ...BAD_INPUT, message: /limit is 128/ } },
      { name: 'huge interest', send: () => interest('bob', 'w '.repeat(1001)), expected: { ...BAD_INPUT, message: /limit is 2000/ } },
      { name: 'empty interest', send: () => interest('bob', ''), expected: BAD_INPUT },
      {
        name: 'huge search query',
        send: () => graphql('query($q: String!) { PersonalizedEventSearch(query: $q, userid: "ann") { id } }', { q: 'q'.repeat(501) }),
        expected: BAD_INPUT,
      },
      { name: 'huge EventsLiked userid', send: () => graphql('query($u: String!) { EventsLiked(userid: $u) { id } }', { u: 'u'.repeat(129) }), expected: BAD_INPUT },
      { name: 'negative limit', send: () => graphql('{ Events(limit: -1) { id } }'), expected: BAD_INPUT },
      { name: 'limit over the page size', send: () => graphql('{ Events(limit: 100000) { id } }'), expected: BAD_INPUT },
      { name: 'recommendations of an unknown talk', send: () => graphql('{ SimilarEvents(eventId: 424242) { id } }'), expected: BAD_INPUT },
      { name: 'holder with a malformed national id', send: () => holder({ ...HOLDER, nationalId: 'not-an-id' }), expected: BAD_INPUT },
      { name: 'holder with a huge name', send: () => holder({ ...HOLDER, nationalId: '731102-4821-086', firstName: 'n'.repeat(101) }), expected: BAD_INPUT },
      {
        name: 'holder with too many accounts',
        send: () => holder({ ...HOLDER, nationalId: '731102-4821-087', accounts: { bankAccounts: Array(51).fill({}) } }),
        expected: BAD_INPUT,
      },
      { name: 'holder with a wrong-typed field', send: () => holder({ ...HOLDER, nationalId: '731102-4821-088', children: 'three' }), expected: BAD_VARIABLES },
      { name: 'leg with a huge amount', send: () => leg({ ...LEG, eventId: 'leg-2', amount: { baseValue: 1e14, value: 1 } }), expected: BAD_INPUT },
      { name: 'leg with an unknown direction', send: () => leg({ ...LEG, eventId: 'leg-3', direction: 'SIDEWAYS' }), expected: BAD_VARIABLES },
      { name: 'leg with an over-long id', send: () => leg({ ...LEG, eventId: 'e'.repeat(37) }), expected: BAD_INPUT },
      { name: 'over-long national id lookup', send: () => graphql('query($n: String!) { AccountHolder(nationalId: $n) { id } }', { n: '7'.repeat(17) }), expected: BAD_INPUT },
      { name: 'similar holders of an unknown one', send: () => graphql('{ SimilarAccountHolders(nationalId: "000000-0000-000") { score } }'), expected: BAD_INPUT },
      { name: 'similar legs of an unknown one', send: () => graphql('{ SimilarTransactions(eventId: "nope") { score } }'), expected: BAD_INPUT },
      {
        name: 'over-long transaction id',
        send: () => graphql('query($t: String!) { TransactionPair(transactionId: $t) { transactionId } }', { t: 't'.repeat(37) }),
        expected: BAD_INPUT,
      },
      { name: 'over-long account number', send: () => graphql('query($a: String) { Transactions(accountNumber: $a) { id } }', { a: 'a'.repeat(17) }), expected: BAD_INPUT },
      {
        name: 'query deeper than the limit',
        send: () => graphql('{ SimilarTransactions(eventId: "leg-1") { transaction { embedding { model } } } }'),
        expected: { ...INVALID, message: /GRAPHQL_MAX_DEPTH/ },
      },
      {
        name: 'query costlier than the limit',
        send: () => graphql(`{ ${Array.from({ length: 11 }, (_, i) => `e${i}: Events(limit: 1000) { id }`).join(' ')} }`),
        expected: { ...INVALID, message: /GRAPHQL_MAX_COST/ },
      },
      {
        name: 'query wider than the limit',
        send: () => graphql(`{ ${Array.from({ length: 51 }, () => 'Events(limit: 1) { id }').join(' ')} }`),
        expected: { ...INVALID, message: /GRAPHQL_MAX_ROOT_FIELDS/ },
      },
    ];
  }

  function httpCases(): Case[] {
    const json = { 'content-type': 'application/json' };
    const badTalks = path.join(workDir, 'bad-talks.jsonl');
    return [
      { name: 'GraphQL body that is not JSON', send: () => raw('POST', '/graphql', '{"query": "{ Events(limit: 1) { id } }"', json), expected: { status: 400 } },
      {
        name: 'GraphQL body over the size limit',
        send: () => raw('POST', '/graphql', JSON.stringify({ query: `{ Events(limit: 1) { id } }${' '.repeat(1024 * 1024)}` }), json),
        expected: { status: 413 },
      },
      {
        name: 'admin request without a key',
        send: () => raw('POST', '/admin/embeddings/reembed', JSON.stringify({ entity: 'event', mode: 'all' }), json),
        expected: { status: 401 },
      },
      {
        name: 'admin request with a wrong key',
        send: () => raw('POST', '/admin/queues/events/empty', undefined, { 'x-api-key': 'wrong-key-0123456789' }),
        expected: { status: 401 },
      },
      {
        name: 'admin body that is not JSON',
        send: () => raw('POST', '/admin/embeddings/reembed', '{entity: event', { ...json, 'x-api-key': 'test-admin-key-0123456789' }),
        expected: { status: 400 },
      },
      { name: 're-embed of an unknown entity', send: () => admin('POST', '/admin/embeddings/reembed', { entity: 'everything', mode: 'all' }), expected: { status: 400 } },
      { name: 're-embed with an unknown mode', send: () => admin('POST', '/admin/embeddings/reembed', { entity: 'event', mode: 'some' }), expected: { status: 400 } },
      { name: 're-embed with an unknown field', send: () => admin('POST', '/admin/embeddings/reembed', { entity: 'event', mode: 'all', force: true }), expected: { status: 400 } },
      {
        name: 're-embed with a malformed model name',
        send: () => admin('POST', '/admin/embeddings/reembed', { entity: 'transaction', model: '../../etc/passwd' }),
        expected: { status: 400 },
      },
      {
        name: 're-embed with an unknown model',
        send: () => admin('POST', '/admin/embeddings/reembed', { entity: 'transaction', model: 'no-such-model' }),
        expected: { status: 400 },
      },
      { name: 'progress of an over-long job id', send: () => admin('GET', `/admin/embeddings/reembed/event/${'9'.repeat(21)}`), expected: { status: 400 } },
      { name: 'retry of an unknown entity', send: () => admin('POST', '/admin/embeddings/retry-failed', { entities: ['nope'] }), expected: { status: 400 } },
      { name: 'errors with a zero limit', send: () => admin('GET', '/admin/embeddings/errors?entity=transaction&limit=0'), expected: { status: 400 } },
      { name: 'text of a non-numeric row', send: () => admin('GET', '/admin/embeddings/text/transaction/abc'), expected: { status: 400 } },
      { name: 'text of a row id beyond any integer', send: () => admin('GET', `/admin/embeddings/text/transaction/${'9'.repeat(30)}`), expected: { status: 400 } },
      { name: 'pause of an unknown queue', send: () => admin('POST', '/admin/queues/nope/pause'), expected: { status: 400 } },
      { name: 'reingest of a missing file', send: () => admin('POST', '/admin/events/reingest', { source: path.join(workDir, 'missing.jsonl') }), expected: { status: 400 } },
      { name: 'reingest with an over-long source', send: () => admin('POST', '/admin/events/reingest', { source: 's'.repeat(4097) }), expected: { status: 400 } },
      {
        name: 'reingest of a file of bad records only',
        send: async () => {
          const good = readSharedEvents('head-2026/events-test/events.jsonl')[1];
          const lines = [
            '{"url": "https://x/session/1", "title": ',
            '[1, 2, 3]',
            JSON.stringify({ ...good, url: 'https://x/session/2', title: 42 }),
            JSON.stringify({ ...good, url: 'https://x/session/3', abstract: 'a'.repeat(20001) }),
            JSON.stringify({ ...good, url: 'https://x/session/4', abstract: 'nul\u0000' }),
            JSON.stringify({ ...good, url: 'https://x/session/5', last_updated: 'yesterday' }),
            JSON.stringify({ ...good, url: 'https://x/session/99999999999' }),
            JSON.stringify({ ...good, url: 'https://x/session/6', speakers: Array(101).fill({ name: 'Ann' }) }),
          ];
          writeFileSync(badTalks, `${lines.join('\n')}\n`);
          const { status, body } = await service.app.request('POST', '/admin/events/reingest', { source: badTalks });
          expect(body).toMatchObject({ read: lines.length, rejected: lines.length, new: 0, updated: 0, queued: 0 });
          const reasons = (body.rejections as Array<{ line: number; reason: string }>).map((r) => `${r.line}: ${r.reason}`);
          expect(reasons).toEqual([
            expect.stringMatching(/^1: malformed JSON/),
            '2: expected a JSON object, got an array',
            '3: title must be a string, got a number',
            '4: abstract is 20001 characters long; the limit is 20000',
            '5: abstract contains a NUL character, which Postgres text cannot store',
            expect.stringMatching(/^6: last_updated must be an ISO-8601 timestamp/),
            expect.stringMatching(/^7: id 99999999999 .* larger than 2147483647/),
            '8: speakers has 101 entries; the limit is 100',
          ]);
          return { status, message: `${body.rejected} of ${body.read} records rejected` };
        },
        expected: { status: 200 },
      },
    ];
  }

  it('answers every bad request with a typed error, and the database and queues are as they were', async () => {
    const db = await service.db();
    const before: DbSnapshot = await snapshotDatabase(db);
    const queuesBefore = (await service.app.request('GET', '/admin/queues')).body;

    const byStatus = new Map<string, number>();
    const mismatches: string[] = [];
    const cases = [...graphqlCases(), ...httpCases()];
    for (const testCase of cases) {
      const outcome = await testCase.send();
      const key = `${outcome.status}${outcome.code ? ` ${outcome.code}` : ''}`;
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
      const { status, code, message } = testCase.expected;
      const matches = outcome.status === status && (code === undefined || outcome.code === code) && (message === undefined || message.test(outcome.message));
      if (!matches) mismatches.push(`${testCase.name}: expected ${JSON.stringify({ status, code, message: message?.source })}, got ${JSON.stringify(outcome)}`);
      if (outcome.message.length === 0) mismatches.push(`${testCase.name}: no message`);
    }

    const after = await snapshotDatabase(db);
    const queuesAfter = (await service.app.request('GET', '/admin/queues')).body;
    const changed = Object.keys({ ...before, ...after }).filter((table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]));
    console.log(
      [
        `bad input: ${cases.length} bad requests sent`,
        `  answers: ${[...byStatus].map(([key, count]) => `${key} x${count}`).join(', ')}`,
        `  tables checked: ${Object.keys(after).length} (${Object.values(after).reduce((n, t) => n + t.rows, 0)} rows); changed: ${changed.length ? changed.join(', ') : 'none'}`,
        `  queues: ${JSON.stringify(queuesAfter) === JSON.stringify(queuesBefore) ? 'unchanged' : 'CHANGED'}`,
      ].join('\n'),
    );
    expect(mismatches).toEqual([]);
    expect(changed).toEqual([]);
    expect(queuesAfter).toEqual(queuesBefore);
    expect(Object.keys(after)).toEqual(expect.arrayContaining(['public.events', 'public.likes', 'public.interests']));
  });
});
