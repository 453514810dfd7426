/**
 * Worker-thread entry that owns one onnxruntime inference session. onnxruntime-node's run() does most
 * of its work synchronously on the calling thread, so running it here keeps the main event loop (HTTP,
 * GraphQL, queue lock renewals) responsive while a batch is embedded.
 *
 * Started by OnnxEmbedder with InferenceWorkerOptions as workerData. It answers 'ready' or 'load-error'
 * once, then one 'result' or 'error' per 'embed' request, strictly one request at a time in arrival
 * order, and 'closed' after a 'close' request (then it lets its port go and the thread ends).
 *
 * This file must run as JavaScript: the embedder starts dist/src/embedding/onnx/inference-worker.js
 * (see OnnxEmbedder for how tests find it).
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { l2Normalize, meanPool } from '../pooling';
import type { EmbedRequest, InferenceWorkerMessage, InferenceWorkerOptions, InferenceWorkerRequest } from './inference-worker.protocol';

/** Inputs a BERT-style encoder may declare; anything else cannot be fed from token ids alone. */
const KNOWN_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);
const PREFERRED_OUTPUT = 'last_hidden_state';
/** As sentence-transformers' Normalize(): F.normalize(p=2, eps=1e-12). */
const NORMALIZE_EPS = 1e-12;

interface LoadedModel {
  session: ort.InferenceSession;
  /** Model inputs with their integer element type. */
  inputs: Array<{ name: string; type: 'int64' | 'int32' }>;
  outputName: string;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function loadModel(options: InferenceWorkerOptions): Promise<LoadedModel> {
  if (!existsSync(options.modelPath)) throw new Error(`model file ${options.modelPath} does not exist`);
  const session = await ort.InferenceSession.create(options.modelPath, {
    intraOpNumThreads: options.intraOpNumThreads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    enableCpuMemArena: false,
    enableMemPattern: false,
    executionMode: 'sequential',
    logSeverityLevel: 3,
  });
  try {
    const inputs: LoadedModel['inputs'] = [];
    for (const name of session.inputNames) {
      if (!KNOWN_INPUTS.has(name)) {
        throw new Error(`model input "${name}" is not one of ${[...KNOWN_INPUTS].join(', ')}`);
      }
      const meta = session.inputMetadata.find((m) => m.name === name);
      const type = meta && meta.isTensor && meta.type === 'int32' ? 'int32' : 'int64';
      inputs.push({ name, type });
    }
    if (!inputs.some((input) => input.name === 'input_ids')) throw new Error('model has no input_ids input');
    const outputName = session.outputNames.includes(PREFERRED_OUTPUT) ? PREFERRED_OUTPUT : session.outputNames[0];
    if (outputName === undefined) throw new Error('model has no outputs');
    const outputMeta = session.outputMetadata.find((m) => m.name === outputName);
    const width = outputMeta && outputMeta.isTensor ? outputMeta.shape[outputMeta.shape.length - 1] : undefined;
    if (typeof width === 'number' && width !== options.dimensions) {
      throw new Error(`model output ${outputName} has ${width} dimensions per vector, expected ${options.dimensions}`);
    }
    return { session, inputs, outputName };
  } catch (error) {
    await session.release().catch(() => undefined);
    throw error;
  }
}

/** Builds [batch, longest] tensors: ids and mask padded with zeros, token types all zero. */
function buildFeeds(model: LoadedModel, ids: Int32Array, lengths: Int32Array): { feeds: Record<string, ort.Tensor>; sequenceLength: number; mask: BigInt64Array } {
  const batch = lengths.length;
  if (batch === 0) throw new Error('empty batch');
  let longest = 0;
  let total = 0;
  for (let i = 0; i < batch; i++) {
    const length = lengths[i];
    if (!(length >= 1)) throw new Error(`sequence ${i} has length ${length}`);
    if (length > longest) longest = length;
    total += length;
  }
  if (total !== ids.length) throw new Error(`lengths add up to ${total} but ${ids.length} ids were sent`);

  const size = batch * longest;
  const inputIds = new BigInt64Array(size);
  const mask = new BigInt64Array(size);
  let offset = 0;
  for (let i = 0; i < batch; i++) {
    const row = i * longest;
    for (let j = 0; j < lengths[i]; j++) {
      inputIds[row + j] = BigInt(ids[offset + j]);
      mask[row + j] = 1n;
    }
    offset += lengths[i];
  }

  const dims = [batch, longest];
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of model.inputs) {
    const values = input.name === 'input_ids' ? inputIds : input.name === 'attention_mask' ? mask : new BigInt64Array(size);
    feeds[input.name] = input.type === 'int64' ? new ort.Tensor('int64', values, dims) : new ort.Tensor('int32', Int32Array.from(values, Number), dims);
  }
  return { feeds, sequenceLength: longest, mask };
}

