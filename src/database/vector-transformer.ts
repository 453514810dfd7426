import pgvector from 'pgvector';
import type { ValueTransformer } from 'typeorm';

/** pgvector columns as number arrays in entities, '[1,2,3]' text on the wire. */
export const vectorTransformer: ValueTransformer = {
  to: (value: ArrayLike<number> | null | undefined) => (value == null ? value : pgvector.toSql(Array.from(value))),
  from: (value: string | null) => (value == null ? null : (pgvector.fromSql(value) as number[])),
};

/** A vector as a query parameter. */
export const toVectorParam = (value: ArrayLike<number>): string => pgvector.toSql(Array.from(value));
