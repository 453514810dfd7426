import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { sharedDir } from '../../../test/helpers/shared-dir';
import { HuggingFaceTokenizer } from './hf-tokenizer';
import { loadTokenizer } from './load-tokenizer';
import { WordPieceTokenizer } from './wordpiece-tokenizer';

const miniLm = (file: string) => sharedDir('models', 'all-MiniLM-L6-v2', file);

const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });

/** A cased WordPiece tokenizer.json, as cased BERT models ship it: "Kafka" and "kafka" are different tokens. */
const CASED_TOKENIZER = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [special(0, '[PAD]'), special(1, '[UNK]'), special(2, '[CLS]'), special(3, '[SEP]')],
  normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: false },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: {
    type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
    pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
    special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
  },
  decoder: null,
  model: {
    type: 'WordPiece',
    unk_token: '[UNK]',
    continuing_subword_prefix: '##',
    max_input_chars_per_word: 100,
    vocab: { '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3, Kafka: 4, kafka: 5, Café: 6, stream: 7, '##s': 8, ',': 9 },
  },
};

describe('loadTokenizer', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'semflow-tokenizer-'));
    writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(CASED_TOKENIZER));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs uncased BERT WordPiece (all-MiniLM-L6-v2) on the measured faster WordPieceTokenizer', () => {
    expect(loadTokenizer(miniLm('tokenizer.json'), 256)).toBeInstanceOf(WordPieceTokenizer);
  });

  it('gives the library tokenizer the exact reference ids of all-MiniLM-L6-v2, truncation included', () => {
    const library = HuggingFaceTokenizer.fromTokenizerJson(miniLm('tokenizer.json'), 256);
    const reference = (JSON.parse(readFileSync(miniLm('reference.json'), 'utf8')) as { sentences: Array<{ text: string; input_ids: number[]; truncated: boolean }> }).sentences;
    for (const sentence of reference) {
      expect({ text: sentence.text, ...library.encode(sentence.text) }).toEqual({ text: sentence.text, ids: sentence.input_ids, truncated: sentence.truncated });
    }
  });

  it('runs any other tokenizer.json on @huggingface/tokenizers: a cased one keeps case and accents', () => {
    const tokenizer = loadTokenizer(path.join(dir, 'tokenizer.json'), 16);
    expect(tokenizer).toBeInstanceOf(HuggingFaceTokenizer);
    expect(tokenizer.encode('Kafka kafka Café streams, Flink')).toEqual({ ids: [2, 4, 5, 6, 7, 8, 9, 1, 3], truncated: false });
  });

  it('truncates as sentence-transformers does: the start token, the first tokens of the text, the end token', () => {
    const tokenizer = loadTokenizer(path.join(dir, 'tokenizer.json'), 5);
    expect(tokenizer.encode('Kafka kafka Café streams')).toEqual({ ids: [2, 4, 5, 6, 3], truncated: true });
    expect(tokenizer.encode('Kafka kafka Café')).toEqual({ ids: [2, 4, 5, 6, 3], truncated: false });
  });
});
