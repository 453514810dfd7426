/**
 * `wordpiece-bow-384`: a bag-of-word-pieces model. Every vocabulary id owns a fixed pseudo-random unit
 * vector (seeded, the same in every build) scaled by the id's weight (idf.ts). The graph is
 * Gather(table, input_ids) times attention_mask, so padded positions output zeros; token_type_ids is
 * declared and accepted but not used. After mean pooling and L2 normalisation, two texts are close
 * when they share heavily weighted word pieces: a cheap model with real, if shallow, topical similarity.
 */
import { Prng } from './prng';
import { ElemType, GraphBuilder, int } from './onnx-graph';

export const BOW_BUILDER_VERSION = '1';

export interface BowModelOptions {
  /** One weight per vocabulary id; its length is the table's row count. */
  weights: Float64Array;
  dimensions: number;
  seed: number;
}

/** The [vocab, dimensions] table: row i = weights[i] * (pseudo-random unit vector i). */
export function bowTable({ weights, dimensions, seed }: BowModelOptions): Float32Array {
  const rng = Prng.forName(seed, 'wordpiece-bow.table');
  const table = new Float32Array(weights.length * dimensions);
  const row = new Float64Array(dimensions);
  for (let id = 0; id < weights.length; id++) {
    let sumSquares = 0;
    for (let d = 0; d < dimensions; d++) {
      row[d] = rng.normal();
      sumSquares += row[d] * row[d];
    }
    const factor = weights[id] / Math.sqrt(sumSquares);
    const offset = id * dimensions;
    for (let d = 0; d < dimensions; d++) table[offset + d] = row[d] * factor;
  }
  return table;
}

export function buildBowModel(options: BowModelOptions): Buffer {
  const { weights, dimensions, seed } = options;
  const g = new GraphBuilder();
  const dims = ['batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', ElemType.INT64, dims);
  const attentionMask = g.input('attention_mask', ElemType.INT64, dims);
  g.input('token_type_ids', ElemType.INT64, dims);
  const table = g.float32('word_piece_vectors', [weights.length, dimensions], bowTable(options));
  const vectors = g.op('Gather', [table, inputIds], 'vectors');
  const mask = g.op('Unsqueeze', [attentionMask, g.int64s([2])], 'mask/unsqueeze');
  const maskFloat = g.op('Cast', [mask], 'mask/float', { to: int(ElemType.FLOAT) });
  g.op('Mul', [vectors, maskFloat], 'last_hidden_state');
  g.output('last_hidden_state', ElemType.FLOAT, [...dims, dimensions]);
  return g.toBytes({
    graphName: 'wordpiece-bow-384',
    producerVersion: BOW_BUILDER_VERSION,
    docString: `Bag of word pieces: seeded random unit vector per token id (seed ${seed}) scaled by an idf weight.`,
    metadata: { seed: String(seed) },
  });
}
