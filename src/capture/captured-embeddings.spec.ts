import type { Embedder, Embedding } from '../embedding/embedder.types';
import { EmbeddingOverloadedError } from '../embedding/embedding-overloaded.error';
import { TemplateError } from '../embedding/text-template';
import type { QueueService } from '../queue/queue.service';
import { JobName } from '../queue/queue.types';
import { CapturedEmbeddings } from './captured-embeddings';
import type { CapturedModels } from './captured-models';
import { CapturedRows, EmbeddingVersion, textHash } from './captured-rows';

interface Row {
  text: string;
}

/** CapturedRows held in memory: what a job reads and writes, without SQL. */
class MemoryRows {
  entity = 'transaction' as const;
  source = new Map<number, { row: Row; sourceHash: string }>();
  embeddings = new Map<number, EmbeddingVersion & { vector: Float32Array }>();
  failures = new Map<number, { reason: string; attempts: number; model: string; template: string }>();
  saves = 0;

  async current(rowId: number) {
    const source = this.source.get(rowId);
    if (!source) return null;
    const stored = this.embeddings.get(rowId);
    return { ...source, chosenModel: null, stored: stored ? { model: stored.model, template: stored.template, textHash: stored.textHash, sourceHash: stored.sourceHash } : null };
  }
  async save(rowId: number, embedding: Embedding, version: EmbeddingVersion) {
    const source = this.source.get(rowId);
    if (!source) return 'gone' as const;
    if (source.sourceHash !== version.sourceHash) return 'stale' as const;
    this.saves++;
    this.embeddings.set(rowId, { ...version, vector: embedding.vector });
    this.failures.delete(rowId);
    return 'embedded' as const;
  }
  async touch(rowId: number, sourceHash: string) {
    this.embeddings.get(rowId)!.sourceHash = sourceHash;
  }
  async recordFailure(rowId: number, reason: string, attempts: number, version: { model: string; template: string }) {
    const before = this.failures.get(rowId)?.attempts ?? 0;
    this.failures.set(rowId, { reason, attempts: before + attempts, model: version.model, template: version.template });
  }
  async clearFailure(rowId: number) {
    this.failures.delete(rowId);
  }
}

class FlakyEmbedder implements Embedder {
  readonly name = 'test-model';
  readonly dimensions = 3;
  failuresLeft = 0;
  calls = 0;
  /** Runs while the texts are being embedded (a writer changing the row meanwhile). */
  during?: () => void;
  async embed(texts: string[]): Promise<Embedding[]> {
    this.calls++;
    this.during?.();
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('inference failed: out of memory');
    }
    return texts.map(() => ({ vector: new Float32Array([1, 0, 0]), truncated: false }));
  }
  async close() {}
}

