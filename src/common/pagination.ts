import { MAX_OFFSET, requireIntInRange } from './invalid-input.error';

export interface Page {
  limit: number;
  offset: number;
}

/** A list query's limit: 0 to maxPageSize (config.MAX_PAGE_SIZE). */
export function requireLimit(limit: number, maxPageSize: number): number {
  return requireIntInRange('limit', limit, 0, maxPageSize);
}

/** A list query's limit and offset (not negative). */
export function requirePage(limit: number, offset: number, maxPageSize: number): Page {
  return { limit: requireLimit(limit, maxPageSize), offset: requireIntInRange('offset', offset, 0, MAX_OFFSET) };
}
