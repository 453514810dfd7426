/**
 * Text templates turn a captured row into the text that is embedded. `reference` reproduces the
 * labelled text of the original embedding functions, so vectors can be compared with theirs;
 * `informative` (the default) leads with the fields that tell rows apart, so they fit in the model's
 * window.
 */
export const TEXT_TEMPLATES = ['informative', 'reference'] as const;
export type TextTemplateName = (typeof TEXT_TEMPLATES)[number];

/** The row cannot be rendered with the template (a JSON column of the wrong shape): retrying cannot help. */
export class TemplateError extends Error {
  readonly name = 'TemplateError';
}

/** A jsonb column as the row reader delivers it: the text Postgres prints for it, or null. */
export type JsonText = string | null;

export type LabelledPart = readonly [label: string, value: string | number | null];

/**
 * The reference rule: "Label: value" parts joined with ". ", each only when its value is present: a
 * non-empty string, or any number (the integer columns count even when 0). A text that is blank after
 * joining becomes `empty`.
 */
export function labelledText(parts: LabelledPart[], empty: string): string {
  const present = parts.filter(([, value]) => value !== null && value !== '');
  const text = present.map(([label, value]) => `${label}: ${value}`).join('. ');
  return text.trim() === '' ? empty : text;
}

type JsonKind = 'object' | 'array';

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Parses a jsonb column for a template that reads inside it. SQL NULL and JSON null are both "absent"
 * (undefined); any other value must be of the expected kind.
 */
export function jsonColumn<T>(column: string, text: JsonText, expected: JsonKind): T | undefined {
  if (text === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TemplateError(`${column} is not valid JSON`);
  }
  if (value === null) return undefined;
  if (kindOf(value) !== expected) throw new TemplateError(`${column} must be a JSON ${expected}, got ${kindOf(value)}`);
  return value as T;
}

/** A nested JSON value the template reads: absent, or of the expected kind. */
export function jsonField<T>(path: string, value: unknown, expected: JsonKind): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (kindOf(value) !== expected) throw new TemplateError(`${path} must be a JSON ${expected}, got ${kindOf(value)}`);
  return value as T;
}

/** A scalar inside a JSON column as text: strings as they are, numbers and booleans printed, else absent. */
export function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Words joined with single spaces, absent ones left out; undefined when none is left. */
export function words(...parts: Array<string | number | null | undefined>): string | undefined {
  const present = parts.filter((part) => part !== null && part !== undefined && String(part).trim() !== '');
  return present.length ? present.join(' ') : undefined;
}

/** Sentences joined with ". ", absent ones left out. */
export function sentences(parts: Array<string | undefined>): string {
  return parts.filter((part): part is string => part !== undefined && part.trim() !== '').join('. ');
}
