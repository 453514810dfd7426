import type { BenchService } from '../lib/bench-service';
import { Summary, roundSummary, summarize } from '../lib/stats';
import { completedJobTimes } from './job-times';
import { sleep, wallClockMs as now } from './timing';

const ADD = 'mutation($i: AddInterest!) { AddInterest(interest: $i) { id } }';
const READ = 'query($u: String!) { RecommendedEvents(userid: $u, limit: 1) { basis } }';

const SUBJECTS = ['stream processing', 'vector search', 'change data capture', 'Kafka consumer groups', 'Flink state', 'fraud detection', 'feature stores', 'schema evolution'];
const ANGLES = ['in production', 'for small teams', 'at scale', 'with Postgres', 'under backpressure', 'and observability'];

interface Sample {
  interestId: string;
  sent: number;
  acknowledged: number;
  visible: number;
  /** When the read that first showed the interest was sent (the poll's lower bound). */
  visibleReadSent: number;
  polls: number;
}

export interface InterestFreshness {
  samples: number;
  /** Interests the service embedded through the queue rather than within the request. */
  embeddedByJob: number;
  /** Interests the first read after the acknowledgement already reflected. */
  reflectedByFirstRead: number;
  pollGapMs: number;
  pauseMs: number;
  /** From sending AddInterest to the answer of the first RecommendedEvents that reflects it. */
  visibleMs: Summary;
  /** The same, to the moment that read was sent: the truth lies between the two. */
  visibleLowerMs: Summary;
  polls: Summary;
  /** Round trip of one poll (RecommendedEvents, limit 1) before the interest shows. */
  pollReadMs: Summary;
  /** Where the time goes, per stage (each from the end of the previous one). */
  stagesMs: Record<string, Summary>;
}

/**
 * AddInterest at idle: one new user at a time adds an interest; once it is acknowledged, RecommendedEvents
 * is polled back to back (pollGapMs between reads) until its basis turns from POPULAR to PROFILE, i.e.
 * the interest was embedded and joined the profile. Stage times come from the database (source_time,
 * embedded_at) and, for interests embedded by a queued job, BullMQ's job records (added, processedOn,
 * finishedOn).
 */
export async function measureInterests(service: BenchService, options: { samples: number; pollGapMs: number; pauseMs: number }): Promise<InterestFreshness> {
  const samples: Sample[] = [];
  const pollReadMs: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    const userid = `freshness-interest-${i + 1}`;
    const text = `${SUBJECTS[i % SUBJECTS.length]} ${ANGLES[Math.floor(i / SUBJECTS.length) % ANGLES.length]} #${i + 1}`;
    const sent = now();
    const added = await service.graphql(ADD, { i: { userid, text } });
    const acknowledged = now();
    for (let polls = 1; ; polls++) {
      const readSent = now();
      const data = await service.graphql(READ, { u: userid });
      if (data.RecommendedEvents[0]?.basis === 'PROFILE') {
        samples.push({ interestId: added.AddInterest.id, sent, acknowledged, visible: now(), visibleReadSent: readSent, polls });
        break;
      }
      pollReadMs.push(now() - readSent);
      if (now() - sent > 30000) throw new Error(`interest ${added.AddInterest.id} not in the profile after 30 s`);
      if (options.pollGapMs > 0) await sleep(options.pollGapMs);
    }
    await sleep(options.pauseMs);
  }

  const db = await service.db();
  const stored = new Map<string, { sourceTime: number; embeddedAt: number }>();
  const rows = await db.query('SELECT id, source_time, embedded_at FROM interests WHERE id = ANY($1::uuid[])', [samples.map((s) => s.interestId)]);
  for (const row of rows.rows) stored.set(row.id, { sourceTime: row.source_time.getTime(), embeddedAt: row.embedded_at.getTime() });
  const jobs = await completedJobTimes(service, 'interests', (data) => data?.interestId as string | undefined);

  // An interest embedded within the request has no job; one past the service's budget goes through the queue.
  const stages: Record<string, number[]> = {
    'sent -> stored (with its embedding when embedded in the request)': [],
    'in the request: stored -> acknowledged': [],
    'by a job: stored -> job queued': [],
    'by a job: job queued -> picked by worker': [],
    'by a job: picked -> embedding stored': [],
    'by a job: embedding stored -> job done': [],
    'by a job: job done -> visible to a read': [],
    'sent -> acknowledged': [],
    'acknowledged -> visible to a read': [],
  };
  let byJob = 0;
  for (const s of samples) {
    const times = stored.get(s.interestId);
    const job = jobs.get(s.interestId);
    stages['sent -> acknowledged'].push(s.acknowledged - s.sent);
    stages['acknowledged -> visible to a read'].push(s.visible - s.acknowledged);
    if (!times) continue;
    stages['sent -> stored (with its embedding when embedded in the request)'].push(times.sourceTime - s.sent);
    if (!job) {
      stages['in the request: stored -> acknowledged'].push(s.acknowledged - times.sourceTime);
      continue;
    }
    byJob++;
    stages['by a job: stored -> job queued'].push(job.added - times.sourceTime);
    stages['by a job: job queued -> picked by worker'].push(job.processedOn - job.added);
    stages['by a job: picked -> embedding stored'].push(times.embeddedAt - job.processedOn);
    stages['by a job: embedding stored -> job done'].push(job.finishedOn - times.embeddedAt);
    stages['by a job: job done -> visible to a read'].push(s.visible - job.finishedOn);
  }
  return {
    samples: samples.length,
    embeddedByJob: byJob,
    reflectedByFirstRead: samples.filter((s) => s.polls === 1).length,
    pollGapMs: options.pollGapMs,
    pauseMs: options.pauseMs,
    visibleMs: roundSummary(summarize(samples.map((s) => s.visible - s.sent))),
    visibleLowerMs: roundSummary(summarize(samples.map((s) => s.visibleReadSent - s.sent))),
    polls: roundSummary(summarize(samples.map((s) => s.polls))),
    pollReadMs: roundSummary(summarize(pollReadMs)),
    stagesMs: Object.fromEntries(
      Object.entries(stages)
        .filter(([, values]) => values.length > 0)
        .map(([stage, values]) => [stage, roundSummary(summarize(values))]),
    ),
  };
}
