import { createHash } from 'node:crypto';
import { FinflowGenerator } from '../../src/generator/finflow-generator';
import type { TransactionRow } from '../../src/generator/finflow-rows';
import { loadTenants } from '../../src/generator/finflow-tenants';
import { SeededRandom } from '../../src/generator/seeded-random';
import { transactionText } from '../../src/transactions/transaction-text';
import { talkCorpus } from '../lib/talk-corpus';

/**
 * The benchmark's data, a pure function of its sizes: talks (from the talk corpus), users who like talks
 * of one topic and state an interest in it, payments from the finflow generator, and the inputs of the
 * measured queries. Texts only: bench/query/corpus-vectors.ts embeds them.
 */
export interface Talk {
  id: number;
  title: string;
  abstract: string;
  /** What the service embeds: title, a line break, abstract (EVENT_TEXT_SEPARATOR=newline). */
  fullText: string;
  topic: string;
}

export interface BenchUser {
  userid: string;
  topic: string;
  likedTalkIds: number[];
  /** An interest text, or null (half the users have none: their profile is their likes alone). */
  interest: string | null;
}

export interface Leg {
  /** The row's _id: legs are inserted in this order into an empty table. */
  id: number;
  row: TransactionRow;
  /** The informative template's text, as the service's workers render it. */
  text: string;
}

export interface QueryInputs {
  recommendedUsers: string[];
  searches: Array<{ query: string; userid: string }>;
  similarLegEventIds: string[];
  transactionSearchTexts: string[];
}

export interface Dataset {
  talks: Talk[];
  users: BenchUser[];
  legs: Leg[];
  inputs: QueryInputs;
}

const SEED = 0x5eed0042;

export const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** "Tuning Kafka for SREs" -> "Kafka": the corpus's titles are "<Verb> <topic> for <audience>". */
function topicOf(title: string): string {
  return /^\S+ (.+) for [^.]+$/.exec(title)?.[1] ?? title;
}

function talks(count: number): Talk[] {
  return talkCorpus(count).map((text, index) => {
    const cut = text.indexOf('. ');
    const title = cut < 0 ? text : text.slice(0, cut);
    const abstract = cut < 0 ? '' : text.slice(cut + 2);
    return { id: index + 1, title, abstract, fullText: `${title}\n${abstract}`, topic: topicOf(title) };
  });
}

/** Users who like 3-8 talks of one topic; every other one also states an interest in it. */
function users(count: number, talkList: Talk[], random: SeededRandom): BenchUser[] {
  const byTopic = new Map<string, Talk[]>();
  for (const talk of talkList) (byTopic.get(talk.topic) ?? byTopic.set(talk.topic, []).get(talk.topic)!).push(talk);
  const topics = [...byTopic.keys()].sort();
  return Array.from({ length: count }, (_, index) => {
    const topic = topics[index % topics.length];
    const candidates = byTopic.get(topic)!;
    const liked = new Set<number>();
    const wanted = Math.min(candidates.length, random.int(3, 8));
    while (liked.size < wanted) liked.add(random.pick(candidates).id);
    const interest = index % 2 === 0 ? `${topic} in production: ${random.pick(['lessons learned', 'performance tuning', 'getting started', 'failure modes'])}` : null;
    return { userid: `bench-user-${index + 1}`, topic, likedTalkIds: [...liked].sort((a, b) => a - b), interest };
  });
}

/** Payments of the finflow generator (two legs each), rendered with the informative template. */
function legs(count: number, seed: number): Leg[] {
  const generator = new FinflowGenerator({
    holders: Math.max(2, Math.ceil(count / 20)),
    transactions: count,
    seed,
    startMs: Date.UTC(2026, 0, 1),
    tenants: loadTenants(),
  });
  const out: Leg[] = [];
  for (const generated of generator.rows()) {
    if (generated.table !== 'transactions') continue;
    const row = generated.row;
    // The template reads jsonb columns as the text Postgres prints; any JSON text of the same value renders alike.
    const asText = {
      ...row,
      accountholderaccount: JSON.stringify(row.accountholderaccount),
      counterpartyaccount: JSON.stringify(row.counterpartyaccount),
      amount: JSON.stringify(row.amount),
    };
    out.push({ id: out.length + 1, row, text: transactionText(asText, 'informative') });
  }
  return out;
}

/** Search texts as a user would type them: the leading clause of a leg ("outbound paymentNRT of 5550.00 ZA ..."). */
function transactionSearchText(leg: Leg, random: SeededRandom): string {
  const sentences = leg.text.split('. ');
  return random.float() < 0.5 ? sentences[0] : `${sentences[0]}. ${sentences[random.int(1, Math.min(3, sentences.length - 1))]}`;
}

const SEARCH_EXTRAS = ['', ' production', ' latency', ' testing', ' operating'];

export function buildDataset(sizes: { talks: number; legs: number; users: number; queries: number }): Dataset {
  const random = new SeededRandom(SEED);
  const talkList = talks(sizes.talks);
  const userList = users(sizes.users, talkList, random);
  const legList = legs(sizes.legs, SEED);
  const pickUser = () => random.pick(userList);
  const inputs: QueryInputs = {
    recommendedUsers: Array.from({ length: sizes.queries }, () => pickUser().userid),
    searches: Array.from({ length: sizes.queries }, () => {
      const user = pickUser();
      // Mostly the user's own topic (a broad match), sometimes another topic with a narrowing word.
      const topic = random.float() < 0.6 ? user.topic : random.pick(userList).topic;
      return { query: `${topic}${random.pick(SEARCH_EXTRAS)}`, userid: user.userid };
    }),
    similarLegEventIds: Array.from({ length: sizes.queries }, () => random.pick(legList).row.eventid),
    transactionSearchTexts: Array.from({ length: sizes.queries }, () => transactionSearchText(random.pick(legList), random)),
  };
  return { talks: talkList, users: userList, legs: legList, inputs };
}
