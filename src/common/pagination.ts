import { InvalidInputError, MAX_OFFSET, requireIntInRange } from './invalid-input.error';

export interface Page {
  limit: number;
  offset: number;
}

/** A list query's limit: 0 to maxPageSize (config.MAX_PAGE_SIZE). */
export function requireLimit(limit: number, maxPageSize: number): number {
  return requireIntInRange('limit', limit, 0, maxPageSize);
}

/**
 * A page of a list ordered by id that a client can also walk by cursor: `after` is the id of the last row
 * of the previous page, and the page starts after it. Unlike an offset, rows written meanwhile do not
 * shift the next page, and the database seeks to the id instead of counting rows up to the offset.
 */
export interface KeysetPage extends Page {
  after: number | null;
}

/** limit and either offset or after (an id, not negative): both together would be ambiguous. */
export function requireKeysetPage(limit: number, offset: number, after: number | null, maxPageSize: number): KeysetPage {
  const page = requirePage(limit, offset, maxPageSize);
  if (after === null) return { ...page, after };
  if (page.offset !== 0) throw new InvalidInputError('give either offset or after, not both', 'after');
  return { ...page, after: requireIntInRange('after', after, 0, MAX_OFFSET) };
}

/** A list query's limit and offset (not negative). */
export function requirePage(limit: number, offset: number, maxPageSize: number): Page {
  return { limit: requireLimit(limit, maxPageSize), offset: requireIntInRange('offset', offset, 0, MAX_OFFSET) };
}