async function embedBatch(model: LoadedModel, options: InferenceWorkerOptions, request: EmbedRequest): Promise<InferenceWorkerMessage> {
  const batch = request.lengths.length;
  const { feeds, sequenceLength, mask } = buildFeeds(model, request.ids, request.lengths);

  const runStart = performance.now();
  const outputs = await model.session.run(feeds, [model.outputName]);
  const runMs = performance.now() - runStart;

  const poolStart = performance.now();
  const output = outputs[model.outputName] as ort.Tensor;
  if (output.type !== 'float32') throw new Error(`model output ${model.outputName} is ${output.type}, expected float32`);
  const data = output.data as Float32Array;
  const dims = output.dims;
  const width = dims[dims.length - 1];
  if (width !== options.dimensions) {
    throw new Error(`model output ${model.outputName} has ${width} dimensions per vector, expected ${options.dimensions}`);
  }
  const vectors = new Float32Array(batch * width);
  if (dims.length === 3 && dims[0] === batch && dims[1] === sequenceLength) {
    const pooled = meanPool(data, [batch, sequenceLength, width], mask);
    for (let i = 0; i < batch; i++) vectors.set(pooled[i], i * width);
  } else if (dims.length === 2 && dims[0] === batch) {
    vectors.set(data); // already one vector per sequence
  } else {
    throw new Error(`model output ${model.outputName} has shape [${dims.join(', ')}] for a batch of [${batch}, ${sequenceLength}]`);
  }
  if (options.normalize) {
    for (let i = 0; i < batch; i++) {
      const row = vectors.subarray(i * width, (i + 1) * width);
      row.set(l2Normalize(row, NORMALIZE_EPS));
    }
  }
  const poolMs = performance.now() - poolStart;
  return { type: 'result', id: request.id, vectors, sequenceLength, runMs, poolMs };
}

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('inference-worker must be started as a worker thread');
  const options = workerData as InferenceWorkerOptions;
  const post = (message: InferenceWorkerMessage): void => {
    port.postMessage(message, message.type === 'result' ? [message.vectors.buffer as ArrayBuffer] : []);
  };

  const loadStart = performance.now();
  const loading = loadModel(options);
  // Requests are handled strictly one after another; a failed load fails every request.
  let queue: Promise<unknown> = loading.then(
    (model) => post({ type: 'ready', inputNames: model.inputs.map((i) => i.name), outputName: model.outputName, loadMs: performance.now() - loadStart }),
    (error: unknown) => post({ type: 'load-error', message: errorMessage(error) }),
  );

  port.on('message', (request: InferenceWorkerRequest) => {
    queue = queue.then(async () => {
      if (request.type === 'embed') {
        try {
          post(await embedBatch(await loading, options, request));
        } catch (error) {
          post({ type: 'error', id: request.id, message: errorMessage(error) });
        }
      } else if (request.type === 'close') {
        await loading.then((model) => model.session.release()).catch(() => undefined);
        post({ type: 'closed' });
        port.close();
      }
    });
  });
}

main();
