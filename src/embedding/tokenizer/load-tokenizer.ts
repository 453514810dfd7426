import type { TextTokenizer } from '../tokenizer.types';
import { HuggingFaceTokenizer } from './hf-tokenizer';
import { UnsupportedTokenizerError, WordPieceTokenizer } from './wordpiece-tokenizer';

/**
 * The tokenizer of a model's tokenizer.json. Uncased BERT WordPiece (all-MiniLM-L6-v2 and its family)
 * runs on semflow's own WordPieceTokenizer; every other tokenizer.json on @huggingface/tokenizers.
 *
 * Why two: on the hot path the library was measured slower (`npm run bench:tokenizer`: 5,000 talk texts,
 * identical ids, 5-7x the time on texts new to the word cache, 18x with it, 0.19 ms a text), while both
 * give exactly reference.json's ids for all-MiniLM-L6-v2 (load-tokenizer.spec.ts).
 */
export function loadTokenizer(tokenizerJsonPath: string, maxLength: number): TextTokenizer {
  try {
    return WordPieceTokenizer.fromTokenizerJson(tokenizerJsonPath, { maxLength });
  } catch (error) {
    if (!(error instanceof UnsupportedTokenizerError)) throw error;
    return HuggingFaceTokenizer.fromTokenizerJson(tokenizerJsonPath, maxLength);
  }
}
