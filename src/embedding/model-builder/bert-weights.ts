/**
 * Seeded random weights for a BERT encoder, initialised the way BERT is before training: matrices and
 * embeddings normal with standard deviation 0.02, biases 0, LayerNorm gamma 1 and beta 0.
 */
import { Prng } from './prng';

export interface BertShape {
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
}

/** all-MiniLM-L6-v2 (config.json of the production model). */
export const MINILM_L6_SHAPE: BertShape = {
  vocabSize: 30522,
  hidden: 384,
  layers: 6,
  heads: 12,
  intermediate: 1536,
  maxPositions: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};

/** A dense layer y = x W + b with W stored [inFeatures, outFeatures], as ONNX MatMul takes it. */
export interface Linear {
  name: string;
  inFeatures: number;
  outFeatures: number;
  weight: Float32Array;
  bias: Float32Array;
}

export interface Norm {
  name: string;
  gamma: Float32Array;
  beta: Float32Array;
}

export interface LayerWeights {
  query: Linear;
  key: Linear;
  value: Linear;
  attentionOutput: Linear;
  attentionNorm: Norm;
  intermediate: Linear;
  output: Linear;
  outputNorm: Norm;
}

export interface BertWeights {
  shape: BertShape;
  wordEmbeddings: Float32Array;
  positionEmbeddings: Float32Array;
  tokenTypeEmbeddings: Float32Array;
  embeddingNorm: Norm;
  layers: LayerWeights[];
}

const INIT_STD = 0.02;

export function randomBertWeights(shape: BertShape, seed: number): BertWeights {
  const normal = (name: string, count: number) => Prng.forName(seed, name).normalFloat32(count, INIT_STD);
  const linear = (name: string, inFeatures: number, outFeatures: number): Linear => ({
    name,
    inFeatures,
    outFeatures,
    weight: normal(`${name}.weight`, inFeatures * outFeatures),
    bias: new Float32Array(outFeatures),
  });
  const norm = (name: string): Norm => ({
    name,
    gamma: new Float32Array(shape.hidden).fill(1),
    beta: new Float32Array(shape.hidden),
  });
  const h = shape.hidden;
  const layers: LayerWeights[] = [];
  for (let l = 0; l < shape.layers; l++) {
    const p = `encoder.layer.${l}`;
    layers.push({
      query: linear(`${p}.attention.self.query`, h, h),
      key: linear(`${p}.attention.self.key`, h, h),
      value: linear(`${p}.attention.self.value`, h, h),
      attentionOutput: linear(`${p}.attention.output.dense`, h, h),
      attentionNorm: norm(`${p}.attention.output.LayerNorm`),
      intermediate: linear(`${p}.intermediate.dense`, h, shape.intermediate),
      output: linear(`${p}.output.dense`, shape.intermediate, h),
      outputNorm: norm(`${p}.output.LayerNorm`),
    });
  }
  return {
    shape,
    wordEmbeddings: normal('embeddings.word_embeddings.weight', shape.vocabSize * h),
    positionEmbeddings: normal('embeddings.position_embeddings.weight', shape.maxPositions * h),
    tokenTypeEmbeddings: normal('embeddings.token_type_embeddings.weight', shape.typeVocabSize * h),
    embeddingNorm: norm('embeddings.LayerNorm'),
    layers,
  };
}
