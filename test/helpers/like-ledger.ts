import type { Client } from 'pg';
import { callGraphql } from './graphql-call';

export interface SentLike {
  userid: string;
  eventId: number;
  liked: boolean;
  /** Acknowledged: answered with data and no errors. */
  ok: boolean;
  /** The acknowledgement's _source_time. */
  sourceTime?: string;
  code?: string;
}

/** A user's stored like of a talk; undefined: none stored. */
type State = boolean | undefined;

export interface LikeCheck {
  /** Everything that contradicts an acknowledgement; empty when all is well. */
  mismatches: string[];
  pairs: number;
  /** Pairs whose last sends were not acknowledged, so either state is right. */
  ambiguous: number;
  /** Pairs liked at the end. */
  liked: number;
}

const pairKey = (userid: string, eventId: number) => `${userid}\u0000${eventId}`;

/**
 * Every Likes mutation a test sent, in sending order per (user, talk), and what came back. A pair's
 * likes must be sent one after another (one sender per user), so that its last acknowledged like is
 * the state the service must hold. A like that was not acknowledged may or may not have been stored
 * (the connection can drop after the commit): its value is allowed too, but only if nothing was
 * acknowledged for the pair after it.
 */
export class LikeLedger {
  readonly sent: SentLike[] = [];
  private readonly byPair = new Map<string, SentLike[]>();

  record(like: SentLike): void {
    this.sent.push(like);
    const key = pairKey(like.userid, like.eventId);
    if (!this.byPair.has(key)) this.byPair.set(key, []);
    this.byPair.get(key)!.push(like);
  }

  acknowledged(): SentLike[] {
    return this.sent.filter((like) => like.ok);
  }

  users(): string[] {
    return [...new Set(this.sent.map((like) => like.userid))];
  }

  /** The states the service may hold for the pair: its last acknowledged one, or a later unacknowledged one. */
  allowedStates(userid: string, eventId: number): Set<State> {
    const history = this.byPair.get(pairKey(userid, eventId)) ?? [];
    const lastAck = history.map((like) => like.ok).lastIndexOf(true);
    const allowed = new Set<State>([lastAck < 0 ? undefined : history[lastAck].liked]);
    for (const like of history.slice(lastAck + 1)) allowed.add(like.liked);
    return allowed;
  }

  /**
   * Compares the service with the ledger: the stored state of every pair (likes table), every
   * acknowledged like in the log of likes with its acknowledged time (like_events), likeCount of every
   * talk and EventsLiked of every user through GraphQL. Assumes only the ledger's users like talks.
   */
  async check(db: Client, baseUrl: string): Promise<LikeCheck> {
    const mismatches: string[] = [];
    const users = this.users();
    const stored = new Map<string, boolean>();
    for (const row of (await db.query('SELECT userid, event_id, liked FROM likes WHERE userid = ANY($1)', [users])).rows) {
      stored.set(pairKey(row.userid, row.event_id), row.liked);
    }
    const logged = new Set<string>();
    for (const row of (await db.query('SELECT userid, event_id, liked, source_time FROM like_events WHERE userid = ANY($1)', [users])).rows) {
      logged.add(`${pairKey(row.userid, row.event_id)}/${row.liked}/${(row.source_time as Date).toISOString()}`);
    }
    for (const like of this.acknowledged()) {
      if (!logged.has(`${pairKey(like.userid, like.eventId)}/${like.liked}/${like.sourceTime}`)) {
        mismatches.push(`acknowledged like missing from like_events: ${JSON.stringify(like)}`);
      }
    }

    // The final state per pair, and from it the expected likeCount and EventsLiked.
    const likedBy = new Map<number, Set<string>>();
    let ambiguous = 0;
    for (const key of new Set([...this.byPair.keys(), ...stored.keys()])) {
      const [userid, eventIdText] = key.split('\u0000');
      const eventId = Number(eventIdText);
      const allowed = this.allowedStates(userid, eventId);
      const state = stored.get(key);
      if (!allowed.has(state)) mismatches.push(`${userid} / talk ${eventId}: stored ${state}, acknowledged ${[...allowed].join(' or ')}`);
      if (allowed.size > 1) ambiguous++;
      if (state === true) likedBy.set(eventId, (likedBy.get(eventId) ?? new Set()).add(userid));
    }

    const events = await callGraphql(baseUrl, '{ Events(limit: 1000) { id likeCount { num } } }');
    if (!events.ok) mismatches.push(`Events failed: ${events.code}`);
    for (const event of events.data?.Events ?? []) {
      const expected = likedBy.get(event.id)?.size ?? 0;
      if (event.likeCount?.num !== expected) mismatches.push(`talk ${event.id}: likeCount ${event.likeCount?.num}, expected ${expected}`);
    }
    for (const userid of users) {
      const answer = await callGraphql(baseUrl, 'query($u: String!) { EventsLiked(userid: $u) { id } }', { u: userid });
      if (!answer.ok) mismatches.push(`EventsLiked(${userid}) failed: ${answer.code}`);
      const got = (answer.data?.EventsLiked ?? []).map((event: { id: number }) => event.id).sort((a: number, b: number) => a - b);
      const expected = [...likedBy]
        .filter(([, by]) => by.has(userid))
        .map(([id]) => id)
        .sort((a, b) => a - b);
      if (JSON.stringify(got) !== JSON.stringify(expected)) mismatches.push(`EventsLiked(${userid}): ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
    }
    const liked = [...likedBy.values()].reduce((n, by) => n + by.size, 0);
    return { mismatches: mismatches.slice(0, 50), pairs: this.byPair.size, ambiguous, liked };
  }
}
