/**
 * Character classes of BERT text handling (uncased models such as all-MiniLM-L6-v2), with the exact
 * boundaries of the Hugging Face `tokenizers` BertNormalizer and BertPreTokenizer:
 *
 * - dropped: U+0000, U+FFFD and every "other" character (Cc, Cf, Co, Cs) except tab, LF and CR;
 * - whitespace: the Unicode White_Space property (tab, LF and CR included; the remaining Cc
 *   whitespace such as VT, FF and U+0085 is dropped first because it is a control character);
 * - CJK ideographs: the fixed code point ranges of the reference (note 0x2B920, not 0x2B820, as the
 *   start of the sixth range);
 * - non-spacing marks (Mn): stripped after NFD;
 * - punctuation: ASCII punctuation (33-47, 58-64, 91-96, 123-126) or any Unicode P* character.
 *
 * The reference classifies characters with Unicode tables from around version 8 and decomposes them
 * with tables from around version 12, while this runtime has current tables. The characters where
 * that changes the result are listed below; they were found by comparing the reference and this code
 * on every code point, alone and next to combining marks. Classes are computed once per code point and
 * memoised (a 64K table for the BMP, a Map beyond).
 */

export const CHAR_DROP = 1;
export const CHAR_SPACE = 2;
export const CHAR_CJK = 4;
export const CHAR_MARK = 8;
export const CHAR_PUNCT = 16;
/** Unknown to the reference's decomposition tables: not decomposed, and no mark is reordered across it. */
export const CHAR_NO_NFD = 32;
/** The reference has no lowercase mapping for it. */
export const CHAR_KEEP_CASE = 64;
const CHAR_KNOWN = 128;

const OTHER_RE = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u;
const SPACE_RE = /^\p{White_Space}$/u;
const MARK_RE = /^\p{Mn}$/u;
const PUNCT_RE = /^\p{P}$/u;

/** Old characters whose category has changed since the reference's tables. */
const LEGACY_CLASS: ReadonlyMap<number, number> = new Map([
  [0x166d, CHAR_PUNCT], // was Po, now So
  [0x1734, CHAR_MARK], // was Mn, now Mc
  [0x111c9, CHAR_PUNCT], // was Po, now Mn
  [0x1171e, CHAR_MARK], // was Mn, now Mc
]);

/**
 * Assigned after the reference's category tables: new marks, punctuation and format characters that
 * the reference neither drops, strips nor splits off.
 */
const UNCLASSIFIED = parseRanges(
  '061D 07FD 0890-0891 0897-089F 08CA-08E2 09FD-09FE 0A76 0AFA-0AFF 0B55 0C04 0C3C 0C77 0C84 0D00 ' +
    '0D3B-0D3C 0D81 0EBA 0ECE 180F 1885-1886 1ABF-1ADD 1AE0-1AEB 1B4E-1B4F 1B7D-1B7F 1DF6-1DFB ' +
    '2E43-2E4F 2E52-2E5D A82C A8C5 A8FF A9BD 10D24-10D27 10D69-10D6E 10EAB-10EAD 10ED0 10EFA-10EFF ' +
    '10F46-10F50 10F55-10F59 10F82-10F89 11070 11073-11074 110C2 110CD 111CF 1123E 11241 1133B ' +
    '113BB-113C0 113CE 113D0 113D2 113D4-113D5 113D7-113D8 113E1-113E2 11438-1143F 11442-11444 11446 ' +
    '1144B-1144F 1145A-1145B 1145D-1145E 11660-1166C 116B9 1182F-11837 11839-1183B 1193B-1193C 1193E ' +
    '11943-11946 119D4-119D7 119DA-119DB 119E0 119E2 11A01-11A0A 11A33-11A38 11A3B-11A47 11A51-11A56 ' +
    '11A59-11A5B 11A8A-11A96 11A98-11A9C 11A9E-11AA2 11B00-11B09 11B60 11B62-11B64 11B66 11BE1 ' +
    '11C30-11C36 11C38-11C3D 11C3F 11C41-11C45 11C70-11C71 11C92-11CA7 11CAA-11CB0 11CB2-11CB3 ' +
    '11CB5-11CB6 11D31-11D36 11D3A 11D3C-11D3D 11D3F-11D45 11D47 11D90-11D91 11D95 11D97 11EF3-11EF4 ' +
    '11EF7-11EF8 11F00-11F01 11F36-11F3A 11F40 11F42-11F4F 11F5A 11FFF 12FF1-12FF2 13430-13440 ' +
    '13447-13455 1611E-16129 1612D-1612F 16D6D-16D6F 16E97-16E9A 16F4F 16FE2 16FE4 1CF00-1CF2D ' +
    '1CF30-1CF46 1E000-1E006 1E008-1E018 1E01B-1E021 1E023-1E024 1E026-1E02A 1E08F 1E130-1E136 1E2AE ' +
    '1E2EC-1E2EF 1E4EC-1E4EF 1E5EE-1E5EF 1E5FF 1E6E3 1E6E6 1E6EE-1E6EF 1E6F5 1E944-1E94A 1E95E-1E95F ',
);

