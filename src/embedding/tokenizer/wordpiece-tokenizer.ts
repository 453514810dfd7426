/**
 * BERT uncased WordPiece tokenizer (the tokenizer of all-MiniLM-L6-v2 and bert-base-uncased), with the
 * behaviour of the Hugging Face `tokenizers` pipeline that the model's tokenizer.json describes:
 *
 *   special tokens ([CLS], [SEP], [MASK], ...) written literally in the text are kept as those tokens;
 *   the rest goes through BertNormalizer (see bert-normalizer.ts), BertPreTokenizer
 *   (bert-pre-tokenizer.ts) and WordPiece: greedy longest-match-first over the vocabulary, "##" before
 *   pieces that continue a word, a word longer than 100 characters or one that cannot be split
 *   completely becomes a single [UNK].
 *
 * encode() follows sentence-transformers: [CLS] + the first maxLength - 2 word pieces + [SEP] (so a long
 * text still ends in [SEP]), with `truncated` set when pieces were dropped. The truncation and padding
 * settings stored inside tokenizer.json (128, left over from training) are ignored on purpose.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { EncodedText, TextTokenizer } from '../tokenizer.types';
import { normalizeBert } from './bert-normalizer';
import { forEachBertWord } from './bert-pre-tokenizer';

export const DEFAULT_MAX_LENGTH = 256;
export const DEFAULT_WORD_CACHE_SIZE = 50_000;
const BERT_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

export interface WordPieceTokenizerOptions {
  /** Longest id sequence encode() returns, [CLS] and [SEP] included. Default 256 (sentence-transformers). */
  maxLength?: number;
  unkToken?: string;
  clsToken?: string;
  sepToken?: string;
  continuingSubwordPrefix?: string;
  /** Longer words (in characters, after normalisation) become [UNK]. */
  maxInputCharsPerWord?: number;
  /** Tokens matched verbatim in the raw text before normalisation. Default: the BERT specials in the vocabulary. */
  specialTokens?: readonly string[];
  /** How many distinct words keep their piece ids in memory. */
  wordCacheSize?: number;
}

interface TokenizerJson {
  added_tokens?: Array<{ content: string; special?: boolean; normalized?: boolean }>;
  normalizer?: { type?: string; clean_text?: boolean; handle_chinese_chars?: boolean; strip_accents?: boolean | null; lowercase?: boolean } | null;
  pre_tokenizer?: { type?: string } | null;
  post_processor?: { type?: string; special_tokens?: Record<string, { ids?: number[]; tokens?: string[] }> } | null;
  model?: {
    type?: string;
    unk_token?: string;
    continuing_subword_prefix?: string;
    max_input_chars_per_word?: number;
    vocab?: Record<string, number>;
  };
}

/** A tokenizer.json that is not uncased BERT WordPiece: load-tokenizer.ts hands it to the general tokenizer. */
export class UnsupportedTokenizerError extends Error {}

export class WordPieceTokenizer implements TextTokenizer {
  readonly maxLength: number;
  private readonly vocab: Map<string, number>;
  private readonly tokens: string[];
  private readonly unkId: number;
  private readonly clsId: number;
  private readonly sepId: number;
  private readonly prefix: string;
  private readonly maxInputCharsPerWord: number;
  /** Special token text -> id, matched in the raw text. */
  private readonly specials: Array<{ text: string; id: number }>;
  /** Longest vocabulary entry that can start a word / continue one, in UTF-16 code units (prefix excluded). */
  private readonly maxStartUnits: number;
  private readonly maxContinueUnits: number;
  private readonly wordCache = new Map<string, readonly number[]>();
  private readonly wordCacheSize: number;

