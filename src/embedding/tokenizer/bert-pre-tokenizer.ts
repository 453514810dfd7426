/**
 * BERT pre-tokenisation of normalised text, as the Hugging Face `tokenizers` BertPreTokenizer:
 * split on whitespace (dropped), then make every punctuation character a word of its own.
 * "hello, world!!" gives "hello", ",", "world", "!", "!".
 */
import { CHAR_PUNCT, CHAR_SPACE, charFlags } from './bert-chars';

/** 1 = whitespace, 2 = punctuation, for the ASCII range. */
const ASCII_CLASS = new Uint8Array(128);
for (let cp = 0; cp < 128; cp++) {
  const flags = charFlags(cp);
  ASCII_CLASS[cp] = flags & CHAR_SPACE ? 1 : flags & CHAR_PUNCT ? 2 : 0;
}

/**
 * Calls onWord with each word in order. onWord may return false to stop early; the result is false
 * when it did.
 */
export function forEachBertWord(normalized: string, onWord: (word: string) => boolean | void): boolean {
  const len = normalized.length;
  let wordStart = 0;
  for (let i = 0; i < len; i++) {
    const cp = normalized.charCodeAt(i);
    let width = 1;
    let kind: number;
    if (cp < 128) {
      kind = ASCII_CLASS[cp];
      if (kind === 0) continue;
    } else {
      const full = normalized.codePointAt(i)!;
      if (full > 0xffff) width = 2;
      const flags = charFlags(full);
      kind = flags & CHAR_SPACE ? 1 : flags & CHAR_PUNCT ? 2 : 0;
      if (kind === 0) {
        i += width - 1;
        continue;
      }
    }
    if (wordStart < i && onWord(normalized.slice(wordStart, i)) === false) return false;
    if (kind === 2 && onWord(normalized.slice(i, i + width)) === false) return false;
    i += width - 1;
    wordStart = i + 1;
  }
  if (wordStart < len && onWord(normalized.slice(wordStart)) === false) return false;
  return true;
}

/** All words of a normalised text. */
export function splitBertWords(normalized: string): string[] {
  const words: string[] = [];
  forEachBertWord(normalized, (word) => {
    words.push(word);
  });
  return words;
}