/** Assigned, or given a decomposition or combining class, after the reference's decomposition tables. */
const NO_NFD = parseRanges(
  '07FD 0897-089F 08CA-08D3 09FE 0C3C 0D3B-0D3C 0EBA 1715 1ABF-1ADD 1AE0-1AEB 1DF6-1DFA A82C 105C9 ' +
    '105E4 10D24-10D27 10D69-10D6D 10EAB-10EAC 10EFA-10EFB 10EFD-10EFF 10F46-10F50 10F82-10F85 11070 ' +
    '1133B 11383 11385 1138E 11391 113C5 113C7-113C8 113CE-113D0 1145E 11839-1183A 11938 1193D-1193E ' +
    '11943 119E0 11A34 11A47 11A99 11D42 11D44-11D45 11D97 11F41-11F42 16121-16128 1612F 16D68-16D6A ' +
    '16FF0-16FF1 1E08F 1E130-1E136 1E2AE 1E2EC-1E2EF 1E4EC-1E4EF 1E5EE-1E5EF 1E6E3 1E6E6 1E6EE-1E6EF ' +
    '1E6F5 ',
);

/** Given a lowercase mapping after the reference's case tables. */
const KEEP_CASE = parseRanges('105C9 105E4');

function parseRanges(list: string): Array<[number, number]> {
  return list
    .trim()
    .split(/\s+/)
    .map((item) => {
      const [lo, hi] = item.split('-');
      return [parseInt(lo, 16), parseInt(hi ?? lo, 16)];
    });
}

function inRanges(cp: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  for (const [lo, hi] of ranges) {
    if (cp < lo) return false; // sorted
    if (cp <= hi) return true;
  }
  return false;
}

export function isCjkIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function isAsciiPunctuation(cp: number): boolean {
  return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
}

function computeFlags(cp: number): number {
  if (cp >= 0xd800 && cp <= 0xdfff) return CHAR_DROP; // a lone surrogate (Cs)
  const ch = String.fromCodePoint(cp);
  let flags = 0;
  if (cp !== 9 && cp !== 10 && cp !== 13 && (cp === 0 || cp === 0xfffd || OTHER_RE.test(ch))) flags |= CHAR_DROP;
  if (MARK_RE.test(ch)) flags |= CHAR_MARK;
  if (isAsciiPunctuation(cp) || PUNCT_RE.test(ch)) flags |= CHAR_PUNCT;
  const legacy = LEGACY_CLASS.get(cp);
  if (legacy !== undefined) flags = legacy;
  else if (inRanges(cp, UNCLASSIFIED)) flags = 0;
  if (SPACE_RE.test(ch)) flags |= CHAR_SPACE;
  if (isCjkIdeograph(cp)) flags |= CHAR_CJK;
  if (inRanges(cp, NO_NFD)) flags |= CHAR_NO_NFD;
  if (inRanges(cp, KEEP_CASE)) flags |= CHAR_KEEP_CASE | CHAR_NO_NFD;
  return flags;
}

const bmpFlags = new Uint8Array(0x10000);
const astralFlags = new Map<number, number>();

/** CHAR_* bits of one code point. */
export function charFlags(cp: number): number {
  if (cp < 0x10000) {
    const known = bmpFlags[cp];
    if (known !== 0) return known & ~CHAR_KNOWN;
    const flags = computeFlags(cp);
    bmpFlags[cp] = flags | CHAR_KNOWN;
    return flags;
  }
  let flags = astralFlags.get(cp);
  if (flags === undefined) {
    flags = computeFlags(cp);
    if (astralFlags.size < 65536) astralFlags.set(cp, flags);
  }
  return flags;
}
