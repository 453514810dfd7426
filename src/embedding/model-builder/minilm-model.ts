/**
 * `synthetic-minilm-l6`: the complete all-MiniLM-L6-v2 encoder graph (BertModel, standard ONNX ops only)
 * with seeded random weights. It has the production model's inputs, output, shapes and cost per token, so
 * the embedding engine can be exercised and measured without the real weights. Its vectors carry no
 * meaning.
 *
 * fp32: every weight float32.
 * int8: laid out like onnxruntime's dynamic quantization. Each dense weight is an int8 initializer with
 * one float scale per output column (symmetric, zero point 0); at run time the activation goes through
 * DynamicQuantizeLinear (uint8), then MatMulInteger(x_q, W_q, x_zero_point) -> Cast to float -> Mul by
 * (x_scale * w_scale) -> Add bias. onnxruntime fuses that chain into one quantized MatMul.
 * The word embedding table (80% of the parameters) is stored int8 too, with one scale per hidden column:
 * Gather picks int8 rows and DequantizeLinear (axis 2) turns them back into floats. That keeps the int8
 * file about a quarter of the fp32 one, as with the production model's quantized file. Position and
 * token-type tables, biases and LayerNorm parameters stay float32. The two attention MatMuls
 * (Q x K^T and probabilities x V) have no constant weight and stay float, as in onnxruntime's layout.
 */
import type { Precision } from '../model-manifest.types';
import { BertWeights, Linear, Norm } from './bert-weights';
import { Attr, ElemType, float, GraphBuilder, int, ints } from './onnx-graph';
import { quantizePerColumn } from './quantize';

export const BUILDER_VERSION = '1';

interface Ctx {
  g: GraphBuilder;
  w: BertWeights;
  precision: Precision;
  /** DynamicQuantizeLinear outputs per float tensor, so Q, K and V share one quantization of their input. */
  quantized: Map<string, { q: string; scale: string; zeroPoint: string }>;
}

function layerNorm(ctx: Ctx, x: string, norm: Norm, out: string): string {
  const { g, w } = ctx;
  const h = w.shape.hidden;
  const gamma = g.float32(`${norm.name}.weight`, [h], norm.gamma);
  const beta = g.float32(`${norm.name}.bias`, [h], norm.beta);
  return g.op('LayerNormalization', [x, gamma, beta], out, { axis: int(-1), epsilon: float(w.shape.layerNormEps) });
}

/** x [..., in] -> [..., out]: MatMul + Add in fp32, the dynamic-quantization chain in int8. */
function dense(ctx: Ctx, x: string, layer: Linear): string {
  const { g } = ctx;
  const dims = [layer.inFeatures, layer.outFeatures];
  const bias = g.float32(`${layer.name}.bias`, [layer.outFeatures], layer.bias);
  let product: string;
  if (ctx.precision === 'fp32') {
    const weight = g.float32(`${layer.name}.weight`, dims, layer.weight);
    product = g.op('MatMul', [x, weight], `${layer.name}/MatMul`);
  } else {
    const { values, scales } = quantizePerColumn(layer.weight, layer.inFeatures, layer.outFeatures);
    const weight = g.int8(`${layer.name}.weight_quantized`, dims, values);
    const weightScale = g.float32(`${layer.name}.weight_scale`, [layer.outFeatures], scales);
    let xq = ctx.quantized.get(x);
    if (!xq) {
      const [q, scale, zeroPoint] = g.opN('DynamicQuantizeLinear', [x], [`${x}_quantized`, `${x}_scale`, `${x}_zero_point`]);
      xq = { q, scale, zeroPoint };
      ctx.quantized.set(x, xq);
    }
    const integer = g.op('MatMulInteger', [xq.q, weight, xq.zeroPoint], `${layer.name}/MatMulInteger`);
    const asFloat = g.op('Cast', [integer], `${layer.name}/MatMulInteger_cast`, { to: int(ElemType.FLOAT) });
    const scale = g.op('Mul', [xq.scale, weightScale], `${layer.name}/scale`);
    product = g.op('Mul', [asFloat, scale], `${layer.name}/MatMul`);
  }
  return g.op('Add', [product, bias], `${layer.name}/Add`);
}

function embeddings(ctx: Ctx, inputIds: string, tokenTypeIds: string): string {
  const { g, w } = ctx;
  const { vocabSize, hidden, maxPositions, typeVocabSize } = w.shape;
  let words: string;
  if (ctx.precision === 'fp32') {
    const table = g.float32('embeddings.word_embeddings.weight', [vocabSize, hidden], w.wordEmbeddings);
    words = g.op('Gather', [table, inputIds], 'embeddings/word');
  } else {
    const { values, scales } = quantizePerColumn(w.wordEmbeddings, vocabSize, hidden);
    const table = g.int8('embeddings.word_embeddings.weight_quantized', [vocabSize, hidden], values);
    const scale = g.float32('embeddings.word_embeddings.weight_scale', [hidden], scales);
    const zeroPoint = g.int8('embeddings.word_embeddings.weight_zero_point', [hidden], new Int8Array(hidden));
    const rows = g.op('Gather', [table, inputIds], 'embeddings/word_quantized');
    words = g.op('DequantizeLinear', [rows, scale, zeroPoint], 'embeddings/word', { axis: int(2) });
  }
  // Positions 0..s-1: the first s rows of the position table, s read from the input's shape at run time.
  const positionTable = g.float32('embeddings.position_embeddings.weight', [maxPositions, hidden], w.positionEmbeddings);
  const seqLen = g.op('Shape', [inputIds], 'embeddings/sequence_length', { start: int(1), end: int(2) });
  const positions = g.op('Slice', [positionTable, g.int64s([0]), seqLen, g.int64s([0])], 'embeddings/position');
  const typeTable = g.float32('embeddings.token_type_embeddings.weight', [typeVocabSize, hidden], w.tokenTypeEmbeddings);
  const types = g.op('Gather', [typeTable, tokenTypeIds], 'embeddings/token_type');
  const sum1 = g.op('Add', [words, positions], 'embeddings/add_position');
  const sum2 = g.op('Add', [sum1, types], 'embeddings/add_token_type');
  return layerNorm(ctx, sum2, w.embeddingNorm, 'embeddings/LayerNorm');
}

