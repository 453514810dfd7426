import { Client } from 'pg';
import type { AppProcess } from './helpers/app-process';
import { TestService } from './helpers/test-service';
import { waitForQueuesDrained } from './helpers/queues';
import { sharedDir } from './helpers/shared-dir';

const INTEREST_MAX_CHARS = 200;

/**
 * Likes, interests, recommendations and search through the real service on the 26-talk subset: the
 * semantics semflow promises (read-your-writes likes, un-likes, counts, fallbacks) and typed errors
 * for bad input that leave nothing behind.
 */
describe('Current23 API (likes, interests, recommendations, search)', () => {
  let service: TestService;
  let app: AppProcess;
  let db: Client;
  let talks: Array<{ id: number; startTimestamp: string }>;

  const gql = async (query: string, variables?: Record<string, unknown>) => app.graphql(query, variables);
  const like = (userid: string, eventId: number, liked = true) =>
    gql('mutation($l: LikedInput!) { Likes(liked: $l) { _source_time event_time userid eventId liked } }', { l: { userid, eventId, liked } });
  const recommend = async (userid: string, extra = '') =>
    (await gql(`{ RecommendedEvents(userid: "${userid}", limit: 100 ${extra}) { id score basis startTimestamp } }`)).data.RecommendedEvents;
  const count = async (table: string) => (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  const expectBadInput = (answer: { data?: any; errors?: any[] }, field: RegExp) => {
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(answer.errors![0].message).toMatch(field);
  };

  beforeAll(async () => {
    service = await TestService.start('api', {
      EVENTS_SOURCE: sharedDir('data', 'current23', 'head-2026', 'events-test', 'events.jsonl'),
      INTEREST_MAX_CHARS: String(INTEREST_MAX_CHARS),
      EMBEDDING_SWEEP_INTERVAL_MS: '500',
      // Interests go through their embedding job, so that the tests below cover the job and the sweep;
      // the in-request embedding is covered by the walkthrough and InterestsService's unit test.
      INTEREST_EMBED_WAIT_MS: '0',
    });
    app = service.app;
    db = await service.db();
    await service.waitFor('the 26 talks ingested', async () => (await gql('{ Events(limit: 100) { id } }')).data?.Events.length === 26, 60000);
    await waitForQueuesDrained(app);
    talks = (await gql('{ Events(limit: 100) { id startTimestamp } }')).data.Events;
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('answers a like with the moment it was stored, and counts a user once however often they like', async () => {
    const before = Date.now();
    const answer = await like('alice', talks[0].id);
    expect(answer.errors).toBeUndefined();
    const added = answer.data.Likes;
    expect(added).toMatchObject({ userid: 'alice', eventId: talks[0].id, liked: true });
    expect(added.event_time).toBe(added._source_time);
    expect(Date.parse(added._source_time)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(added._source_time)).toBeLessThanOrEqual(Date.now() + 1000);

    await like('alice', talks[0].id);
    await like('bob', talks[0].id);
    const counted = await gql(`{ Events(limit: 2) { id likeCount { num } } }`);
    expect(counted.data.Events).toEqual([
      { id: talks[0].id, likeCount: { num: 2 } },
      { id: talks[1].id, likeCount: { num: 0 } },
    ]);
    expect((await gql('{ EventsLiked(userid: "alice") { id } }')).data.EventsLiked).toEqual([{ id: talks[0].id }]);
  });

  it('reflects every like in the very next query (read-your-writes)', async () => {
    // Each like moves the profile of a new user; the query right after the answer must see it.
    for (const talk of talks.slice(0, 8)) {
      const user = `ryw-${talk.id}`;
      await like(user, talk.id);
      const [top] = await recommend(user, ', includeLiked: true');
      expect(top).toMatchObject({ id: talk.id, basis: 'PROFILE' });
      expect(top.score).toBeCloseTo(1, 5);
    }
  });

  it('takes an un-liked talk out of the profile, the likeCount and EventsLiked', async () => {
    // Talks nobody else likes, so their counts are carol's alone.
    const [first, second] = [talks[10].id, talks[11].id];
    const likeCountOf = async (id: number) => (await gql('{ Events(limit: 100) { id likeCount { num } } }')).data.Events.find((t: { id: number }) => t.id === id).likeCount.num;
    await like('carol', first);
    await like('carol', second);
    expect(await likeCountOf(first)).toBe(1);
    expect(
      (await recommend('carol', ', includeLiked: true'))
        .slice(0, 2)
        .map((t: { id: number }) => t.id)
        .sort(),
    ).toEqual([first, second].sort());

    await like('carol', first, false);
    const [top] = await recommend('carol', ', includeLiked: true');
    expect(top.id).toBe(second);
    expect(top.score).toBeCloseTo(1, 5);
    expect((await gql(`{ EventsLiked(userid: "carol") { id } }`)).data.EventsLiked).toEqual([{ id: second }]);
    expect(await likeCountOf(first)).toBe(0);
  });

  it('leaves liked talks out of recommendations unless includeLiked is set', async () => {
    const ids = (await recommend('carol')).map((t: { id: number }) => t.id);
    expect(ids).not.toContain(talks[11].id);
    expect(ids).toHaveLength(25);
  });

  it('recommends the most-liked, then the earliest talks to a user without a profile, leaving out items without speakers', async () => {
    const popular = await recommend('nobody-yet');
    // The subset's workshop and closing session have no speakers (RECOMMEND_POPULAR_ITEMS=talks).
    const withoutSpeakers = (await db.query(`SELECT id FROM events WHERE jsonb_array_length(speakers) = 0`)).rows.map((row) => row.id);
    expect(withoutSpeakers).toHaveLength(2);
    expect(popular).toHaveLength(24);
    expect(popular.map((t: { id: number }) => t.id)).not.toEqual(expect.arrayContaining([withoutSpeakers[0]]));
    expect(popular.map((t: { id: number }) => t.id)).not.toEqual(expect.arrayContaining([withoutSpeakers[1]]));
    expect(popular.every((t: { basis: string; score: number }) => t.basis === 'POPULAR' && t.score === 0)).toBe(true);
    expect(popular[0].id).toBe(talks[0].id); // liked by alice and bob
    const counts = new Map<number, number>((await gql('{ Events(limit: 100) { id likeCount { num } } }')).data.Events.map((t: any) => [t.id, t.likeCount.num]));
    for (let i = 1; i < popular.length; i++) {
      const [a, b] = [popular[i - 1], popular[i]];
      expect(counts.get(a.id)!).toBeGreaterThanOrEqual(counts.get(b.id)!);
      if (counts.get(a.id) === counts.get(b.id) && a.startTimestamp && b.startTimestamp) {
        expect(Date.parse(a.startTimestamp)).toBeLessThanOrEqual(Date.parse(b.startTimestamp));
      }
    }
  });

  it('adds an interest to the profile once its embedding job ran, and reports the delay', async () => {
    const sent = Date.now();
    const added = await gql('mutation { AddInterest(interest: {userid: "dave", text: "Apache Flink stream processing"}) { userid _source_time id } }');
    expect(added.data.AddInterest.userid).toBe('dave');
    const recommended = await service.waitFor(
      'the interest in the profile',
      async () => {
        const rows = await recommend('dave');
        return rows[0]?.basis === 'PROFILE' ? rows : undefined;
      },
      30000,
      5,
    );
    console.log(`AddInterest -> RecommendedEvents from the profile: ${Date.now() - sent} ms`);
    expect(recommended.map((t: { score: number }) => t.score)).toEqual(recommended.map((t: { score: number }) => t.score).sort((a: number, b: number) => b - a));
  });

  it('orders search results by the documented blend, or by similarity alone when asked', async () => {
    const query = '{ PersonalizedEventSearch(query: "data", userid: "carol", limit: 100 RANKING) { id score similarity textRank } }';
    const blend = (await gql(query.replace('RANKING', ''))).data.PersonalizedEventSearch;
    expect(blend.length).toBeGreaterThan(3);
    for (const row of blend) expect(row.score).toBeCloseTo(0.7 * row.similarity + 0.3 * row.textRank, 9);
    expect(blend.some((row: { similarity: number }) => row.similarity > 0)).toBe(true);

    const similarity = (await gql(query.replace('RANKING', ', ranking: SIMILARITY'))).data.PersonalizedEventSearch;
    expect(similarity.map((row: { score: number; similarity: number }) => row.score)).toEqual(similarity.map((row: { similarity: number }) => row.similarity));
    expect(similarity.map((row: { id: number }) => row.id).sort()).toEqual(blend.map((row: { id: number }) => row.id).sort());
    // Ordered without it, the page's talks are text-ranked as the blend ranked them.
    const blendRank = new Map(blend.map((row: { id: number; textRank: number }) => [row.id, row.textRank]));
    expect(similarity.some((row: { textRank: number }) => row.textRank > 0)).toBe(true);
    for (const row of similarity) expect(row.textRank).toBe(blendRank.get(row.id));

    // An anonymous reader (userid "", as in DataSQRL's published example) gets text rank order.
    const anonymous = (await gql('{ PersonalizedEventSearch(query: "data", userid: "") { similarity textRank } }')).data.PersonalizedEventSearch;
    expect(anonymous.every((row: { similarity: number }) => row.similarity === 0)).toBe(true);
  });

  it('finds the talks nearest to a talk, itself excluded', async () => {
    const answer = await gql(`{ SimilarEvents(eventId: ${talks[5].id}, limit: 5) { id score } }`);
    const similar = answer.data.SimilarEvents;
    expect(similar).toHaveLength(5);
    expect(similar.map((t: { id: number }) => t.id)).not.toContain(talks[5].id);
    expect(similar.map((t: { score: number }) => t.score)).toEqual(similar.map((t: { score: number }) => t.score).sort((a: number, b: number) => b - a));
    expectBadInput(await gql('{ SimilarEvents(eventId: 42) { id } }'), /eventId 42/);
  });

  it('rejects bad input with BAD_USER_INPUT and stores nothing', async () => {
    const [likesBefore, rawBefore, interestsBefore] = [await count('likes'), await count('like_events'), await count('interests')];
    expectBadInput(await like('erin', 99999999), /no talk with eventId 99999999/);
    expectBadInput(await like('', talks[0].id), /userid must not be empty/);
    expectBadInput(await like('   ', talks[0].id), /userid/);
    const addInterest = (userid: string, text: string) => gql('mutation($i: AddInterest!) { AddInterest(interest: $i) { userid } }', { i: { userid, text } });
    expectBadInput(await addInterest('erin', ''), /text must not be empty/);
    expectBadInput(await addInterest('erin', ' \n '), /text must not be empty/);
    expectBadInput(await addInterest('erin', 'x'.repeat(INTEREST_MAX_CHARS + 1)), new RegExp(`limit is ${INTEREST_MAX_CHARS}`));
    expectBadInput(await addInterest('', 'flink'), /userid/);
    expectBadInput(await addInterest('u'.repeat(129), 'flink'), /userid is 129 characters long/);
    expect([await count('likes'), await count('like_events'), await count('interests')]).toEqual([likesBefore, rawBefore, interestsBefore]);

    expectBadInput(await gql('{ RecommendedEvents(userid: "alice", limit: -1) { id } }'), /limit/);
    expectBadInput(await gql('{ RecommendedEvents(userid: "alice", limit: 1000000) { id } }'), /limit/);
    expectBadInput(await gql('{ PersonalizedEventSearch(query: "", userid: "alice") { id } }'), /query must not be empty/);
    expectBadInput(await gql('{ PersonalizedEventSearch(query: "kafka", userid: "alice", offset: -5) { id } }'), /offset/);
    expectBadInput(await gql('{ EventsLiked(userid: "alice", limit: -1) { id } }'), /limit/);
    // A value of the wrong type never reaches semflow: GraphQL itself refuses it.
    const wrongType = await gql('mutation { Likes(liked: {userid: "erin", eventId: "x", liked: true}) { userid } }');
    expect(wrongType.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('keeps accepting likes and interests while Redis is down, and embeds the interest once it is back', async () => {
    await service.redis.stop();
    try {
      const liked = await like('frank', talks[4].id);
      expect(liked.errors).toBeUndefined();
      const [top] = await recommend('frank', ', includeLiked: true');
      expect(top.id).toBe(talks[4].id);
      const added = await gql('mutation { AddInterest(interest: {userid: "grace", text: "Kafka Streams"}) { userid } }');
      expect(added).toEqual({ data: { AddInterest: { userid: 'grace' } } });
    } finally {
      await service.redis.startProcess();
    }
    // No job could be queued while Redis was down: the worker's sweep finds the row.
    await service.waitFor('the interest embedded after Redis came back', async () => (await recommend('grace'))[0]?.basis === 'PROFILE', 60000);
  });
});
