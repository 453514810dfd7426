/**
 * bench:freshness — how soon a write shows in what the service answers, on the real service (one
 * APP_ROLE=all process, Redis, synthetic-minilm-l6 int8) on each database of --database, with a
 * summary of both side by side:
 * - Likes: the very next RecommendedEvents / EventsLiked / likeCount read after an acknowledged Likes
 *   mutation must show it (stale reads, target 0), and the like -> visible latency;
 * - AddInterest at idle: from sending it to the first RecommendedEvents answer built on it (target p95
 *   <= 50 ms), with the stages the time goes to;
 * - CDC: rows INSERTed straight into `transactions` by an outside writer, commit -> embedding stored at
 *   50 rows/s (target p95 <= 100 ms), then the rate stepped up to find the highest one whose backlog
 *   does not keep growing.
 */
import { databaseKinds, intFlag } from '../lib/bench-args';
import { BenchService } from '../lib/bench-service';
import { log, printTable, runBench } from '../lib/report';
import { round } from '../lib/stats';
import { CDC_TARGET_RATE, measureCdc } from './cdc-phase';
import { measureInterests } from './interest-freshness';
import { measureLikes } from './likes-freshness';
import { freshnessSummary, type FreshnessResult } from './freshness-summary';
import { loadTalks } from './talk-loader';
import type { DatabaseKind } from '../../test/helpers/test-database';

const INTEREST_P95_TARGET_MS = 50;

type Phase = 'likes' | 'interests' | 'cdc';

/** `--service-env A=1,B=2`: settings for the service on top of the defaults, to try a tuning. */
function serviceEnv(raw: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',').filter(Boolean)) {
    const [key, ...value] = pair.split('=');
    if (!key || value.length === 0) throw new Error(`--service-env takes KEY=VALUE pairs separated by commas, got "${pair}"`);
    env[key] = value.join('=');
  }
  return env;
}

interface FreshnessSettings {
  phases: Set<Phase>;
  talks: number;
  likeMutations: number;
  interestSamples: number;
  pollGapMs: number;
  cdc: Parameters<typeof measureCdc>[1];
  serviceEnv: Record<string, string>;
}

type Target = { what: string; target: string; measured: string; met: boolean };

