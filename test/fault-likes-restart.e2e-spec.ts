import { Client } from 'pg';
import { callGraphql, countByCode } from './helpers/graphql-call';
import { LikeLedger } from './helpers/like-ledger';
import { LikeStream, StreamCounts } from './helpers/like-stream';
import { waitForQueuesDrained } from './helpers/queues';
import { TestService } from './helpers/test-service';

const SENDERS = 4;
const USERS_PER_SENDER = 2;
const TALKS = 6;
/** Requests each phase sees acknowledged before the fault and after the recovery. */
const ACKS_AROUND_FAULT = 100;
/** Requests each phase sends while the fault lasts. */
const SENDS_DURING_OUTAGE = 30;

const ADD_INTEREST = 'mutation($i: AddInterest!) { AddInterest(interest: $i) { id userid _source_time } }';

/**
 * Likes keep their promise through faults: a steady stream of likes and un-likes from several users runs
 * while Redis is killed and comes back empty, and while the service's whole process group (the embedded
 * database with it) is SIGKILLed and started again. Every acknowledged like must be what the service
 * holds afterwards (likes, like_events, likeCount, EventsLiked), and the embedding pipeline must work
 * again: an interest added after the fault is embedded and shapes the user's recommendations.
 */
describe('likes through a Redis restart and a service SIGKILL', () => {
  let service: TestService;
  let talks: number[];
  const ledger = new LikeLedger();
  const interests: Array<{ id: string; userid: string }> = [];

  const db = (): Promise<Client> => service.db();
  const addInterest = async (userid: string, text: string) => {
    const call = await callGraphql(service.app.baseUrl, ADD_INTEREST, { i: { userid, text } });
    expect(call).toMatchObject({ ok: true, data: { AddInterest: { userid } } });
    interests.push({ id: call.data.AddInterest.id, userid });
    return call;
  };
  /** Every acknowledged interest is stored with the embedding of its current text. */
  const interestsEmbedded = async () => {
    const { rows } = await (
      await db()
    ).query('SELECT count(*)::int AS n FROM interests WHERE id = ANY($1) AND embedding IS NOT NULL AND embedded_hash = content_hash', [interests.map((i) => i.id)]);
    return rows[0].n === interests.length;
  };
  const recommendationBasis = async (userid: string) =>
    (await callGraphql(service.app.baseUrl, 'query($u: String!) { RecommendedEvents(userid: $u, limit: 3) { basis } }', { u: userid })).data?.RecommendedEvents?.[0]?.basis;
  const format = (c: StreamCounts) => `sent ${c.sent}, acknowledged ${c.acknowledged}, refused ${JSON.stringify(c.refused)}`;

  /** The ledger against the service, and the embedding pipeline at work again. */
  const expectConsistent = async (interestUser: string) => {
    await service.waitFor('every acknowledged interest embedded', interestsEmbedded, 120000, 200);
    expect(await recommendationBasis(interestUser)).toBe('PROFILE');
    const check = await ledger.check(await db(), service.app.baseUrl);
    expect(check.mismatches).toEqual([]);
    await waitForQueuesDrained(service.app, 120000);
    const failed = ((await service.app.request('GET', '/admin/queues')).body as Array<{ queue: string; failed: number }>).filter((q) => q.failed > 0);
    expect(failed).toEqual([]);
    return check;
  };

  beforeAll(async () => {
    service = await TestService.start('fault-likes', {
      EVENTS_SOURCE: undefined,
      // Interests go through the queue, so that an interest added after a fault proves the queue works.
      INTEREST_EMBED_WAIT_MS: '0',
      // Jobs lost with Redis's data are found again by the sweep.
      EMBEDDING_SWEEP_INTERVAL_MS: '1000',
      // Jobs cut off by the SIGKILL are handed on once their locks lapse.
      QUEUE_LOCK_DURATION_MS: '10000',
    });
    await service.waitFor('the demo talks loaded', async () => (await callGraphql(service.app.baseUrl, '{ Events(limit: 100) { id } }')).data?.Events.length >= TALKS, 120000, 500);
    await waitForQueuesDrained(service.app);
    talks = (await callGraphql(service.app.baseUrl, '{ Events(limit: 100) { id } }')).data.Events.slice(0, TALKS).map((e: { id: number }) => e.id);
  });

  afterAll(async () => {
    await service?.stop();
  });

  const startStream = (seed: number) => new LikeStream(service.app.baseUrl, ledger, { senders: SENDERS, usersPerSender: USERS_PER_SENDER, talks, seed, prefix: 'fan' });

  it('keeps every acknowledged like while Redis is killed and comes back empty', async () => {
    const stream = startStream(1);
    const started = Date.now();
    try {
      await service.waitFor('likes acknowledged before the fault', async () => stream.acknowledgedSince(started) >= ACKS_AROUND_FAULT, 60000, 20);
      const faultAt = Date.now();
      await service.redis.crash();
      service.redis.wipe();
      // While Redis is down: likes go on, and an interest is stored although its job cannot be queued.
      await addInterest('reader-during-redis-outage', 'stream processing with exactly-once state');
      await service.app.waitForLog(/interest stored but its embedding job could not be queued/, 10000);
      await service.waitFor('likes sent during the outage', async () => stream.sentSince(faultAt) >= SENDS_DURING_OUTAGE, 60000, 20);
      await service.redis.startProcess();
      const recoveredAt = Date.now();
      await service.waitFor('likes acknowledged after Redis came back', async () => stream.acknowledgedSince(recoveredAt) >= ACKS_AROUND_FAULT, 60000, 20);
      await addInterest('reader-after-redis-restart', 'vector search with embeddings in Postgres');
      await stream.stop();

      const check = await expectConsistent('reader-after-redis-restart');
      expect(await recommendationBasis('reader-during-redis-outage')).toBe('PROFILE');
      console.log(
        [
          `Redis killed and restarted empty during a stream of likes (${SENDERS} senders, ${SENDERS * USERS_PER_SENDER} users, ${TALKS} talks):`,
          `  whole phase: ${format(stream.counts(started))}`,
          `  during the outage (${((recoveredAt - faultAt) / 1000).toFixed(1)} s): ${format(stream.counts(faultAt, recoveredAt))}`,
          `  consistency: ${check.pairs} (user, talk) pairs, ${check.liked} liked, ${check.ambiguous} whose last like was not acknowledged; mismatches ${check.mismatches.length}`,
          `  interest added during the outage: stored, its job refused by the queue, embedded after Redis was back; one added after: embedded`,
        ].join('\n'),
      );
    } finally {
      await stream.stop();
    }
  });

  it('keeps every acknowledged like when the service and its embedded database are SIGKILLed and restarted', async () => {
    const stream = startStream(2);
    const started = Date.now();
    try {
      await service.waitFor('likes acknowledged before the fault', async () => stream.acknowledgedSince(started) >= ACKS_AROUND_FAULT, 60000, 20);
      const faultAt = Date.now();
      await service.app.crash();
      await service.waitFor('likes sent during the outage', async () => stream.sentSince(faultAt) >= SENDS_DURING_OUTAGE, 60000, 20);
      const restartAt = Date.now();
      await service.restart();
      const recoveredAt = Date.now();
      await service.waitFor('likes acknowledged after the restart', async () => stream.acknowledgedSince(recoveredAt) >= ACKS_AROUND_FAULT, 60000, 20);
      await addInterest('reader-after-service-restart', 'schema registry and data contracts');
      await stream.stop();

      const check = await expectConsistent('reader-after-service-restart');
      // Until the new process is spawned nothing listens: no acknowledgement can come from a dead process.
      // (While it starts, requests are refused until it listens, and answered after.)
      const outage = stream.counts(faultAt, restartAt);
      expect(outage.acknowledged).toBe(0);
      console.log(
        [
          `service (and embedded database) SIGKILLed and restarted during a stream of likes:`,
          `  whole phase: ${format(stream.counts(started))}`,
          `  during the outage (${((restartAt - faultAt) / 1000).toFixed(1)} s, until a new process was spawned): ${format(outage)}`,
          `  while the new process started (${((recoveredAt - restartAt) / 1000).toFixed(1)} s): ${format(stream.counts(restartAt, recoveredAt))}`,
          `  consistency over both phases: ${ledger.sent.length} likes sent, ${ledger.acknowledged().length} acknowledged, refused ${JSON.stringify(countByCode(ledger.sent))};`,
          `    ${check.pairs} (user, talk) pairs, ${check.liked} liked, ${check.ambiguous} whose last like was not acknowledged (either state allowed); mismatches ${check.mismatches.length}`,
          `  interests: all ${interests.length} acknowledged ones stored and embedded`,
        ].join('\n'),
      );
    } finally {
      await stream.stop();
    }
  });
});
