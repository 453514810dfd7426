import { InvalidInputError } from './invalid-input.error';

/** Length in characters as a user counts them (code points, so an emoji is one). */
const charCount = (text: string) => [...text].length;

/** A text that must have something besides white space and at most maxChars characters. */
export function requireText(field: string, value: string, maxChars: number): string {
  if (value.trim() === '') throw new InvalidInputError(`${field} must not be empty`, field);
  const length = charCount(value);
  if (length > maxChars) throw new InvalidInputError(`${field} is ${length} characters long; the limit is ${maxChars}`, field);
  return value;
}

/** A text that may be empty (meaning: none) but not longer than maxChars. */
export function requireAtMost(field: string, value: string, maxChars: number): string {
  const length = charCount(value);
  if (length > maxChars) throw new InvalidInputError(`${field} is ${length} characters long; the limit is ${maxChars}`, field);
  return value;
}