/** Every phase on one fresh service with the given database; prints each phase's tables. */
async function measureOn(database: DatabaseKind, settings: FreshnessSettings): Promise<{ targets: Target[]; result: FreshnessResult }> {
  log(`--- ${database} ---`);
  // Completed jobs are kept so that their BullMQ records give the stage times; the service's warnings
  // are read from its (JSON) log at the end.
  const service = await BenchService.start({ name: 'freshness', database, env: { LOG_LEVEL: 'info', QUEUE_KEEP_COMPLETED: '100000', ...settings.serviceEnv } });
  const targets: Target[] = [];
  const result: FreshnessResult = {};
  const { phases } = settings;
  try {
    const loaded = await loadTalks(service, settings.talks);
    log(`${settings.talks} talks loaded and embedded in ${round(loaded.seconds)} s`);
    result.talks = loaded;

    if (phases.has('likes')) {
      const likes = await measureLikes(service, { mutations: settings.likeMutations, likesPerUser: 5 });
      result.likes = likes;
      printTable(`Likes: read-your-writes, ${database} (ms)`, [
        { what: 'Likes mutation round trip', ...likes.mutationMs },
        { what: 'next read (RecommendedEvents + EventsLiked + likeCount)', ...likes.readMs },
        { what: 'mutation sent -> visible in a read', ...likes.visibleMs },
      ]);
      log(`likes: ${likes.likes} likes + ${likes.unlikes} un-likes by ${likes.users} users, stale reads ${likes.staleReads} ${JSON.stringify(likes.staleByCheck)}`);
      targets.push({
        what: `${database}: Likes: stale reads right after the mutation`,
        target: '0',
        measured: `${likes.staleReads} of ${likes.mutations}`,
        met: likes.staleReads === 0,
      });
    }

    if (phases.has('interests')) {
      const interests = await measureInterests(service, { samples: settings.interestSamples, pollGapMs: settings.pollGapMs, pauseMs: 100 });
      result.interests = interests;
      printTable(`AddInterest -> reflected in RecommendedEvents, at idle, ${database} (ms)`, [
        { what: 'sent -> first answer reflecting it', ...interests.visibleMs },
        { what: 'sent -> that read sent (lower bound)', ...interests.visibleLowerMs },
        ...(interests.pollReadMs.n > 0 ? [{ what: 'one poll read (before it shows)', ...interests.pollReadMs }] : []),
        ...Object.entries(interests.stagesMs).map(([stage, summary]) => ({ what: `  stage: ${stage}`, ...summary })),
      ]);
      log(`interests: ${interests.reflectedByFirstRead} of ${interests.samples} reflected by the first read after the answer; ${interests.embeddedByJob} embedded by a queued job`);
      targets.push({
        what: `${database}: AddInterest -> reflected, p95 at idle`,
        target: `<= ${INTEREST_P95_TARGET_MS} ms`,
        measured: `${interests.visibleMs.p95} ms (p50 ${interests.visibleMs.p50}, p99 ${interests.visibleMs.p99})`,
        met: interests.visibleMs.p95 <= INTEREST_P95_TARGET_MS,
      });
    }

    if (phases.has('cdc')) {
      const cdc = await measureCdc(service, settings.cdc);
      result.cdc = cdc.result;
      targets.push(...cdc.targets.map((t) => ({ ...t, what: `${database}: ${t.what}` })));
    }
    // A relay or worker that had to retry shows up here, and explains an outlier in the tables above.
    const warnings = service.api.output.filter((line) => /"level":"(warn|error)"/.test(line));
    result.serviceWarnings = { count: warnings.length, first: warnings.slice(0, 10) };
    if (warnings.length > 0) log(`the service logged ${warnings.length} warnings or errors, e.g. ${warnings[0]}`);
  } finally {
    await service.stop();
  }
  return { targets, result };
}

runBench('freshness', async (args) => {
  const full = args.size === 'full';
  const settings: FreshnessSettings = {
    phases: new Set<Phase>((args.extra.phases ?? 'likes,interests,cdc').split(',') as Phase[]),
    talks: intFlag(args, 'talks', full ? 1000 : 200),
    likeMutations: intFlag(args, 'likes', full ? 300 : 48),
    interestSamples: intFlag(args, 'interests', full ? 200 : 40),
    pollGapMs: Number(args.extra['poll-gap-ms'] ?? 2),
    cdc: {
      steadyRate: intFlag(args, 'steady-rate', CDC_TARGET_RATE),
      steadySeconds: intFlag(args, 'steady-seconds', full ? 60 : 15),
      // Left out of the steady latencies: the relay wakes from its idle poll and catches up the first burst.
      warmupSeconds: 5,
      stepSeconds: intFlag(args, 'step-seconds', full ? 20 : 8),
      maxRate: Number(args.extra['max-rate'] ?? 600),
      refinements: Number(args.extra.refinements ?? (full ? 3 : 2)),
      lonelyRows: intFlag(args, 'lonely-rows', full ? 20 : 6),
    },
    serviceEnv: serviceEnv(args.extra['service-env']),
  };
  const targets: Target[] = [];
  const databases: Partial<Record<DatabaseKind, FreshnessResult>> = {};
  for (const database of databaseKinds(args)) {
    const measured = await measureOn(database, settings);
    targets.push(...measured.targets);
    databases[database] = measured.result;
  }
  printTable('Freshness on each database (ms unless stated)', freshnessSummary(databases));
  const { phases, talks, likeMutations, interestSamples, pollGapMs, cdc } = settings;
  return {
    targets,
    settings: { phases: [...phases], serviceEnv: settings.serviceEnv, talks, likeMutations, interestSamples, pollGapMs, ...cdc, model: 'synthetic-minilm-l6 int8' },
    databases,
  };
});
