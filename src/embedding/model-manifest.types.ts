/**
 * models/manifest.json describes every ONNX model semflow can load. The same loading path serves all of
 * them: manifest -> files under MODELS_DIR/<name>/ -> sha256 check -> inference session.
 */
export type Precision = 'int8' | 'fp32';

/** How the files of a model reach MODELS_DIR: fetched from the public model hub, or built by our own code. */
export type ModelOrigin = 'download' | 'build';

export interface ModelFile {
  /** Path relative to MODELS_DIR/<model name>/. */
  path: string;
  sha256: string;
  /** Size in bytes, when known (downloads report progress against it). */
  size?: number;
  /** Where `models:download` fetches it from, relative to MODEL_DOWNLOAD_BASE_URL. */
  url?: string;
}

export interface ModelManifestEntry {
  name: string;
  origin: ModelOrigin;
  description: string;
  dimensions: number;
  /** Word pieces per sequence including [CLS] and [SEP]. */
  maxLength: number;
  pooling: 'mean';
  normalize: boolean;
  /** ONNX graph files per precision. */
  onnx: Partial<Record<Precision, ModelFile>>;
  /** tokenizer.json, vocab.txt and friends: the production model's own files for every model. */
  tokenizer: ModelFile[];
  /**
   * Origin build only: inputs other than our own code that the built bytes depend on. `corpus` is the
   * JSON Lines file (path relative to the project root) whose document frequencies weight a model's
   * tokens; its sha256 is recorded so that a changed corpus is reported as such, not as a broken build.
   */
  build?: { corpus?: ModelFile };
}

export interface ModelManifest {
  models: ModelManifestEntry[];
}
