import { buildParamsOf, withBuildParams } from './hnsw-indexes';
import { compare, recallAt } from './measure';

describe('bench:query helpers', () => {
  it('counts a returned row as a true neighbour when it ties with the exact k-th score', () => {
    const exact = [
      { id: 1, score: 0.9 },
      { id: 2, score: 0.8 },
      { id: 3, score: 0.8 },
    ];
    expect(
      recallAt(
        exact,
        [
          { id: 1, score: 0.9 },
          { id: 4, score: 0.8 },
          { id: 2, score: 0.8 },
        ],
        3,
      ),
    ).toBe(1);
    expect(
      recallAt(
        exact,
        [
          { id: 1, score: 0.9 },
          { id: 2, score: 0.8 },
          { id: 5, score: 0.7 },
        ],
        3,
      ),
    ).toBeCloseTo(2 / 3);
    expect(recallAt([], [], 10)).toBe(1);
    expect(compare([exact], [exact])).toEqual({ recall: 1, identical: 1 });
  });

  it('rewrites an index definition with other build parameters', () => {
    const plain = 'CREATE INDEX t_hnsw ON public.t USING hnsw (v vector_cosine_ops)';
    expect(withBuildParams(plain, { m: 24, efConstruction: 96 })).toBe(`${plain} WITH (m = 24, ef_construction = 96)`);
    const partial = `CREATE INDEX e_hnsw ON public.events USING hnsw (((embedding)::vector(384)) vector_cosine_ops) WITH (m='16', ef_construction='64') WHERE (vector_dims(embedding) = 384)`;
    expect(withBuildParams(partial, { m: 32, efConstruction: 128 })).toBe(
      'CREATE INDEX e_hnsw ON public.events USING hnsw (((embedding)::vector(384)) vector_cosine_ops) WITH (m = 32, ef_construction = 128) WHERE (vector_dims(embedding) = 384)',
    );
    expect(buildParamsOf(partial)).toEqual({ m: 16, efConstruction: 64 });
    expect(buildParamsOf(plain)).toEqual({ m: 16, efConstruction: 64 });
  });
});
