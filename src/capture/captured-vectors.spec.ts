import { efSearchFor, hnswSearchSettings, nearestQuery } from './captured-vectors';
import type { CapturedTableSpec } from './captured-rows';

const SPEC: CapturedTableSpec = { entity: 'transaction', sourceTable: 'transactions', embeddingsTable: 'transaction_embeddings', jsonColumns: [] };

describe('captured vector queries', () => {
  it('raises ef_search to the rows asked for, within what pgvector accepts', () => {
    expect(efSearchFor(200, 10)).toBe(200);
    expect(efSearchFor(40, 100)).toBe(100);
    expect(efSearchFor(40, 5000)).toBe(1000);
  });

  it('sets ef_search and the iterative scan for the transaction only, and refuses a non-integer', () => {
    const sql = hnswSearchSettings(120);
    expect(sql).toContain(`set_config('hnsw.ef_search', '120', true)`);
    expect(sql).toContain(`set_config('hnsw.iterative_scan', 'strict_order', true)`);
    expect(sql).not.toContain('max_scan_tuples');
    expect(() => hnswSearchSettings(1.5)).toThrow();
    expect(() => hnswSearchSettings(0)).toThrow();
  });

  it('sets the iterative scan and its tuple bound asked for, and refuses unknown values', () => {
    const sql = hnswSearchSettings(40, { iterative: 'relaxed_order', maxScanTuples: 2000 });
    expect(sql).toContain(`set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
    expect(sql).toContain(`set_config('hnsw.max_scan_tuples', '2000', true)`);
    expect(() => hnswSearchSettings(40, { iterative: 'sideways' as never, maxScanTuples: null })).toThrow();
    expect(() => hnswSearchSettings(40, { iterative: 'off', maxScanTuples: 0 })).toThrow();
  });

  it('searches a query text with the longer candidate list, a stored row with the shorter one', () => {
    const vector = [1, 0];
    const ef = { rows: 40, text: 400 };
    expect(nearestQuery(SPEC, { vector, model: 'm', limit: 10, from: 'text' }, ef).efSearch).toBe(400);
    expect(nearestQuery(SPEC, { vector, model: 'm', limit: 10, excludeRowId: 7, from: 'row' }, ef).efSearch).toBe(40);
    expect(nearestQuery(SPEC, { vector, model: 'm', limit: 10, from: 'row' }, ef).efSearch).toBe(40);
  });

  it('asks for one candidate more when the query row itself is excluded', () => {
    const vector = [1, 0];
    const ef = { rows: 40, text: 40 };
    expect(nearestQuery(SPEC, { vector, model: 'm', limit: 300, from: 'row' }, ef).efSearch).toBe(300);
    expect(nearestQuery(SPEC, { vector, model: 'm', limit: 300, excludeRowId: 7, from: 'row' }, ef).efSearch).toBe(301);
    const similar = nearestQuery(SPEC, { vector, model: 'm', limit: 300, excludeRowId: 7, from: 'row' }, ef);
    // The vector travels in pgvector's binary format: int16 dimensions, int16 unused, float4 values.
    expect((similar.params[0] as Buffer).readInt16BE(0)).toBe(2);
    expect(similar.params.slice(1)).toEqual(['m', 7, 300]);
  });
});