  /**
   * @param vocab token -> id, or the tokens in id order (as in vocab.txt).
   */
  constructor(vocab: ReadonlyMap<string, number> | Record<string, number> | readonly string[], options: WordPieceTokenizerOptions = {}) {
    this.vocab = new Map();
    if (Array.isArray(vocab)) (vocab as readonly string[]).forEach((token, id) => this.vocab.set(token, id));
    else if (vocab instanceof Map) for (const [token, id] of vocab) this.vocab.set(token, id);
    else for (const [token, id] of Object.entries(vocab as Record<string, number>)) this.vocab.set(token, id);
    if (this.vocab.size === 0) throw new Error('WordPiece vocabulary is empty');

    this.tokens = [];
    for (const [token, id] of this.vocab) this.tokens[id] = token;

    this.maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
    if (!Number.isInteger(this.maxLength) || this.maxLength < 2) throw new Error(`maxLength must be an integer >= 2, got ${this.maxLength}`);
    this.prefix = options.continuingSubwordPrefix ?? '##';
    this.maxInputCharsPerWord = options.maxInputCharsPerWord ?? 100;
    this.wordCacheSize = Math.max(0, options.wordCacheSize ?? DEFAULT_WORD_CACHE_SIZE);
    this.unkId = this.requireId(options.unkToken ?? '[UNK]');
    this.clsId = this.requireId(options.clsToken ?? '[CLS]');
    this.sepId = this.requireId(options.sepToken ?? '[SEP]');

    const specialTexts = options.specialTokens ?? BERT_SPECIAL_TOKENS.filter((token) => this.vocab.has(token));
    this.specials = specialTexts.filter((text) => text.length > 0).map((text) => ({ text, id: this.requireId(text) }));

    let maxStart = 1;
    let maxContinue = 1;
    for (const token of this.vocab.keys()) {
      if (token.startsWith(this.prefix)) maxContinue = Math.max(maxContinue, token.length - this.prefix.length);
      maxStart = Math.max(maxStart, token.length);
    }
    this.maxStartUnits = maxStart;
    this.maxContinueUnits = maxContinue;
  }

  /** From a Hugging Face tokenizer.json (model.vocab and the WordPiece settings next to it). */
  static fromTokenizerJson(file: string, options: WordPieceTokenizerOptions = {}): WordPieceTokenizer {
    const json = JSON.parse(readFileSync(file, 'utf8')) as TokenizerJson;
    const model = json.model;
    if (!model || model.type !== 'WordPiece' || !model.vocab) throw new UnsupportedTokenizerError(`${path.basename(file)}: not a WordPiece tokenizer`);
    const normalizer = json.normalizer;
    if (
      !normalizer ||
      normalizer.type !== 'BertNormalizer' ||
      normalizer.lowercase !== true ||
      normalizer.clean_text === false ||
      normalizer.handle_chinese_chars === false ||
      normalizer.strip_accents === false
    ) {
      throw new UnsupportedTokenizerError(`${path.basename(file)}: only the uncased BertNormalizer (lowercase, accents stripped) is supported`);
    }
    if (json.pre_tokenizer?.type !== 'BertPreTokenizer') throw new UnsupportedTokenizerError(`${path.basename(file)}: only the BertPreTokenizer is supported`);

    const special = json.post_processor?.special_tokens ?? {};
    const specialTokens = (json.added_tokens ?? []).filter((token) => token.special !== false && token.normalized !== true).map((token) => token.content);
    return new WordPieceTokenizer(model.vocab, {
      unkToken: model.unk_token,
      continuingSubwordPrefix: model.continuing_subword_prefix,
      maxInputCharsPerWord: model.max_input_chars_per_word,
      clsToken: special['[CLS]']?.tokens?.[0],
      sepToken: special['[SEP]']?.tokens?.[0],
      specialTokens,
      ...options,
    });
  }