describe('CapturedEmbeddings.embed', () => {
  let rows: MemoryRows;
  let embedder: FlakyEmbedder;
  let embeddings: CapturedEmbeddings<Row>;

  beforeEach(() => {
    rows = new MemoryRows();
    embedder = new FlakyEmbedder();
    const models = { modelOf: () => embedder.name, embedder: async () => embedder, embedderChosen: async () => embedder } as unknown as CapturedModels;
    embeddings = new CapturedEmbeddings<Row>({
      rows: rows as unknown as CapturedRows,
      models,
      queues: {} as QueueService,
      jobName: JobName.EmbedTransaction,
      fanOutJobName: JobName.QueueTransactionEmbeddings,
      template: 'informative',
      textOf: (row) => {
        if (row.text === 'unrenderable') throw new TemplateError('amount must be a JSON object, got string');
        return row.text;
      },
    });
    rows.source.set(1, { row: { text: 'outbound payment' }, sourceHash: 'h1' });
  });

  it('embeds a row once: a repeated job finds its text embedded by this model and template and does nothing', async () => {
    expect(await embeddings.embed(1, false, { made: 0, max: 3 })).toBe('embedded');
    expect(rows.embeddings.get(1)).toMatchObject({ model: 'test-model', template: 'informative', textHash: textHash('outbound payment'), sourceHash: 'h1' });
    expect(await embeddings.embed(1, false, { made: 0, max: 3 })).toBe('current');
    expect(embedder.calls).toBe(1);
    // force (mode=all) embeds again.
    expect(await embeddings.embed(1, true, { made: 0, max: 3 })).toBe('embedded');
    expect(embedder.calls).toBe(2);
  });

  it('keeps the vector when the row changed in columns the text does not use, and notes the new row version', async () => {
    await embeddings.embed(1, false, { made: 0, max: 3 });
    rows.source.set(1, { row: { text: 'outbound payment' }, sourceHash: 'h2' });
    expect(await embeddings.embed(1, false, { made: 0, max: 3 })).toBe('current');
    expect(rows.embeddings.get(1)!.sourceHash).toBe('h2');
    expect(rows.saves).toBe(1);
  });

  it('retries a model error with backoff and records it only when the last attempt fails; never a zero vector', async () => {
    embedder.failuresLeft = 3;
    await expect(embeddings.embed(1, false, { made: 0, max: 3 })).rejects.toThrow('out of memory');
    await expect(embeddings.embed(1, false, { made: 1, max: 3 })).rejects.toThrow('out of memory');
    expect(rows.failures.size).toBe(0);
    await expect(embeddings.embed(1, false, { made: 2, max: 3 })).rejects.toThrow('out of memory');
    expect(rows.failures.get(1)).toEqual({ reason: 'inference failed: out of memory', attempts: 3, model: 'test-model', template: 'informative' });
    expect(rows.embeddings.has(1)).toBe(false);
  });

  it('treats an overloaded engine as a failed attempt to retry, not as a failure of the row', async () => {
    jest.spyOn(embedder, 'embed').mockRejectedValueOnce(new EmbeddingOverloadedError('queue-full'));
    await expect(embeddings.embed(1, false, { made: 0, max: 3 })).rejects.toBeInstanceOf(EmbeddingOverloadedError);
    expect(rows.failures.size).toBe(0);
    expect(await embeddings.embed(1, false, { made: 1, max: 3 })).toBe('embedded');
  });

  it('a later success forgets the failure', async () => {
    embedder.failuresLeft = 1;
    await expect(embeddings.embed(1, false, { made: 0, max: 1 })).rejects.toThrow();
    expect(rows.failures.has(1)).toBe(true);
    expect(await embeddings.embed(1, false, { made: 0, max: 1 })).toBe('embedded');
    expect(rows.failures.has(1)).toBe(false);
  });

  it('retries a row its template cannot render like a model error (the row may be fixed meanwhile), then records why', async () => {
    rows.source.set(2, { row: { text: 'unrenderable' }, sourceHash: 'h' });
    await expect(embeddings.embed(2, false, { made: 0, max: 2 })).rejects.toBeInstanceOf(TemplateError);
    expect(rows.failures.has(2)).toBe(false);
    await expect(embeddings.embed(2, false, { made: 1, max: 2 })).rejects.toThrow('amount must be a JSON object, got string');
    expect(rows.failures.get(2)).toMatchObject({ reason: 'amount must be a JSON object, got string', attempts: 2 });
    expect(embedder.calls).toBe(0);
  });

  it('answers stale, storing nothing, when the row changed while its text was embedded', async () => {
    embedder.during = () => rows.source.set(1, { row: { text: 'inbound payment' }, sourceHash: 'h2' });
    expect(await embeddings.embed(1, false, { made: 0, max: 3 })).toBe('stale');
    expect(rows.embeddings.has(1)).toBe(false);
  });

  it('does nothing for a row that is gone, and forgets its failure', async () => {
    rows.failures.set(9, { reason: 'x', attempts: 1, model: 'test-model', template: 'informative' });
    expect(await embeddings.embed(9, false, { made: 0, max: 3 })).toBe('gone');
    expect(rows.failures.has(9)).toBe(false);
    expect(embedder.calls).toBe(0);
  });
});
