/**
 * Readers for JSON that other programs wrote: a value of the expected JSON type is returned, anything
 * else (absent, null, another type) is null, so one odd field never fails a whole query.
 */
export type JsonObject = Record<string, unknown>;

export function jsonObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

export function jsonString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function jsonNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The objects of a JSON array, each mapped; entries that are not objects are left out. Not an array: null. */
export function jsonObjectList<T>(value: unknown, map: (entry: JsonObject) => T): T[] | null {
  if (!Array.isArray(value)) return null;
  return value.flatMap((entry) => {
    const object = jsonObject(entry);
    return object ? [map(object)] : [];
  });
}
