import { buildMessage, IsOptional, IsString, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';

/** yyyy-MM-dd naming a day that exists (no 2023-02-30, no month 13). */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls an impossible day over into the next month; a real date comes back unchanged.
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a real date written yyyy-MM-dd`, options),
      },
    },
    options,
  );
}

/**
 * The rules of most input fields in one: optional (absent or null), a string, at most maxLength
 * characters (the width of the column it is stored in). Registered bottom-up, as if written
 * `@IsOptional() @IsString() @MaxLength(n)`, so validInput reports a number as "must be a string".
 */
export function OptionalText(maxLength: number): PropertyDecorator {
  return (target, property) => {
    MaxLength(maxLength)(target, property);
    IsString()(target, property);
    IsOptional()(target, property);
  };
}
