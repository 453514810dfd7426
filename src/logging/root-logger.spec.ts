import { Writable } from 'node:stream';
import { createRootLogger, REDACTED } from './root-logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('createRootLogger', () => {
  it('writes one JSON object per line with the level as a word and an ISO time', () => {
    const { lines, stream } = capture();
    const logger = createRootLogger({ level: 'info', format: 'json', stream });
    logger.child({ context: 'Main' }).info({ role: 'api' }, 'semflow started');
    logger.debug('below the level');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: 'info', context: 'Main', msg: 'semflow started', role: 'api' });
    expect(new Date(line.time).toISOString()).toBe(line.time);
  });

  it('never writes the values of secret keys, at the top of the fields or one object down', () => {
    const { lines, stream } = capture();
    const logger = createRootLogger({ level: 'info', format: 'json', stream });
    logger.warn({ token: 'tok-1', headers: { authorization: 'Bearer abc', 'x-api-key': 'admin-key-1', accept: 'json' }, config: { ADMIN_API_KEY: 'admin-key-2' } }, 'oops');
    expect(lines[0]).not.toMatch(/tok-1|Bearer abc|admin-key-1|admin-key-2/);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ token: REDACTED, headers: { authorization: REDACTED, 'x-api-key': REDACTED, accept: 'json' }, config: { ADMIN_API_KEY: REDACTED } });
  });

  it('writes plain lines with LOG_FORMAT=text', () => {
    const { lines, stream } = capture();
    createRootLogger({ level: 'info', format: 'text', stream }).child({ context: 'Queue' }).warn({ queue: 'events' }, 'drained');
    expect(lines[0]).toMatch(/WARN.*\[Queue\] drained/);
    expect(lines.join('\n')).toMatch(/queue: "events"/);
    expect(() => JSON.parse(lines[0])).toThrow();
  });
});
