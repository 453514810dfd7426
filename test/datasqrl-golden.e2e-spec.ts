import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import type { AppProcess } from './helpers/app-process';
import { TestService } from './helpers/test-service';
import { waitForQueuesDrained } from './helpers/queues';
import { sharedDir } from './helpers/shared-dir';

const V05 = sharedDir('data', 'current23', 'v05-integration-test');
const read = (...parts: string[]) => readFileSync(path.join(V05, ...parts), 'utf8');
const jsonLines = (...parts: string[]) =>
  read(...parts)
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));

interface Ranked {
  url: string;
  title: string;
  score: number;
}

/** Same talks in the same order, scores within 1e-6. */
function expectSameRanking(actual: Record<string, Ranked[]>, expected: Record<string, Ranked[]>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [alias, rows] of Object.entries(expected)) {
    expect(actual[alias].map((row) => [row.url, row.title])).toEqual(rows.map((row) => [row.url, row.title]));
    actual[alias].forEach((row, i) => expect(Math.abs(row.score - rows[i].score)).toBeLessThanOrEqual(1e-6));
  }
}

/**
 * DataSQRL's own v0.5 integration test of the Current23 example, replayed against semflow in its
 * DataSQRL-compatibility mode (ascii-test embedding, literal backslash-n separator, raw-likes profile,
 * unfiltered EventsLiked, liked talks kept in recommendations, pure-similarity search, id tie-break):
 * the events file is ingested, the test's mutations are sent, and the queries must answer exactly
 * what DataSQRL's snapshots recorded.
 */
describe('DataSQRL Current23 golden test (COMPAT_MODE=datasqrl)', () => {
  let service: TestService;
  let app: AppProcess;
  let db: Client;

  beforeAll(async () => {
    service = await TestService.start('golden', {
      COMPAT_MODE: 'datasqrl',
      EVENTS_SOURCE: path.join(V05, 'events-data', 'events.jsonl'),
    });
    app = service.app;
    db = await service.db();
    await service.waitFor(
      'the 143 talks ingested and embedded',
      async () => {
        const { rows } = await db.query('SELECT count(*)::int AS n FROM events WHERE embedding IS NOT NULL AND embedded_hash = content_hash');
        return rows[0].n === 143;
      },
      120000,
    );
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('ingests the events file as DataSQRL did (CountEventsTest, EventsSubsetTest)', async () => {
    const count = JSON.parse(read('snapshots', 'CountEventsTest.snapshot')).data.CountEventsTest[0].num_events;
    expect((await db.query('SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(count);

    const subset: Array<Record<string, string | number>> = JSON.parse(read('snapshots', 'EventsSubsetTest.snapshot')).data.EventsSubsetTest;
    const { rows } = await db.query('SELECT id, url, title, full_text, start_time FROM events WHERE id = ANY($1::int[]) ORDER BY id', [subset.map((e) => e.id)]);
    expect(rows.map((row) => [row.id, row.url, row.title, row.full_text, row.start_time])).toEqual(subset.map((e) => [e.id, e.url, e.title, e.full_text, e.startTime]));
  });

  it('accepts the streams and mutations of the test with the snapshot answers', async () => {
    // The test's source streams held one like and one interest of user 1 before the mutations ran.
    for (const like of jsonLines('conference-test', 'likes.jsonl')) {
      const answer = await app.graphql('mutation($l: LikedInput!) { Likes(liked: $l) { userid } }', {
        l: { userid: like.userid, eventId: Number(like.eventId), liked: like.liked },
      });
      expect(answer).toEqual({ data: { Likes: { userid: like.userid } } });
    }
    for (const interest of jsonLines('conference-test', 'addinterest.jsonl')) {
      const answer = await app.graphql('mutation($i: AddInterest!) { AddInterest(interest: $i) { userid } }', {
        i: { userid: interest.userid, text: interest.text },
      });
      expect(answer).toEqual({ data: { AddInterest: { userid: interest.userid } } });
    }

    for (const name of ['addinterest-mutation', 'addlike-mutation']) {
      const answer = await app.graphql(read('tests', `${name}.graphql`));
      expect(answer).toEqual(JSON.parse(read('snapshots', `${name}.snapshot`)));
    }
    await waitForQueuesDrained(app);
  });

  const queries = readdirSync(path.join(V05, 'tests'))
    .filter((file) => file.endsWith('-query.graphql'))
    .map((file) => file.replace(/\.graphql$/, ''));

  it.each(queries)('answers %s as its snapshot records', async (name) => {
    const answer = await app.graphql(read('tests', `${name}.graphql`));
    expect(answer.errors).toBeUndefined();
    expectSameRanking(answer.data, JSON.parse(read('snapshots', `${name}.snapshot`)).data);
  });

  it("lists a user's likes unfiltered, as DataSQRL's EventsLiked did", async () => {
    await app.graphql('mutation { Likes(liked: {userid: "11", eventId: 1136937, liked: false}) { userid } }');
    const liked = await app.graphql('{ EventsLiked(userid: "11") { id } }');
    // The like and the un-like of the same talk are both listed.
    expect(liked.data.EventsLiked).toEqual([{ id: 1136937 }, { id: 1136937 }]);
  });
});
