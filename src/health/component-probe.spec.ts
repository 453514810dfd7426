import { Logger } from '@nestjs/common';
import { ComponentProbe, ProbeFailure } from './component-probe';

describe('ComponentProbe', () => {
  let warnings: unknown[];
  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(message));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('gives the value of a check that answers', async () => {
    expect(await new ComponentProbe('Redis', 100).run(async () => 'PONG')).toEqual({ up: true, value: 'PONG' });
  });

  it('tells clients a fixed sentence instead of the driver error, which goes to the log', async () => {
    const probe = new ComponentProbe('the database', 100);
    const outcome = await probe.run(() => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432 as user app:s3cret')));
    expect(outcome).toEqual({ up: false, message: 'the database did not answer' });
    expect(JSON.stringify(warnings)).toContain('ECONNREFUSED 10.1.2.3:5432');
  });

  it('gives up on a check that hangs after the time limit', async () => {
    const started = performance.now();
    const outcome = await new ComponentProbe('Redis', 50).run(() => new Promise(() => undefined));
    expect(outcome).toEqual({ up: false, message: 'Redis did not answer within 50 ms' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("passes a ProbeFailure's own message on, and logs its reason", async () => {
    const outcome = await new ComponentProbe('the model', 100).run(() => Promise.reject(new ProbeFailure('model m is overloaded', new Error('queue full'))));
    expect(outcome).toEqual({ up: false, message: 'model m is overloaded' });
    expect(JSON.stringify(warnings)).toContain('model m is overloaded: queue full');
  });

  it('logs an outage once, not once per poll, and again when it fails differently', async () => {
    const probe = new ComponentProbe('Redis', 100);
    for (let i = 0; i < 3; i++) await probe.run(() => Promise.reject(new Error('refused')));
    expect(warnings).toHaveLength(1);
    await probe.run(() => Promise.reject(new Error('reset')));
    expect(warnings).toHaveLength(2);
    await probe.run(async () => 'PONG');
    await probe.run(() => Promise.reject(new Error('reset')));
    expect(warnings).toHaveLength(3);
  });
});
