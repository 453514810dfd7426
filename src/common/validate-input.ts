import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { InvalidInputError } from './invalid-input.error';

interface Problem {
  field: string;
  reason: string;
}

/** "accounts" + "bankAccounts" -> "accounts.bankAccounts"; an array index is written as [0]. */
function pathOf(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * class-validator names only the property in its messages ("accountId must be ..."): the message
 * gets the whole path instead ("accounts.bankAccounts[0].accountId must be ...").
 */
function withPath(reason: string, property: string, field: string): string {
  const named = new RegExp(`(^|\\s)${escaped(property)}(?=\\s|$)`);
  return named.test(reason) ? reason.replace(named, `$1${field}`) : `${field}: ${reason}`;
}

/**
 * The first bad field, depth first in declaration order, and of its failed rules the one written
 * first: decorators are registered bottom-up, so that is the last of its constraints. A number given
 * for a text is then "must be a string", not "must be shorter than ...".
 */
function firstProblem(errors: ValidationError[], parent = ''): Problem | undefined {
  for (const error of errors) {
    const field = pathOf(parent, error.property);
    const reason = Object.values(error.constraints ?? {}).at(-1);
    if (reason !== undefined) return { field, reason: withPath(reason, error.property, field) };
    const nested = firstProblem(error.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Checks a plain input object (a GraphQL input argument) against the class-validator rules of its
 * class and returns it as an instance of that class. The first bad field becomes an InvalidInputError
 * naming it (extensions.field), before the caller has written anything.
 */
export function validInput<T extends object>(type: ClassConstructor<T>, plain: unknown): T {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new InvalidInputError(`the input must be an object, got ${plain === null ? 'null' : typeof plain}`);
  }
  const instance = plainToInstance(type, plain);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const problem = firstProblem(errors);
  if (problem) throw new InvalidInputError(problem.reason, problem.field);
  return instance;
}
