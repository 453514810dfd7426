/**
 * Per-token weights for `wordpiece-bow-384`, from document frequencies in a small corpus.
 *
 * The rule, for each vocabulary id:
 * - special tokens ([PAD], [UNK], [CLS], [SEP], [MASK], [unusedN]) and pure punctuation/symbol tokens:
 *   SPECIAL_WEIGHT (near zero), so they do not dominate a mean-pooled vector;
 * - continuation pieces ("##ink"): PIECE_WEIGHT, a fixed middle weight, because no WordPiece split of the
 *   corpus is made here;
 * - whole-word tokens: idf = ln((N + 1) / (df + 1)) + 1, where N is the number of corpus documents and df
 *   the number of documents containing the token as a whole word. The corpus text (title and abstract of
 *   each JSON Lines record) is lowercased, accents removed, and split on every character that is not a
 *   letter or digit; each word is looked up as-is in the vocabulary. A token never seen as a whole word
 *   gets the highest idf (df = 0): rare words such as the first piece of "flink" ("fl") then weigh most;
 * - English function/filler words (FUNCTION_WORDS) are further multiplied by FUNCTION_WORD_FACTOR.
 *
 * Weights are rounded to 6 decimals so that the file is the same whatever the last bit of Math.log.
 */
import { readFileSync } from 'node:fs';
import { FUNCTION_WORDS } from './function-words';
import { isContinuationPiece, isPunctuation, isSpecialToken } from './vocab';

export const SPECIAL_WEIGHT = 0.01;
export const PIECE_WEIGHT = 2;
export const FUNCTION_WORD_FACTOR = 0.1;

/** The texts of a JSON Lines corpus: "title abstract" of each record with at least one of them. */
export function readCorpusTexts(path: string): string[] {
  const texts: string[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (!line.trim()) return;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        throw new Error(`${path}:${index + 1} is not valid JSON`);
      }
      const { title, abstract } = (record ?? {}) as { title?: unknown; abstract?: unknown };
      const parts = [title, abstract].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
      if (parts.length) texts.push(parts.join(' '));
    });
  if (texts.length === 0) throw new Error(`${path} has no record with a title or abstract`);
  return texts;
}

/** Lowercased, accent-free words of a text. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** One weight per vocabulary id (see the rule above). */
export function tokenWeights(vocab: readonly string[], texts: readonly string[]): Float64Array {
  const idByWord = new Map<string, number>();
  vocab.forEach((token, id) => {
    if (!isSpecialToken(token) && !isContinuationPiece(token) && !idByWord.has(token)) idByWord.set(token, id);
  });
  const df = new Uint32Array(vocab.length);
  for (const text of texts) {
    const seen = new Set<number>();
    for (const word of words(text)) {
      const id = idByWord.get(word);
      if (id !== undefined) seen.add(id);
    }
    for (const id of seen) df[id]++;
  }
  const n = texts.length;
  const weights = new Float64Array(vocab.length);
  vocab.forEach((token, id) => {
    if (isSpecialToken(token) || isPunctuation(token)) weights[id] = SPECIAL_WEIGHT;
    else if (isContinuationPiece(token)) weights[id] = PIECE_WEIGHT;
    else {
      const idf = Math.log((n + 1) / (df[id] + 1)) + 1;
      weights[id] = round6(FUNCTION_WORDS.has(token) ? idf * FUNCTION_WORD_FACTOR : idf);
    }
  });
  return weights;
}
