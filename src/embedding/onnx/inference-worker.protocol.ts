/**
 * Messages between OnnxEmbedder (main thread) and inference-worker (its worker thread). Token ids
 * travel as one Int32Array of concatenated sequences plus one Int32Array of lengths, vectors come back
 * as one Float32Array of batch x dimensions; all three buffers are transferred, not copied.
 */

/** workerData of the inference worker. */
export interface InferenceWorkerOptions {
  modelPath: string;
  /** Width of the vectors the model must produce; a model with another hidden size fails to load. */
  dimensions: number;
  /** onnxruntime intra-op threads (matrix work of one run). */
  intraOpNumThreads: number;
  /** Scale every vector to unit length after mean pooling. */
  normalize: boolean;
}

export interface EmbedRequest {
  type: 'embed';
  id: number;
  /** Token ids of every sequence of the micro-batch, one after another. */
  ids: Int32Array;
  /** Length of each sequence; lengths.length is the batch size. */
  lengths: Int32Array;
}

export interface CloseRequest {
  type: 'close';
}

export type InferenceWorkerRequest = EmbedRequest | CloseRequest;

export interface ReadyMessage {
  type: 'ready';
  inputNames: string[];
  outputName: string;
  loadMs: number;
}

export interface LoadErrorMessage {
  type: 'load-error';
  message: string;
}

export interface EmbedResult {
  type: 'result';
  id: number;
  /** batch x dimensions, row i belongs to sequence i of the request. */
  vectors: Float32Array;
  /** Padded length of the batch (longest sequence). */
  sequenceLength: number;
  /** Time in session.run(). */
  runMs: number;
  /** Time in mean pooling and normalisation. */
  poolMs: number;
}

export interface EmbedError {
  type: 'error';
  id: number;
  message: string;
}

export interface ClosedMessage {
  type: 'closed';
}

export type InferenceWorkerMessage = ReadyMessage | LoadErrorMessage | EmbedResult | EmbedError | ClosedMessage;
