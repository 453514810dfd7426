import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const systemError = (code: string, syscall: string) => Object.assign(new Error(`${syscall} ${code} 127.0.0.1:5432`), { code, syscall });
const sqlError = (code: string) => Object.assign(new Error('server says no'), { code, severity: 'FATAL' });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', systemError('ECONNREFUSED', 'connect')],
    ['a connection reset mid-query', systemError('ECONNRESET', 'read')],
    ['the server shutting down (57P01)', sqlError('57P01')],
    ['the server starting up (57P03)', sqlError('57P03')],
    ['no connection slots left (53300)', sqlError('53300')],
    ['a connection that ended', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['a failed query wrapping a shutdown', new QueryFailedError('SELECT 1', [], sqlError('57P01'))],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], sqlError('23505'))],
    ['a syntax error', sqlError('42601')],
    ['a statement timeout (57014)', sqlError('57014')],
    ['a code without a system call', Object.assign(new Error('x'), { code: 'ECONNREFUSED' })],
    ['a plain error', new Error('something else')],
    ['no error at all', undefined],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
