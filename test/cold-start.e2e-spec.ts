import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { AppProcess } from './helpers/app-process';
import { waitForQueuesDrained } from './helpers/queues';
import { sharedDir } from './helpers/shared-dir';
import { TestService } from './helpers/test-service';

interface Recommended {
  id: number;
  title: string;
  abstract: string;
  speakers: Array<{ name: string }> | null;
  startTimestamp: string;
  basis: string;
  score: number;
}

const NON_TALKS = ['Breakfast', 'Registration', 'Expo', 'Lunch', 'Break'];
const FIELDS = 'id title abstract speakers { name } startTimestamp basis score';

/**
 * What a user without a profile is offered, on the Current23 agenda with its second day moved into the
 * future: talks (an abstract and speakers), most-liked first, then the upcoming ones soonest first, then
 * the past ones; never Breakfast, Registration or Expo, which start earliest.
 */
describe('cold start (a user without a profile)', () => {
  let service: TestService;
  let app: AppProcess;
  let db: Client;
  let sourceDir: string;

  const recommend = async (userid: string): Promise<Recommended[]> => {
    const answer = await app.graphql(`query($u: String!) { RecommendedEvents(userid: $u, limit: 200) { ${FIELDS} } }`, { u: userid });
    expect(answer.errors).toBeUndefined();
    return answer.data.RecommendedEvents;
  };
  const isUpcoming = (talk: Recommended) => Date.parse(talk.startTimestamp) >= Date.now();

  beforeAll(async () => {
    sourceDir = mkdtempSync(path.join(tmpdir(), 'semflow-cold-start-'));
    const agenda = readFileSync(sharedDir('data', 'current23', 'blog-2023', 'data', 'events.json'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line));
    const shifted = agenda.map((item) => (item.date === 'September 27, 2023' ? { ...item, date: 'September 27, 2099' } : item));
    writeFileSync(path.join(sourceDir, 'events.jsonl'), shifted.map((item) => JSON.stringify(item)).join('\n') + '\n');
    service = await TestService.start('cold-start', { EVENTS_SOURCE: path.join(sourceDir, 'events.jsonl') });
    app = service.app;
    db = await service.db();
    await service.waitFor('the agenda ingested', async () => (await db.query('SELECT count(*)::int AS n FROM events')).rows[0].n === agenda.length, 60000);
    await waitForQueuesDrained(app);
  });

  afterAll(async () => {
    await service?.stop();
    rmSync(sourceDir, { recursive: true, force: true });
  });

  it('offers talks only, upcoming ones first and soonest first, then past ones in agenda order', async () => {
    // What "earliest first" over every item would have offered.
    const earliest = (await db.query('SELECT title FROM events ORDER BY start_timestamp, id LIMIT 3')).rows.map((row) => row.title);
    expect(earliest).toEqual(expect.arrayContaining(['Breakfast', 'Registration']));

    const offered = await recommend('nobody-yet');
    expect(offered.length).toBeGreaterThan(50);
    for (const talk of offered) {
      expect(talk.basis).toBe('POPULAR');
      expect(NON_TALKS).not.toContain(talk.title);
      expect(talk.abstract).not.toBe('N/A');
      expect(talk.speakers?.length).toBeGreaterThan(0);
    }
    const upcoming = offered.filter(isUpcoming);
    expect(upcoming.length).toBeGreaterThan(20);
    expect(offered.slice(0, upcoming.length)).toEqual(upcoming);
    const past = offered.slice(upcoming.length);
    expect(past.length).toBeGreaterThan(20);
    for (const block of [upcoming, past]) {
      for (let i = 1; i < block.length; i++) expect(Date.parse(block[i - 1].startTimestamp)).toBeLessThanOrEqual(Date.parse(block[i].startTimestamp));
    }
    // Every talk the agenda holds is offered: nothing but the non-talk items is left out.
    const talks = await db.query(`SELECT count(*)::int AS n FROM events WHERE abstract <> 'N/A' AND jsonb_array_length(speakers) > 0`);
    expect(offered).toHaveLength(talks.rows[0].n);
  });

  it('puts the most-liked talks first, past or not', async () => {
    const offered = await recommend('nobody-yet');
    const pastTalk = offered.filter((talk) => !isUpcoming(talk)).at(-1)!;
    const upcomingTalk = offered.find(isUpcoming)!;
    for (const [userid, eventId] of [
      ['ann', pastTalk.id],
      ['ben', pastTalk.id],
      ['ann', upcomingTalk.id],
    ] as const) {
      const liked = await app.graphql('mutation($l: LikedInput!) { Likes(liked: $l) { eventId } }', { l: { userid, eventId, liked: true } });
      expect(liked.errors).toBeUndefined();
    }
    const [first, second, third] = await recommend('nobody-yet');
    expect([first.id, second.id]).toEqual([pastTalk.id, upcomingTalk.id]);
    expect(isUpcoming(third)).toBe(true);
  });

  it('recommends by an interest as soon as AddInterest answers', async () => {
    const added = await app.graphql('mutation { AddInterest(interest: { userid: "newcomer", text: "Apache Flink stream processing" }) { id } }');
    expect(added.errors).toBeUndefined();
    const recommended = await recommend('newcomer');
    expect(recommended.length).toBeGreaterThan(0);
    expect(recommended.every((talk) => talk.basis === 'PROFILE')).toBe(true);
    expect(recommended[0].score).toBeGreaterThan(recommended.at(-1)!.score);
  });
});
