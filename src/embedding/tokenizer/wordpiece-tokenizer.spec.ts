import { readFileSync } from 'node:fs';
import { sharedDir } from '../../../test/helpers/shared-dir';
import { normalizeBert } from './bert-normalizer';
import { splitBertWords } from './bert-pre-tokenizer';
import { WordPieceTokenizer } from './wordpiece-tokenizer';

interface ReferenceSentence {
  text: string;
  n_wordpieces_untruncated: number;
  truncated: boolean;
  input_ids: number[];
}

const modelDir = (...parts: string[]) => sharedDir('models', 'all-MiniLM-L6-v2', ...parts);

describe('WordPieceTokenizer (all-MiniLM-L6-v2)', () => {
  let fromJson: WordPieceTokenizer;
  let fromVocab: WordPieceTokenizer;
  let reference: ReferenceSentence[];

  beforeAll(() => {
    fromJson = WordPieceTokenizer.fromTokenizerJson(modelDir('tokenizer.json'));
    fromVocab = WordPieceTokenizer.fromVocabTxt(modelDir('vocab.txt'));
    reference = (JSON.parse(readFileSync(modelDir('reference.json'), 'utf8')) as { sentences: ReferenceSentence[] }).sentences;
  });

  describe('reference.json', () => {
    it('covers the cases that matter', () => {
      expect(reference.length).toBeGreaterThanOrEqual(8);
      expect(reference.some((s) => s.truncated && s.n_wordpieces_untruncated === 511)).toBe(true);
      expect(reference.some((s) => s.text.includes('東京'))).toBe(true);
    });

    it.each(['tokenizer.json', 'vocab.txt'])('gives exactly the reference ids and truncation flags (vocabulary from %s)', (source) => {
      const tokenizer = source === 'tokenizer.json' ? fromJson : fromVocab;
      for (const sentence of reference) {
        const encoded = tokenizer.encode(sentence.text);
        expect({ text: sentence.text, ids: encoded.ids, truncated: encoded.truncated }).toEqual({
          text: sentence.text,
          ids: sentence.input_ids,
          truncated: sentence.truncated,
        });
        expect(tokenizer.countPieces(sentence.text)).toBe(sentence.n_wordpieces_untruncated);
      }
    });

    it('keeps [CLS] + 254 pieces + [SEP] for the long paragraph', () => {
      const long = reference.find((s) => s.n_wordpieces_untruncated === 511)!;
      const encoded = fromJson.encode(long.text);
      expect(encoded.ids).toHaveLength(256);
      expect(encoded.ids[0]).toBe(101);
      expect(encoded.ids[255]).toBe(102);
      expect(encoded.ids.slice(1, 255)).toEqual(fromJson.pieceIds(long.text).slice(0, 254));
      expect(encoded.truncated).toBe(true);
    });
  });

  it('reads the same vocabulary from tokenizer.json and vocab.txt', () => {
    expect(fromJson.vocabSize).toBe(30522);
    expect(fromVocab.vocabSize).toBe(30522);
    for (let id = 0; id < fromJson.vocabSize; id++) {
      const token = fromJson.idToToken(id);
      if (token !== fromVocab.idToToken(id)) throw new Error(`id ${id}: ${token} in tokenizer.json, ${fromVocab.idToToken(id)} in vocab.txt`);
    }
  });

  it('picks tokenizer.json from a model folder', () => {
    expect(WordPieceTokenizer.fromModelDir(modelDir()).encode('Kafka').ids).toEqual([101, 10556, 24316, 2050, 102]);
  });

  // Expectations below were worked out from the rules and vocab.txt line numbers, not from this code.
  describe('rules', () => {
    const ids = (text: string, tokenizer = fromJson) => tokenizer.encode(text).ids;

    it('encodes the empty string as [CLS] [SEP]', () => {
      expect(fromJson.encode('')).toEqual({ ids: [101, 102], truncated: false });
      expect(fromJson.encode(' \t\n ')).toEqual({ ids: [101, 102], truncated: false });
    });

    it('splits a word into the longest pieces first', () => {
      // ka (10556), ##fk (24316), ##a (2050)
      expect(ids('Kafka')).toEqual([101, 10556, 24316, 2050, 102]);
      expect(fromJson.tokenize('Kafka')).toEqual(['ka', '##fk', '##a']);
    });

    it('turns a word of more than 100 characters into one [UNK]', () => {
      expect(ids('a'.repeat(101))).toEqual([101, 100, 102]);
      expect(ids(`x ${'é'.repeat(101)} x`)).toEqual([101, 1060, 100, 1060, 102]);
      // exactly 100 characters is still split: aaa (13360), 48 x ##aa (11057), ##a (2050)
      expect(ids('a'.repeat(100))).toEqual([101, 13360, ...new Array<number>(48).fill(11057), 2050, 102]);
      // the limit counts characters after normalisation: 60 x (e + combining acute) is 60 characters
      expect(ids('e\u0301'.repeat(60))).not.toContain(100);
    });

    it('turns a word that cannot be split completely into one [UNK]', () => {
      expect(ids('hello 🚀😊 world')).toEqual([101, 7592, 100, 2088, 102]);
    });

    it('truncates to maxLength keeping [CLS] ... [SEP]', () => {
      const short = WordPieceTokenizer.fromTokenizerJson(modelDir('tokenizer.json'), { maxLength: 8 });
      // the (1996) quick (4248) brown (2829) fox (4419) jumps (14523) over (2058) the lazy (13971) dog (3899)
      const text = 'The quick brown fox jumps over the lazy dog';
      expect(short.encode(text)).toEqual({ ids: [101, 1996, 4248, 2829, 4419, 14523, 2058, 102], truncated: true });
      expect(short.countPieces(text)).toBe(9);
      const exact = WordPieceTokenizer.fromTokenizerJson(modelDir('tokenizer.json'), { maxLength: 11 });
      expect(exact.encode(text)).toEqual({ ids: [101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 102], truncated: false });
      // pieces of one word are cut too: ka ##fk | ##a
      const tiny = WordPieceTokenizer.fromVocabTxt(modelDir('vocab.txt'), { maxLength: 4 });
      expect(tiny.encode('Kafka')).toEqual({ ids: [101, 10556, 24316, 102], truncated: true });
    });

    it('rejects a maxLength without room for [CLS] and [SEP]', () => {
      expect(() => WordPieceTokenizer.fromVocabTxt(modelDir('vocab.txt'), { maxLength: 1 })).toThrow(/maxLength/);
    });

    it('drops control and format characters and treats tab, newline and other spaces as whitespace', () => {
      // hello (7592), world (2088), foo (29379)
      expect(ids('he\u0000ll\u0007o')).toEqual([101, 7592, 102]);
      expect(ids('\u200bhello\ufeff\ufffd wor\u00adld\u007f')).toEqual([101, 7592, 2088, 102]);
      expect(ids('hello\tworld\r\nfoo')).toEqual([101, 7592, 2088, 29379, 102]);
      expect(ids('hello\u00a0world\u3000foo')).toEqual([101, 7592, 2088, 29379, 102]);
      // vertical tab, form feed and U+0085 are control characters first: dropped, so no split (ab = 11113)
      expect(ids('a\u000bb')).toEqual([101, 11113, 102]);
      expect(ids('a\u000cb')).toEqual([101, 11113, 102]);
      expect(ids('a\u0085b')).toEqual([101, 11113, 102]);
    });

    it('lowercases and strips accents', () => {
      // cafe (7668), naive (15743), istanbul (9960)
      expect(ids('CAFÉ Naïve')).toEqual([101, 7668, 15743, 102]);
      expect(ids('İstanbul')).toEqual([101, 9960, 102]);
      // combining marks alone disappear
      expect(ids('\u0301')).toEqual([101, 102]);
    });

    it('lowercases each character on its own: a final capital sigma becomes σ, not ς', () => {
      // α (1155), ##σ (29733); ##ς would be 19579
      expect(ids('ΑΣ')).toEqual([101, 1155, 29733, 102]);
    });

    it('makes every punctuation character a word of its own', () => {
      // hello (7592) , (1010) world (2088) ! (999)
      expect(ids('hello, world!!')).toEqual([101, 7592, 1010, 2088, 999, 999, 102]);
      // ASCII symbols count as punctuation: $ (1002) 5 (1019) + (1009) 3 (1017)
      expect(ids('$5+3')).toEqual([101, 1002, 1019, 1009, 1017, 102]);
      // Unicode punctuation: — (1517)
      expect(ids('a—b')).toEqual([101, 1037, 1517, 1038, 102]);
    });

    it('puts CJK ideographs in words of their own', () => {
      // 東 (1879) 京 (1755), x (1060)
      expect(ids('x東京x')).toEqual([101, 1060, 1879, 1755, 1060, 102]);
    });

    it('keeps special tokens written in the text (case-sensitive, before normalisation)', () => {
      expect(ids('hello [SEP] world')).toEqual([101, 7592, 102, 2088, 102]);
      expect(ids('a[MASK]b')).toEqual([101, 1037, 103, 1038, 102]);
      // lowercase is not special: [ (1031) mask (7308) ] (1033)
      expect(ids('[mask]')).toEqual([101, 1031, 7308, 1033, 102]);
      expect(ids('[CLS][CLS]')).toEqual([101, 101, 101, 102]);
    });

    it('follows the reference character tables where newer Unicode versions differ', () => {
      // U+1734 was a non-spacing mark (now Mc): stripped, leaving ab (11113)
      expect(ids('a\u1734b')).toEqual([101, 11113, 102]);
      // U+166D was punctuation (now So): a word of its own, [UNK]
      expect(ids('a\u166db')).toEqual([101, 1037, 100, 1038, 102]);
      // U+0897 is a mark newer than the reference tables: kept as a letter, so the word is [UNK]
      expect(ids('a\u0897b')).toEqual([101, 100, 102]);
    });

    it('agrees between the two vocabulary sources on mixed text', () => {
      const text = 'Straße, ﬁnal ΟΔΟΣ — Ａ１ 😀 [UNK] ǅ ½ … x\u0300y';
      expect(fromVocab.encode(text)).toEqual(fromJson.encode(text));
    });
  });

  describe('normaliser and pre-tokeniser', () => {
    it('normalises as BertNormalizer', () => {
      expect(normalizeBert('Héllo\tWORLD\u0000')).toBe('hello world');
      expect(normalizeBert('中文')).toBe(' 中  文 ');
    });

    it('splits on whitespace and isolates punctuation', () => {
      expect(splitBertWords('hey friend!     how are you?!?')).toEqual(['hey', 'friend', '!', 'how', 'are', 'you', '?', '!', '?']);
    });
  });

  it('gives the same result with and without the word cache', () => {
    const uncached = WordPieceTokenizer.fromVocabTxt(modelDir('vocab.txt'), { wordCacheSize: 0 });
    const small = WordPieceTokenizer.fromVocabTxt(modelDir('vocab.txt'), { wordCacheSize: 3 });
    for (const sentence of reference) {
      expect(uncached.encode(sentence.text)).toEqual(fromJson.encode(sentence.text));
      expect(small.encode(sentence.text)).toEqual(fromJson.encode(sentence.text));
    }
  });
});
