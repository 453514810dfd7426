import * as path from 'node:path';
import { loadConfig } from '../src/config/load-config';
import { createEmbedder } from '../src/embedding/embedder-factory';
import type { Embedder } from '../src/embedding/embedder.types';
import { cosineSimilarity } from '../src/embedding/pooling';
import { MODELS_DIR } from './helpers/app-process';
import { readSharedEvents } from './helpers/shared-events';

/**
 * The bag-of-word-pieces stand-in exists so ranking behaviour can be tested without the production
 * weights: an interest in Flink must rank the Flink talks of the real 143-talk data set first.
 */
describe('wordpiece-bow-384 ranking on the Current23 talks', () => {
  let embedder: Embedder;
  const talks = readSharedEvents('blog-2023/data/events.json');

  beforeAll(async () => {
    embedder = await createEmbedder('wordpiece-bow-384', loadConfig({ MODELS_DIR: path.resolve(MODELS_DIR) }));
  });

  afterAll(() => embedder?.close());

  it('ranks talks about Apache Flink first for a Flink interest', async () => {
    const vectors = await embedder.embed(talks.map((t) => `${t.title}\n${t.abstract}`));
    const [interest] = await embedder.embed(['I want to learn more about Apache Flink and how to use it for real-time stream processing.']);
    const ranked = talks.map((talk, i) => ({ talk, score: cosineSimilarity(interest.vector, vectors[i].vector) })).sort((a, b) => b.score - a.score);
    const isFlink = (t: { title: string; abstract: string }) => /flink/i.test(t.title) || /flink/i.test(t.abstract);
    const flinkTalks = talks.filter(isFlink).length;
    expect(flinkTalks).toBeGreaterThanOrEqual(10);
    const top10 = ranked.slice(0, 10).map((r) => r.talk);
    console.log(`top 10 for the Flink interest:\n${top10.map((t) => `  ${isFlink(t) ? '[flink]' : '[other]'} ${t.title}`).join('\n')}`);
    expect(top10.every(isFlink)).toBe(true);
    // Most Flink talks fill the places before any other kind of talk.
    const topN = ranked.slice(0, flinkTalks).filter((r) => isFlink(r.talk)).length;
    console.log(`Flink talks among the first ${flinkTalks}: ${topN}`);
    expect(topN / flinkTalks).toBeGreaterThanOrEqual(0.8);
  });
});
