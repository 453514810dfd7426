/**
 * BERT text normalisation for uncased models, step for step as the Hugging Face `tokenizers`
 * BertNormalizer with clean_text, handle_chinese_chars and lowercase on and strip_accents left unset
 * (which then follows lowercase):
 *
 * 1. clean: drop U+0000, U+FFFD and control/format/private-use characters, turn whitespace into ' ';
 * 2. put a space on each side of every CJK ideograph;
 * 3. NFD, then drop non-spacing marks (Mn): "Café" becomes "Cafe";
 * 4. lowercase each character on its own (full Unicode mapping, no context: a final capital sigma
 *    becomes σ, not ς).
 *
 * Text that is plain printable ASCII skips straight to step 4.
 */
import { CHAR_CJK, CHAR_DROP, CHAR_KEEP_CASE, CHAR_MARK, CHAR_NO_NFD, CHAR_SPACE, charFlags } from './bert-chars';

const CAPITAL_SIGMA = '\u03a3';
const SMALL_SIGMA = '\u03c3';

export function normalizeBert(text: string): string {
  const len = text.length;
  let parts: string[] | null = null;
  let runStart = 0;
  let nonAscii = false;
  let outsideTables = false;

  for (let i = 0; i < len; i++) {
    let cp = text.charCodeAt(i);
    let width = 1;
    let replacement: string;
    if (cp < 128) {
      if (cp >= 32 && cp !== 127) continue;
      replacement = cp === 9 || cp === 10 || cp === 13 ? ' ' : '';
    } else {
      nonAscii = true;
      cp = text.codePointAt(i)!;
      if (cp > 0xffff) width = 2;
      const flags = charFlags(cp);
      if (flags & CHAR_DROP) replacement = '';
      else if (flags & CHAR_SPACE) replacement = ' ';
      else if (flags & CHAR_CJK) replacement = ' ' + text.slice(i, i + width) + ' ';
      else {
        if (flags & CHAR_NO_NFD) outsideTables = true;
        i += width - 1;
        continue;
      }
    }
    if (parts === null) parts = [];
    parts.push(text.slice(runStart, i), replacement);
    i += width - 1;
    runStart = i + 1;
  }

  let cleaned = text;
  if (parts !== null) {
    parts.push(text.slice(runStart));
    cleaned = parts.join('');
  }
  if (!nonAscii) return cleaned.toLowerCase();
  return outsideTables ? foldAroundNewChars(cleaned) : foldSegment(cleaned);
}

/** Steps 3 and 4. */
function foldSegment(text: string): string {
  return lowercaseEachChar(stripMarks(text.normalize('NFD')));
}

/**
 * Steps 3 and 4 for text with characters newer than the reference tokenizer's decomposition tables:
 * those are not decomposed and, like any character without a combining class, keep NFD from
 * reordering marks across them (see bert-chars.ts).
 */
function foldAroundNewChars(text: string): string {
  const len = text.length;
  const parts: string[] = [];
  let runStart = 0;
  for (let i = 0; i < len; i++) {
    let cp = text.charCodeAt(i);
    if (cp < 128) continue;
    cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const flags = charFlags(cp);
    if (flags & CHAR_NO_NFD) {
      if (runStart < i) parts.push(foldSegment(text.slice(runStart, i)));
      if (!(flags & CHAR_MARK)) {
        const ch = text.slice(i, i + width);
        parts.push(flags & CHAR_KEEP_CASE ? ch : lowercaseEachChar(ch));
      }
      runStart = i + width;
    }
    i += width - 1;
  }
  if (runStart < len) parts.push(foldSegment(text.slice(runStart)));
  return parts.join('');
}

/** Drops non-spacing marks (the text is already in NFD). */
function stripMarks(text: string): string {
  const len = text.length;
  let parts: string[] | null = null;
  let runStart = 0;
  for (let i = 0; i < len; i++) {
    let cp = text.charCodeAt(i);
    if (cp < 0x300) continue; // no mark below the combining diacritics block
    cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (charFlags(cp) & CHAR_MARK) {
      if (parts === null) parts = [];
      parts.push(text.slice(runStart, i));
      runStart = i + width;
    }
    i += width - 1;
  }
  if (parts === null) return text;
  parts.push(text.slice(runStart));
  return parts.join('');
}

/**
 * String.prototype.toLowerCase applies the full Unicode mapping with one context rule, final sigma.
 * Lowercasing character by character has no context, so a capital sigma is always mapped to σ.
 */
function lowercaseEachChar(text: string): string {
  if (text.indexOf(CAPITAL_SIGMA) < 0) return text.toLowerCase();
  return text
    .split(CAPITAL_SIGMA)
    .map((part) => part.toLowerCase())
    .join(SMALL_SIGMA);
}
