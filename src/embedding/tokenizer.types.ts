/** Output of tokenising one text for a transformer encoder. */
export interface EncodedText {
  /** The model's start token(s), the text's tokens, its end token(s) ([CLS] ... [SEP]): at most maxLength ids. */
  ids: number[];
  /** True when tokens of the text were dropped to fit maxLength. */
  truncated: boolean;
}

export interface TextTokenizer {
  encode(text: string): EncodedText;
}
