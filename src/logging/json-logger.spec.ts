import { JsonLogger } from './json-logger';
import { requestContext } from './request-context';

describe('JsonLogger', () => {
  it('adds the request id of the request being served to every line, and none outside a request', async () => {
    const lines: string[] = [];
    const logger = new JsonLogger('info', 'json', (line) => lines.push(line));
    await requestContext.run({ requestId: 'req-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.warn({ msg: 'slow query', ms: 120 }, 'Db');
    });
    logger.log('started', 'Main');
    const [inside, outside] = lines.map((line) => JSON.parse(line));
    expect(inside).toMatchObject({ level: 'warn', context: 'Db', msg: 'slow query', ms: 120, requestId: 'req-1' });
    expect(outside).toMatchObject({ level: 'info', context: 'Main', msg: 'started' });
    expect(outside.requestId).toBeUndefined();
  });
});
