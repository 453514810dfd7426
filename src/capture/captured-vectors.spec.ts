import { binaryVector, efSearchFor, hnswSearchSettings, nearestQuery } from './captured-vectors';
import type { CapturedTableSpec } from './captured-rows';

const SPEC: CapturedTableSpec = { entity: 'transaction', sourceTable: 'transactions', embeddingsTable: 'transaction_embeddings', jsonColumns: [] };

describe('captured vector queries', () => {
  it('sends a vector in pgvector binary format: dimensions, a reserved word, big-endian float4 values', () => {
    const buffer = binaryVector('[0.5,-1.25,3]');
    expect(buffer.length).toBe(4 + 3 * 4);
    expect(buffer.readInt16BE(0)).toBe(3);
    expect(buffer.readInt16BE(2)).toBe(0);
    expect([0, 1, 2].map((i) => buffer.readFloatBE(4 + 4 * i))).toEqual([0.5, -1.25, 3]);
    expect(() => binaryVector('[1,"x"]')).toThrow('not a pgvector text');
  });

  it('keeps float4 values exactly as written by the embedder', () => {
    const values = Float32Array.from([0.1, 1 / 3, -2e-7, 123.456]);
    const buffer = binaryVector(`[${Array.from(values).join(',')}]`);
    expect(Array.from(values, (_, i) => buffer.readFloatBE(4 + 4 * i))).toEqual(Array.from(values));
  });

  it('raises ef_search to the rows asked for, within what pgvector accepts', () => {
    expect(efSearchFor(200, 10)).toBe(200);
    expect(efSearchFor(40, 100)).toBe(100);
    expect(efSearchFor(40, 5000)).toBe(1000);
  });

  it('sets ef_search and the iterative scan for the transaction only, and refuses a non-integer', () => {
    const sql = hnswSearchSettings(120);
    expect(sql).toContain(`set_config('hnsw.ef_search', '120', true)`);
    expect(sql).toContain(`set_config('hnsw.iterative_scan', 'strict_order', true)`);
    expect(() => hnswSearchSettings(1.5)).toThrow();
    expect(() => hnswSearchSettings(0)).toThrow();
  });

  it('searches a query text with the longer candidate list, a stored row with the shorter one', () => {
    const vector = '[1,0]';
    const ef = { rows: 40, text: 400 };
    expect(nearestQuery(SPEC, { vector, model: 'm', limit: 10 }, ef).efSearch).toBe(400);
    expect(nearestQuery(SPEC, { vector, model: 'm', limit: 10, excludeRowId: 7 }, ef).efSearch).toBe(40);
    expect(nearestQuery(SPEC, { vector, model: 'm', limit: 10, fromText: false }, ef).efSearch).toBe(40);
  });

  it('asks for one candidate more when the query row itself is excluded', () => {
    const vector = '[1,0]';
    const ef = { rows: 40, text: 40 };
    expect(nearestQuery(SPEC, { vector, model: 'm', limit: 300 }, ef).efSearch).toBe(300);
    expect(nearestQuery(SPEC, { vector, model: 'm', limit: 300, excludeRowId: 7 }, ef).efSearch).toBe(301);
    expect(nearestQuery(SPEC, { vector, model: 'm', limit: 300, excludeRowId: 7 }, ef).params.slice(1)).toEqual(['m', 7, 300]);
  });
});
