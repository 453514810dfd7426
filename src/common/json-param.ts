/** A jsonb query parameter (cast with ::jsonb): the value's JSON text, or SQL NULL for null and undefined. */
export const jsonParam = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));
