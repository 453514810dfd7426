import { SeededRandom } from '../../src/generator/seeded-random';
import { callGraphql, countByCode } from './graphql-call';
import type { LikeLedger } from './like-ledger';

const LIKE = 'mutation($l: LikedInput!) { Likes(liked: $l) { _source_time userid eventId liked } }';

interface Sent {
  at: number;
  ok: boolean;
  code?: string;
}

export interface StreamCounts {
  sent: number;
  acknowledged: number;
  /** Requests not acknowledged, by code (see GraphqlCall). */
  refused: Record<string, number>;
}

/**
 * A steady stream of Likes and un-likes from several concurrent senders, each with users of its own
 * (so a user's likes go out one after another), over a few talks, into a LikeLedger. Senders keep
 * going whatever happens to the service: a refused or lost request is recorded and the next one
 * follows a moment later, as a client with retries would behave.
 */
export class LikeStream {
  private readonly log: Sent[] = [];
  private running = true;
  private readonly senders: Array<Promise<void>>;

  constructor(
    private readonly baseUrl: string,
    private readonly ledger: LikeLedger,
    options: { senders: number; usersPerSender: number; talks: number[]; seed: number; prefix: string; pauseMs?: number },
  ) {
    const random = new SeededRandom(options.seed);
    this.senders = Array.from({ length: options.senders }, (_, s) => {
      const users = Array.from({ length: options.usersPerSender }, (_, u) => `${options.prefix}-${s}-${u}`);
      return this.send(random, users, options.talks, options.pauseMs ?? 5);
    });
  }

  private async send(random: SeededRandom, users: string[], talks: number[], pauseMs: number): Promise<void> {
    while (this.running) {
      const like = { userid: random.pick(users), eventId: random.pick(talks), liked: random.float() < 0.6 };
      const at = Date.now();
      const call = await callGraphql(this.baseUrl, LIKE, { l: like }, 30000);
      const added = call.data?.Likes;
      // An acknowledgement names what was stored; anything else is not one.
      const ok = call.ok && added?.userid === like.userid && added?.eventId === like.eventId && added?.liked === like.liked;
      const code = ok ? undefined : (call.code ?? 'NOT_ACKNOWLEDGED');
      this.ledger.record({ ...like, ok, sourceTime: added?._source_time, code });
      this.log.push({ at, ok, code });
      // A refused request is retried after a pause: no busy loop against a port nothing listens on.
      await new Promise((resolve) => setTimeout(resolve, ok ? pauseMs : 50));
    }
  }

  acknowledgedSince(at: number): number {
    return this.log.filter((sent) => sent.ok && sent.at >= at).length;
  }

  sentSince(at: number): number {
    return this.log.filter((sent) => sent.at >= at).length;
  }

  /** Counts of the requests sent in [from, to). */
  counts(from = 0, to = Number.POSITIVE_INFINITY): StreamCounts {
    const sent = this.log.filter((s) => s.at >= from && s.at < to);
    return { sent: sent.length, acknowledged: sent.filter((s) => s.ok).length, refused: countByCode(sent) };
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.senders);
  }
}