  /** From a vocab.txt: one token per line, the line number (from 0) is the id. */
  static fromVocabTxt(file: string, options: WordPieceTokenizerOptions = {}): WordPieceTokenizer {
    const lines = readFileSync(file, 'utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return new WordPieceTokenizer(
      lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)),
      options,
    );
  }

  /** From a model folder: tokenizer.json when present, else vocab.txt. */
  static fromModelDir(dir: string, options: WordPieceTokenizerOptions = {}): WordPieceTokenizer {
    const json = path.join(dir, 'tokenizer.json');
    if (existsSync(json)) return WordPieceTokenizer.fromTokenizerJson(json, options);
    return WordPieceTokenizer.fromVocabTxt(path.join(dir, 'vocab.txt'), options);
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  tokenId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.tokens[id];
  }

  /** [CLS] + at most maxLength - 2 word pieces + [SEP]. */
  encode(text: string): EncodedText {
    const limit = this.maxLength - 2;
    const ids: number[] = [this.clsId];
    let count = 0;
    let truncated = false;
    this.forEachPieces(text, (pieces) => {
      for (let i = 0; i < pieces.length; i++) {
        if (count === limit) {
          truncated = true;
          return false;
        }
        ids.push(pieces[i]);
        count++;
      }
      return true;
    });
    ids.push(this.sepId);
    return { ids, truncated };
  }

  /** Word piece ids of the whole text, without [CLS]/[SEP] and without truncation. */
  pieceIds(text: string): number[] {
    const ids: number[] = [];
    this.forEachPieces(text, (pieces) => {
      for (let i = 0; i < pieces.length; i++) ids.push(pieces[i]);
      return true;
    });
    return ids;
  }

  /** Number of word pieces in the text ([CLS]/[SEP] not counted, no truncation). */
  countPieces(text: string): number {
    let count = 0;
    this.forEachPieces(text, (pieces) => {
      count += pieces.length;
      return true;
    });
    return count;
  }

  /** The word pieces as strings ("kafka" -> ["ka", "##fk", "##a"]); for inspection and tests. */
  tokenize(text: string): string[] {
    return this.pieceIds(text).map((id) => this.tokens[id]);
  }

  private requireId(token: string): number {
    const id = this.vocab.get(token);
    if (id === undefined) throw new Error(`token ${token} is not in the vocabulary`);
    return id;
  }

  /** Feeds the piece ids of each word (or special token) in order; stops when onPieces returns false. */
  private forEachPieces(text: string, onPieces: (pieces: readonly number[]) => boolean): void {
    const onWord = (word: string) => onPieces(this.wordPieces(word));
    if (this.specials.length === 0) {
      forEachBertWord(normalizeBert(text), onWord);
      return;
    }
    let pos = 0;
    while (pos < text.length) {
      const found = this.nextSpecial(text, pos);
      if (found === null) break;
      if (found.index > pos && !forEachBertWord(normalizeBert(text.slice(pos, found.index)), onWord)) return;
      if (!onPieces([found.id])) return;
      pos = found.index + found.length;
    }
    if (pos === 0) forEachBertWord(normalizeBert(text), onWord);
    else if (pos < text.length) forEachBertWord(normalizeBert(text.slice(pos)), onWord);
  }

  /** Leftmost special token at or after `from` (the longest one when several start there). */
  private nextSpecial(text: string, from: number): { index: number; length: number; id: number } | null {
    let best: { index: number; length: number; id: number } | null = null;
    for (const special of this.specials) {
      const index = text.indexOf(special.text, from);
      if (index < 0) continue;
      if (best === null || index < best.index || (index === best.index && special.text.length > best.length)) {
        best = { index, length: special.text.length, id: special.id };
      }
    }
    return best;
  }

  /** Piece ids of one pre-tokenised word, cached. */
  private wordPieces(word: string): readonly number[] {
    const cached = this.wordCache.get(word);
    if (cached !== undefined) return cached;
    const pieces = this.splitWord(word);
    if (this.wordCacheSize > 0) {
      if (this.wordCache.size >= this.wordCacheSize) {
        // evict the oldest entry (Map keeps insertion order)
        const oldest = this.wordCache.keys().next();
        if (!oldest.done) this.wordCache.delete(oldest.value);
      }
      this.wordCache.set(word, pieces);
    }
    return pieces;
  }

  /** Greedy longest-match-first WordPiece over one word. */
  private splitWord(word: string): readonly number[] {
    const len = word.length;
    if (len > this.maxInputCharsPerWord && countCodePoints(word) > this.maxInputCharsPerWord) return [this.unkId];
    const whole = this.vocab.get(word);
    if (whole !== undefined) return [whole];

    const pieces: number[] = [];
    let start = 0;
    while (start < len) {
      let end = Math.min(len, start + (start === 0 ? this.maxStartUnits : this.maxContinueUnits));
      if (end < len && isLowSurrogate(word.charCodeAt(end)) && isHighSurrogate(word.charCodeAt(end - 1))) end--;
      let id: number | undefined;
      while (end > start) {
        const piece = word.slice(start, end);
        id = this.vocab.get(start === 0 ? piece : this.prefix + piece);
        if (id !== undefined) break;
        end -= end - 2 >= start && isLowSurrogate(word.charCodeAt(end - 1)) && isHighSurrogate(word.charCodeAt(end - 2)) ? 2 : 1;
      }
      if (id === undefined) return [this.unkId];
      pieces.push(id);
      start = end;
    }
    return pieces;
  }
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) i++;
    count++;
  }
  return count;
}