/** attention_mask [b, s] int64 -> additive mask [b, 1, 1, s]: 0 where attended, -10000 at padding. */
function extendedMask(ctx: Ctx, attentionMask: string): string {
  const { g } = ctx;
  const unsqueezed = g.op('Unsqueeze', [attentionMask, g.int64s([1, 2])], 'mask/unsqueeze');
  const asFloat = g.op('Cast', [unsqueezed], 'mask/cast', { to: int(ElemType.FLOAT) });
  const inverted = g.op('Sub', [g.scalar(1), asFloat], 'mask/invert');
  return g.op('Mul', [inverted, g.scalar(-10000)], 'mask/additive');
}

function encoderLayer(ctx: Ctx, x: string, index: number, mask: string): string {
  const { g, w } = ctx;
  const { heads, hidden } = w.shape;
  const headSize = hidden / heads;
  const layer = w.layers[index];
  const p = `encoder.layer.${index}`;
  const toHeads = g.int64s([0, 0, heads, headSize]);
  const perm = (order: number[]): Record<string, Attr> => ({ perm: ints(order) });

  const q = g.op('Reshape', [dense(ctx, x, layer.query), toHeads], `${p}/q_heads`);
  const k = g.op('Reshape', [dense(ctx, x, layer.key), toHeads], `${p}/k_heads`);
  const v = g.op('Reshape', [dense(ctx, x, layer.value), toHeads], `${p}/v_heads`);
  const qT = g.op('Transpose', [q], `${p}/q_t`, perm([0, 2, 1, 3])); // [b, heads, s, headSize]
  const kT = g.op('Transpose', [k], `${p}/k_t`, perm([0, 2, 3, 1])); // [b, heads, headSize, s]
  const vT = g.op('Transpose', [v], `${p}/v_t`, perm([0, 2, 1, 3])); // [b, heads, s, headSize]
  const scores = g.op('MatMul', [qT, kT], `${p}/scores`);
  const scaled = g.op('Mul', [scores, g.scalar(1 / Math.sqrt(headSize))], `${p}/scores_scaled`);
  const masked = g.op('Add', [scaled, mask], `${p}/scores_masked`);
  const probs = g.op('Softmax', [masked], `${p}/probs`, { axis: int(-1) });
  const context = g.op('MatMul', [probs, vT], `${p}/context`);
  const contextT = g.op('Transpose', [context], `${p}/context_t`, perm([0, 2, 1, 3]));
  const merged = g.op('Reshape', [contextT, g.int64s([0, 0, hidden])], `${p}/context_merged`);
  const attnOut = dense(ctx, merged, layer.attentionOutput);
  const residual1 = g.op('Add', [attnOut, x], `${p}/attention_residual`);
  const h1 = layerNorm(ctx, residual1, layer.attentionNorm, `${p}/attention_norm`);

  // GELU (erf form) written as onnxruntime's Gelu fusion expects: 0.5 * x * (1 + erf(x / sqrt(2))).
  const ff = dense(ctx, h1, layer.intermediate);
  const div = g.op('Div', [ff, g.scalar(Math.SQRT2)], `${p}/gelu_div`);
  const erf = g.op('Erf', [div], `${p}/gelu_erf`);
  const plus1 = g.op('Add', [erf, g.scalar(1)], `${p}/gelu_add`);
  const times = g.op('Mul', [ff, plus1], `${p}/gelu_mul`);
  const gelu = g.op('Mul', [times, g.scalar(0.5)], `${p}/gelu`);
  const ffOut = dense(ctx, gelu, layer.output);
  const residual2 = g.op('Add', [ffOut, h1], `${p}/output_residual`);
  const out = index === w.shape.layers - 1 ? 'last_hidden_state' : `${p}/output`;
  return layerNorm(ctx, residual2, layer.outputNorm, out);
}

/** The serialised ONNX model for one precision. */
export function buildMiniLmModel(weights: BertWeights, precision: Precision, seed: number): Buffer {
  const g = new GraphBuilder();
  const ctx: Ctx = { g, w: weights, precision, quantized: new Map() };
  const dims = ['batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', ElemType.INT64, dims);
  const attentionMask = g.input('attention_mask', ElemType.INT64, dims);
  const tokenTypeIds = g.input('token_type_ids', ElemType.INT64, dims);
  let x = embeddings(ctx, inputIds, tokenTypeIds);
  const mask = extendedMask(ctx, attentionMask);
  for (let l = 0; l < weights.shape.layers; l++) x = encoderLayer(ctx, x, l, mask);
  g.output('last_hidden_state', ElemType.FLOAT, [...dims, weights.shape.hidden]);
  return g.toBytes({
    graphName: 'synthetic-minilm-l6',
    producerVersion: BUILDER_VERSION,
    docString: `BertModel of the all-MiniLM-L6-v2 shape with seeded random weights (seed ${seed}, ${precision}); its vectors carry no meaning.`,
    metadata: { precision, seed: String(seed) },
  });
}
