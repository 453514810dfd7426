import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { choosePrecision, findModel, loadManifest, ModelFileError, resolveModelFiles, sha256File } from './model-files';
import type { ModelManifest, ModelManifestEntry, Precision } from './model-manifest.types';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const CONTENT: Record<string, string> = {
  'model.onnx': 'fake onnx bytes',
  'tokenizer.json': '{"fake": true}',
  'vocab.txt': '[PAD]\n[UNK]\n',
};

function entry(origin: 'build' | 'download'): ModelManifestEntry {
  const file = (p: string) => ({ path: p, sha256: sha(CONTENT[p]), size: Buffer.byteLength(CONTENT[p]) });
  return {
    name: 'tiny',
    origin,
    description: 'test model',
    dimensions: 4,
    maxLength: 16,
    pooling: 'mean',
    normalize: true,
    onnx: { fp32: file('model.onnx') },
    tokenizer: [file('tokenizer.json'), file('vocab.txt')],
  };
}

describe('model files', () => {
  let dir: string;
  let modelsDir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'semflow-model-files-'));
    modelsDir = path.join(dir, 'models');
    mkdirSync(path.join(modelsDir, 'tiny'), { recursive: true });
    for (const [name, content] of Object.entries(CONTENT)) writeFileSync(path.join(modelsDir, 'tiny', name), content);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the paths when every file has its sha256', async () => {
    const files = await resolveModelFiles(modelsDir, entry('build'), 'fp32');
    expect(files).toEqual({
      dir: path.join(modelsDir, 'tiny'),
      onnxPath: path.join(modelsDir, 'tiny', 'model.onnx'),
      tokenizerJsonPath: path.join(modelsDir, 'tiny', 'tokenizer.json'),
      vocabPath: path.join(modelsDir, 'tiny', 'vocab.txt'),
    });
  });

  it('names a missing file and the command that builds it', async () => {
    rmSync(path.join(modelsDir, 'tiny', 'model.onnx'));
    const error = await resolveModelFiles(modelsDir, entry('build'), 'fp32').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    const message = (error as Error).message;
    expect(message).toContain(path.join(modelsDir, 'tiny', 'model.onnx'));
    expect(message).toContain('is missing');
    expect(message).toContain('npm run models:build');
  });

  it('names a corrupt file with expected and actual sha256 and the download command', async () => {
    writeFileSync(path.join(modelsDir, 'tiny', 'vocab.txt'), 'something else');
    const error = await resolveModelFiles(modelsDir, entry('download'), 'fp32').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    const message = (error as Error).message;
    expect(message).toContain(path.join(modelsDir, 'tiny', 'vocab.txt'));
    expect(message).toContain(`expected ${sha(CONTENT['vocab.txt'])}`);
    expect(message).toContain(`sha256 ${sha('something else')}`);
    expect(message).toContain('npm run models:download');
  });

  it('rejects a precision the model does not have', async () => {
    await expect(resolveModelFiles(modelsDir, entry('build'), 'int8')).rejects.toThrow(new ModelFileError('model tiny has no int8 ONNX file (available precision: fp32)'));
    await expect(resolveModelFiles(modelsDir, entry('build'), 'int4' as Precision)).rejects.toThrow(ModelFileError);
  });

  it('uses the only precision of a single-precision model', () => {
    expect(choosePrecision(entry('build'), 'int8')).toBe('fp32');
    const both = { ...entry('build'), onnx: { ...entry('build').onnx, int8: entry('build').onnx.fp32 } };
    expect(choosePrecision(both, 'int8')).toBe('int8');
    expect(choosePrecision(both, 'fp32')).toBe('fp32');
  });

  it('hashes files as a stream', async () => {
    const big = path.join(dir, 'big.bin');
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    writeFileSync(big, bytes);
    expect(await sha256File(big)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('loads and validates a manifest, and finds models by name', () => {
    const manifest: ModelManifest = { models: [entry('build')] };
    const file = path.join(dir, 'manifest.json');
    writeFileSync(file, JSON.stringify(manifest));
    const loaded = loadManifest(file);
    expect(findModel(loaded, 'tiny').origin).toBe('build');
    expect(() => findModel(loaded, 'other')).toThrow('unknown model "other": the manifest lists tiny');

    writeFileSync(file, JSON.stringify({ models: [{ ...entry('build'), onnx: { fp32: { path: '../x', sha256: sha('x') } } }] }));
    expect(() => loadManifest(file)).toThrow('must be a plain relative path');
    writeFileSync(file, '{ not json');
    expect(() => loadManifest(file)).toThrow(/is not valid JSON/);
    expect(() => loadManifest(path.join(dir, 'absent.json'))).toThrow(/cannot read the model manifest/);
  });

  it('accepts the committed manifest', () => {
    const manifest = loadManifest();
    expect(manifest.models.map((m) => m.name)).toEqual(['all-MiniLM-L6-v2', 'wordpiece-bow-384', 'synthetic-minilm-l6']);
  });
});
