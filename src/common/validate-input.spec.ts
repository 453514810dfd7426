import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { InvalidInputError } from './invalid-input.error';
import { IsCalendarDate, isCalendarDate, OptionalText } from './input-rules';
import { validInput } from './validate-input';

class Line {
  @OptionalText(5) code?: string | null;
  @IsOptional() @IsCalendarDate() day?: string | null;
}

class Order {
  @IsString()
  @MaxLength(8)
  @Matches(/^[A-Z]+$/, { message: '$property must be capital letters' })
  name: string;

  @IsOptional() @IsInt() @Min(0) @Max(10) quantity?: number | null;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => Line) line?: Line | null;

  @IsOptional() @ValidateNested({ each: true }) @Type(() => Line) lines?: Line[] | null;
}

function problem(plain: unknown): { field?: string; message: string } {
  try {
    validInput(Order, plain);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    const invalid = error as InvalidInputError;
    return { field: invalid.field, message: invalid.message };
  }
  throw new Error('expected the input to be refused');
}

describe('validInput', () => {
  it('returns a valid input as an instance of its class, nested objects included', () => {
    const order = validInput(Order, { name: 'ABC', quantity: 3, line: { code: 'x1', day: '2024-02-29' }, lines: [{ code: 'a' }] });
    expect(order).toBeInstanceOf(Order);
    expect(order.line).toBeInstanceOf(Line);
    expect(order.lines![0]).toBeInstanceOf(Line);
    expect(order).toEqual({ name: 'ABC', quantity: 3, line: { code: 'x1', day: '2024-02-29' }, lines: [{ code: 'a' }] });
  });

  it('accepts null and absent optional fields', () => {
    expect(validInput(Order, { name: 'A', quantity: null, line: null })).toEqual({ name: 'A', quantity: null, line: null });
  });

  it('names the first bad field and reports one reason for it', () => {
    expect(problem({ name: 'TOOLONGNAME', quantity: 99 })).toEqual({ field: 'name', message: 'name must be shorter than or equal to 8 characters' });
    expect(problem({ name: 'abc' })).toEqual({ field: 'name', message: 'name must be capital letters' });
    expect(problem({ name: 'too long and lower case' })).toEqual({ field: 'name', message: 'name must be shorter than or equal to 8 characters' });
    expect(problem({ name: 42 })).toMatchObject({ field: 'name', message: expect.stringMatching(/^name must be a string/) });
    expect(problem({ name: 'A', quantity: 11 })).toEqual({ field: 'quantity', message: 'quantity must not be greater than 10' });
    expect(problem({ name: 'A', quantity: 1.5 })).toEqual({ field: 'quantity', message: 'quantity must be an integer number' });
  });

  it('names nested fields by their path', () => {
    expect(problem({ name: 'A', line: { code: 'toolong' } })).toEqual({ field: 'line.code', message: 'line.code must be shorter than or equal to 5 characters' });
    expect(problem({ name: 'A', lines: [{ code: 'ok' }, { day: '2023-02-29' }] })).toEqual({
      field: 'lines[1].day',
      message: 'lines[1].day must be a real date written yyyy-MM-dd',
    });
  });

  it('refuses a nested value that is not an object', () => {
    expect(problem({ name: 'A', line: 'x' })).toMatchObject({ field: 'line' });
  });

  it('refuses fields the class does not declare', () => {
    expect(problem({ name: 'A', extra: 1 })).toEqual({ field: 'extra', message: 'property extra should not exist' });
    expect(problem({ name: 'A', line: { extra: 1 } })).toEqual({ field: 'line.extra', message: 'property line.extra should not exist' });
  });

  it('refuses an input that is not an object', () => {
    expect(problem(null)).toEqual({ field: undefined, message: 'the input must be an object, got null' });
    expect(problem('x')).toEqual({ field: undefined, message: 'the input must be an object, got string' });
  });
});

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '1999-12-31', '2000-01-01'])('accepts %s', (date) => expect(isCalendarDate(date)).toBe(true));
  it.each(['2023-02-29', '2024-13-01', '2024-04-31', '2024-1-01', '01-01-2024', '2024-01-01T00:00:00', '', 20240101])('refuses %s', (date) =>
    expect(isCalendarDate(date)).toBe(false),
  );
});
