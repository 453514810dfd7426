import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Tokenizer } from '@huggingface/tokenizers' with { 'resolution-mode': 'import' };
import type { EncodedText, TextTokenizer } from '../tokenizer.types';

// The package's typings are declared for ES modules only; its CommonJS build is what Node loads here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Tokenizer: TokenizerClass } = require('@huggingface/tokenizers') as { Tokenizer: new (tokenizer: object, config: object) => Tokenizer };

/**
 * Any tokenizer.json a model ships (BPE, Unigram, WordPiece of any casing...), run by the maintained
 * @huggingface/tokenizers. Truncation follows sentence-transformers for every model: the model's special
 * tokens around the first maxLength - specials tokens of the text, so a long text still ends in its
 * end-of-sequence token. The truncation and padding settings inside tokenizer.json are not used.
 */
export class HuggingFaceTokenizer implements TextTokenizer {
  /** Ids the post-processor puts before and after a text's own tokens, e.g. [CLS] / [SEP] or <s> / </s>. */
  private readonly prefix: number[];
  private readonly suffix: number[];

  constructor(
    private readonly tokenizer: Tokenizer,
    readonly maxLength: number,
  ) {
    // Where a probe text's own tokens sit inside its encoding with special tokens tells the two apart.
    const probe = 'a';
    const plain = tokenizer.encode(probe, { add_special_tokens: false }).ids;
    const full = tokenizer.encode(probe, { add_special_tokens: true }).ids;
    const at = indexOfRun(full, plain);
    if (at < 0) throw new Error('the tokenizer adds special tokens inside the text: not supported');
    this.prefix = full.slice(0, at);
    this.suffix = full.slice(at + plain.length);
    if (maxLength <= this.prefix.length + this.suffix.length) throw new RangeError(`maxLength ${maxLength} leaves no room for the text`);
  }

  static fromTokenizerJson(file: string, maxLength: number): HuggingFaceTokenizer {
    const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const configFile = path.join(path.dirname(file), 'tokenizer_config.json');
    let config: unknown = {};
    try {
      config = JSON.parse(readFileSync(configFile, 'utf8'));
    } catch {
      /* optional: tokenizer.json alone describes the pipeline */
    }
    return new HuggingFaceTokenizer(new TokenizerClass(json as object, config as object), maxLength);
  }

  encode(text: string): EncodedText {
    const own = this.tokenizer.encode(text, { add_special_tokens: false }).ids;
    const room = this.maxLength - this.prefix.length - this.suffix.length;
    const kept = own.length > room ? own.slice(0, room) : own;
    return { ids: [...this.prefix, ...kept, ...this.suffix], truncated: own.length > room };
  }
}

function indexOfRun(haystack: readonly number[], needle: readonly number[]): number {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((id, j) => haystack[i + j] === id)) return i;
  }
  return -1;
}
