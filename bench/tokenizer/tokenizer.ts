/**
 * bench:tokenizer — semflow's WordPieceTokenizer against @huggingface/tokenizers on the same talk texts
 * and the same tokenizer.json (the production model's, copied into every built model), side by side in
 * one run: ids must be identical; the time ratio is why load-tokenizer.ts keeps the own one for uncased
 * BERT WordPiece. Rounds alternate which tokenizer runs first.
 */
import * as path from 'node:path';
import { repoRoot } from '../../src/common/compiled-path';
import { HuggingFaceTokenizer } from '../../src/embedding/tokenizer/hf-tokenizer';
import { WordPieceTokenizer } from '../../src/embedding/tokenizer/wordpiece-tokenizer';
import type { TextTokenizer } from '../../src/embedding/tokenizer.types';
import { intFlag } from '../lib/bench-args';
import { log, printTable, runBench } from '../lib/report';
import { talkCorpus } from '../lib/talk-corpus';

const MAX_TOKENS = 256;
const TOKENIZER_JSON = path.join(repoRoot, 'models', 'synthetic-minilm-l6', 'tokenizer.json');

const timeMs = (tokenizer: TextTokenizer, texts: string[]): number => {
  const started = performance.now();
  for (const text of texts) tokenizer.encode(text);
  return performance.now() - started;
};

/** Texts that share no word beyond the corpus vocabulary: every one is new to a word cache. */
const uniqueTexts = (texts: string[]) => texts.map((text, i) => `${text} ref${i}q${(i * 7919) % 10007}`);

runBench('tokenizer', async (args) => {
  const count = intFlag(args, 'texts', args.size === 'full' ? 20000 : 5000);
  const rounds = intFlag(args, 'rounds', 3);
  const texts = talkCorpus(count);
  const library = HuggingFaceTokenizer.fromTokenizerJson(TOKENIZER_JSON, MAX_TOKENS);
  const own = WordPieceTokenizer.fromTokenizerJson(TOKENIZER_JSON, { maxLength: MAX_TOKENS });
  const differing = texts.filter((text) => JSON.stringify(own.encode(text)) !== JSON.stringify(library.encode(text))).length;
  log(`${count} talk texts, ${differing} with different ids`);

  const rows = [];
  for (const [label, corpus, cache] of [
    ['talk texts, word cache on', texts, undefined],
    ['unique texts, word cache off', uniqueTexts(texts), 1],
  ] as const) {
    const ownMs: number[] = [];
    const libraryMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // A fresh tokenizer each round: its word cache starts cold, as in a new process.
      const fresh = WordPieceTokenizer.fromTokenizerJson(TOKENIZER_JSON, { maxLength: MAX_TOKENS, wordCacheSize: cache });
      if (r % 2 === 0) {
        ownMs.push(timeMs(fresh, corpus));
        libraryMs.push(timeMs(library, corpus));
      } else {
        libraryMs.push(timeMs(library, corpus));
        ownMs.push(timeMs(fresh, corpus));
      }
    }
    const best = (values: number[]) => Math.min(...values);
    rows.push({
      case: label,
      'semflow ms': best(ownMs).toFixed(0),
      'library ms': best(libraryMs).toFixed(0),
      'library ms/text': (best(libraryMs) / count).toFixed(3),
      'library / semflow': (best(libraryMs) / best(ownMs)).toFixed(2),
    });
  }
  printTable('tokenizing time (best of the rounds)', rows);
  return {
    targets: [
      { what: 'ids identical on every text', target: '0 differ', measured: `${differing} differ`, met: differing === 0 },
      {
        what: 'semflow faster than the library on unique texts (why it is kept)',
        target: 'library / semflow > 1',
        measured: `${rows[1]['library / semflow']}x`,
        met: Number(rows[1]['library / semflow']) > 1,
      },
    ],
    cases: rows,
  };
});
