import { Prng } from '../../src/embedding/model-builder/prng';

/**
 * Deterministic talk-like texts (title + abstract) for the benchmarks: the same seed gives the same
 * texts on every machine. Lengths vary as real conference abstracts do: a few bare titles, mostly
 * 60-200 word pieces, and a tail longer than the model's 256-token window (truncated).
 */
const TOPICS = [
  'Kafka',
  'Flink',
  'stream processing',
  'change data capture',
  'event sourcing',
  'vector search',
  'embeddings',
  'Postgres',
  'schema registry',
  'exactly-once delivery',
  'windowed joins',
  'materialized views',
  'data mesh',
  'observability',
  'backpressure',
  'consumer groups',
  'tiered storage',
  'feature stores',
  'real-time analytics',
  'fraud detection',
  'recommendation engines',
  'SQL on streams',
  'state stores',
  'Kubernetes operators',
  'serverless pipelines',
];
const VERBS = ['scaling', 'debugging', 'operating', 'migrating', 'testing', 'securing', 'tuning', 'designing', 'monitoring', 'simplifying'];
const AUDIENCES = ['platform teams', 'data engineers', 'application developers', 'SREs', 'architects', 'analysts'];
const OPENERS = [
  'In this talk we share how our team',
  'This session walks through the way we',
  'Join us to learn how a small team',
  'We present the lessons we learned when we',
  'After three years in production, we',
  'Most organisations struggle when they',
];
const MIDDLES = [
  'The hardest part was not the technology but agreeing on ownership of the data contracts.',
  'We compare three approaches and measure latency, throughput and operational cost for each.',
  'You will see the failure modes we hit, from rebalancing storms to silent data loss, and how we fixed them.',
  'A live demo shows the pipeline recovering from a broker outage without dropping a single event.',
  'We explain why ordering guarantees matter more than raw throughput for financial workloads.',
  'Along the way we cover partitioning strategies, idempotent producers and transactional writes.',
  'The architecture replaced a nightly batch job that took six hours with answers in under a second.',
  'Attendees will leave with a checklist for capacity planning and a set of dashboards to copy.',
  'We also discuss testing strategies, including contract tests and chaos experiments in staging.',
  'Finally, we show how the same events feed both the search index and the machine learning models.',
  'Our benchmarks cover p99 latency under load, recovery time after failover and cost per million events.',
  'The talk ends with open questions and the roadmap for the next release of the project.',
];

function pick<T>(prng: Prng, items: readonly T[]): T {
  return items[Math.floor(prng.uniform() * items.length)];
}

/** Number of abstract sentences: 5% bare titles, a broad middle, 10% long enough to be truncated. */
function sentenceCount(prng: Prng): number {
  const u = prng.uniform();
  if (u < 0.05) return 0;
  if (u < 0.9) return 2 + Math.floor(prng.uniform() * 8);
  return 14 + Math.floor(prng.uniform() * 8);
}

export function talkCorpus(count: number, seed = 0x7a1c0023): string[] {
  const prng = new Prng(seed);
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const topic = pick(prng, TOPICS);
    const verb = pick(prng, VERBS);
    const title = `${verb[0].toUpperCase()}${verb.slice(1)} ${topic} for ${pick(prng, AUDIENCES)}`;
    const sentences: string[] = [];
    const n = sentenceCount(prng);
    if (n > 0) sentences.push(`${pick(prng, OPENERS)} ${pick(prng, VERBS)} ${topic} with ${pick(prng, TOPICS)}.`);
    for (let s = 1; s < n; s++) sentences.push(pick(prng, MIDDLES));
    texts.push(sentences.length ? `${title}. ${sentences.join(' ')}` : title);
  }
  return texts;
}
