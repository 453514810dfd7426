import { Worker } from 'node:worker_threads';
import { compiledModulePath } from '../../common/compiled-path';
import type { EmbedResult, InferenceWorkerMessage, InferenceWorkerOptions, InferenceWorkerRequest } from './inference-worker.protocol';

/**
 * The worker script, always compiled JavaScript (see compiledModulePath); its helpers are compiled in,
 * so a stale copy of any of them is refused too.
 */
const inferenceWorkerScript = (): string => compiledModulePath('embedding/onnx/inference-worker', ['embedding/onnx/inference-worker.protocol', 'embedding/pooling']);

export class InferenceWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InferenceWorkerError';
  }
}

interface Waiter {
  resolve: (result: EmbedResult) => void;
  reject: (error: Error) => void;
}

/**
 * The main-thread side of one inference worker: starts it, sends micro-batches, matches answers to
 * requests by id. The worker handles requests one at a time in the order they were sent, so several
 * may be sent at once to keep it busy. If the thread dies, every open request is rejected and `alive`
 * turns false; the owner decides whether to start another.
 */
export class InferenceWorkerClient {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter>();
  private exitError: Error | undefined;
  private exited: Promise<void>;
  private closing = false;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) => {
      worker.on('error', (error) => {
        this.exitError ??= new InferenceWorkerError(`inference worker failed: ${error.message}`);
      });
      worker.on('exit', (code) => {
        const error = this.exitError ?? new InferenceWorkerError(`inference worker exited${this.closing ? '' : ' unexpectedly'} (code ${code})`);
        this.exitError = error;
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
        resolve();
      });
    });
    worker.on('message', (message: InferenceWorkerMessage) => {
      if (message.type !== 'result' && message.type !== 'error') return;
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      this.updateRef();
      if (message.type === 'result') waiter.resolve(message);
      else waiter.reject(new InferenceWorkerError(message.message));
    });
  }

  /** Starts a worker and resolves once its session is loaded; rejects with the load error otherwise. */
  static async start(options: InferenceWorkerOptions): Promise<{ client: InferenceWorkerClient; loadMs: number }> {
    const worker = new Worker(inferenceWorkerScript(), { workerData: options });
    const client = new InferenceWorkerClient(worker);
    const loadMs = await new Promise<number>((resolve, reject) => {
      const onMessage = (message: InferenceWorkerMessage): void => {
        if (message.type === 'ready') {
          worker.off('message', onMessage);
          resolve(message.loadMs);
        } else if (message.type === 'load-error') {
          worker.off('message', onMessage);
          reject(new InferenceWorkerError(message.message));
        }
      };
      worker.on('message', onMessage);
      void client.exited.then(() => reject(client.exitError));
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    client.updateRef();
    return { client, loadMs };
  }

  get alive(): boolean {
    return this.exitError === undefined && !this.closing;
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.waiting.size;
  }

  /** Embeds one micro-batch: `ids` holds the sequences one after another, `lengths` their lengths. */
  embed(ids: Int32Array, lengths: Int32Array): Promise<EmbedResult> {
    if (this.exitError) return Promise.reject(this.exitError);
    if (this.closing) return Promise.reject(new InferenceWorkerError('inference worker is closing'));
    const id = this.nextId++;
    return new Promise<EmbedResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.updateRef();
      this.send({ type: 'embed', id, ids, lengths }, [ids.buffer as ArrayBuffer, lengths.buffer as ArrayBuffer]);
    });
  }

  /**
   * Lets the requests already sent finish, releases the session and ends the thread; terminates it if
   * it has not ended within `timeoutMs`.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    if (!this.closing && !this.exitError) {
      this.closing = true;
      this.worker.ref();
      this.send({ type: 'close' }, []);
    }
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const first = await Promise.race([this.exited.then(() => 'exited' as const), deadline]);
    clearTimeout(timer);
    if (first === 'timeout') await this.worker.terminate();
    await this.exited;
  }

  private send(request: InferenceWorkerRequest, transfer: ArrayBuffer[]): void {
    this.worker.postMessage(request, transfer);
  }

  /** An idle worker must not keep the process alive; one with open requests must. */
  private updateRef(): void {
    if (this.closing || this.waiting.size > 0) this.worker.ref();
    else this.worker.unref();
  }
}
