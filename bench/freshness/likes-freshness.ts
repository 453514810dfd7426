import { performance } from 'node:perf_hooks';
import type { BenchService } from '../lib/bench-service';
import { Summary, roundSummary, summarize } from '../lib/stats';

/** What one read shows of a user and one talk. */
interface UserView {
  recommended: Array<{ id: number; basis: string }>;
  liked: Set<number>;
  likeCount: number;
  /** The talk the likeCount is of (Events by id, so offset id - 1). */
  countedId: number;
}

const READ = `query($u: String!, $offset: Int!) {
  RecommendedEvents(userid: $u, limit: 20) { id basis }
  EventsLiked(userid: $u) { id }
  Events(limit: 1, offset: $offset) { id likeCount { num } }
}`;
const LIKE = 'mutation($l: LikedInput!) { Likes(liked: $l) { _source_time } }';

export interface LikesFreshness {
  users: number;
  mutations: number;
  likes: number;
  unlikes: number;
  /** Reads sent right after a mutation was acknowledged that did not show it yet (target 0). */
  staleReads: number;
  staleByCheck: Record<string, number>;
  mutationMs: Summary;
  readMs: Summary;
  /** From sending the mutation to the answer of the first read that shows it. */
  visibleMs: Summary;
}

async function read(service: BenchService, userid: string, talkId: number): Promise<UserView> {
  const data = await service.graphql(READ, { u: userid, offset: talkId - 1 });
  const counted = data.Events[0];
  return {
    recommended: data.RecommendedEvents,
    liked: new Set<number>(data.EventsLiked.map((e: { id: number }) => e.id)),
    likeCount: counted?.likeCount.num ?? -1,
    countedId: counted?.id ?? -1,
  };
}

/** The checks a read must pass once the mutation was acknowledged; returns the names of those that failed. */
function staleChecks(view: UserView, talkId: number, liked: boolean, expectedCount: number): string[] {
  const failed: string[] = [];
  if (view.countedId !== talkId) throw new Error(`Events(offset ${talkId - 1}) answered talk ${view.countedId}: talk ids are not 1..n`);
  if (view.likeCount !== expectedCount) failed.push('likeCount');
  if (view.liked.has(talkId) !== liked) failed.push('EventsLiked');
  if (liked && view.recommended.some((e) => e.id === talkId)) failed.push('still recommended');
  if (liked && view.recommended[0]?.basis !== 'PROFILE') failed.push('no profile');
  return failed;
}

/**
 * Read-your-writes of Likes: each user likes the talk at the top of their recommendations, `likesPerUser`
 * times, then un-likes the first one. The very next read after each acknowledged mutation must show it:
 * the liked talk gone from RecommendedEvents, a profile-based answer, EventsLiked and likeCount updated.
 * A read that does not is counted stale, and reads repeat until it does (for the latency).
 */
export async function measureLikes(service: BenchService, options: { mutations: number; likesPerUser: number }): Promise<LikesFreshness> {
  const mutationMs: number[] = [];
  const readMs: number[] = [];
  const visibleMs: number[] = [];
  const staleByCheck: Record<string, number> = {};
  const counts = new Map<number, number>();
  let staleReads = 0;
  let likes = 0;
  let unlikes = 0;
  let users = 0;

  const mutate = async (userid: string, talkId: number, liked: boolean) => {
    const sent = performance.now();
    await service.graphql(LIKE, { l: { userid, eventId: talkId, liked } });
    const acknowledged = performance.now();
    mutationMs.push(acknowledged - sent);
    const expected = (counts.get(talkId) ?? 0) + (liked ? 1 : -1);
    counts.set(talkId, expected);
    for (let attempt = 0; ; attempt++) {
      const readSent = performance.now();
      const view = await read(service, userid, talkId);
      const answered = performance.now();
      if (attempt === 0) readMs.push(answered - readSent);
      const failed = staleChecks(view, talkId, liked, expected);
      if (failed.length === 0) {
        visibleMs.push(answered - sent);
        return view;
      }
      if (attempt === 0) {
        staleReads++;
        for (const check of failed) staleByCheck[check] = (staleByCheck[check] ?? 0) + 1;
      }
      if (attempt > 1000) throw new Error(`a ${liked ? 'like' : 'un-like'} of talk ${talkId} by ${userid} never became visible (${failed.join(', ')})`);
    }
  };

  let done = 0;
  while (done < options.mutations) {
    const userid = `freshness-liker-${++users}`;
    let view = await read(service, userid, 1);
    const likedByUser: number[] = [];
    for (let i = 0; i < options.likesPerUser && done < options.mutations; i++, done++) {
      const talkId = view.recommended[0].id;
      view = await mutate(userid, talkId, true);
      likedByUser.push(talkId);
      likes++;
    }
    if (done < options.mutations && likedByUser.length > 0) {
      await mutate(userid, likedByUser[0], false);
      unlikes++;
      done++;
    }
  }
  return {
    users,
    mutations: likes + unlikes,
    likes,
    unlikes,
    staleReads,
    staleByCheck,
    mutationMs: roundSummary(summarize(mutationMs)),
    readMs: roundSummary(summarize(readMs)),
    visibleMs: roundSummary(summarize(visibleMs)),
  };
}
