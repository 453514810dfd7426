/** Output of tokenising one text for a BERT-style encoder. */
export interface EncodedText {
  /** [CLS] word pieces... [SEP], at most maxLength ids. */
  ids: number[];
  /** True when word pieces were dropped to fit maxLength. */
  truncated: boolean;
}

export interface TextTokenizer {
  encode(text: string): EncodedText;
}
