/** vocab.txt of a BERT WordPiece tokenizer: one token per line, the line number is the token id. */
import { readFileSync } from 'node:fs';

export function readVocab(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.replace(/\r$/, ''));
}

/** [PAD], [UNK], [CLS], [SEP], [MASK] and the [unusedN] slots. */
export const isSpecialToken = (token: string): boolean => /^\[[A-Za-z0-9_]+\]$/.test(token);

/** A continuation piece such as "##ing". */
export const isContinuationPiece = (token: string): boolean => token.startsWith('##') && token.length > 2;

/** Punctuation and symbols: no letter and no digit in the token (after any "##"). */
export const isPunctuation = (token: string): boolean => !/[\p{L}\p{N}]/u.test(token.startsWith('##') ? token.slice(2) : token);
