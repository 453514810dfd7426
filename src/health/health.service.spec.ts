import { Test, TestingModule } from '@nestjs/testing';
import { HealthIndicatorResult, TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { HealthService } from './health.service';
import { ModelHealthIndicator } from './model.health';
import { RedisHealthIndicator } from './redis.health';

type Check = jest.Mock<Promise<HealthIndicatorResult>>;

describe('HealthService', () => {
  let module: TestingModule;
  let health: HealthService;
  const database: { check: Check } = { check: jest.fn() };
  const redis: { check: Check } = { check: jest.fn() };
  const model: { check: Check } = { check: jest.fn() };
  const MODELS = [{ name: 'm', dimensions: 384, entities: ['event'] }];

  beforeEach(async () => {
    for (const indicator of [database, redis, model]) indicator.check.mockReset();
    database.check.mockResolvedValue({ database: { status: 'up', embedded: true } });
    redis.check.mockResolvedValue({ redis: { status: 'up' } });
    model.check.mockResolvedValue({ model: { status: 'up', loaded: true, models: MODELS, probe: { ms: 3 } } });
    module = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      providers: [
        HealthService,
        { provide: DatabaseHealthIndicator, useValue: database },
        { provide: RedisHealthIndicator, useValue: redis },
        { provide: ModelHealthIndicator, useValue: model },
      ],
    }).compile();
    health = module.get(HealthService);
  });
  afterEach(() => module.close());

  it('is ready with 200 when every component is up, each at the top level as /health always had them', async () => {
    expect(await health.ready()).toEqual({
      httpStatus: 200,
      report: {
        status: 'ok',
        database: { status: 'up', embedded: true },
        redis: { status: 'up' },
        model: { status: 'up', loaded: true, models: MODELS, probe: { ms: 3 } },
      },
    });
  });

  it('is not ready with 503 naming what is down, and still reports the rest', async () => {
    redis.check.mockResolvedValue({ redis: { status: 'down', message: 'Redis did not answer' } });
    const answer = await health.ready();
    expect(answer.httpStatus).toBe(503);
    expect(answer.report).toMatchObject({ status: 'error', redis: { status: 'down', message: 'Redis did not answer' }, database: { status: 'up' }, model: { status: 'up' } });
  });

  it('is live whatever the components say, without asking them', async () => {
    database.check.mockResolvedValue({ database: { status: 'down', message: 'the database did not answer' } });
    const answer = health.live();
    expect(answer).toEqual({ httpStatus: 200, report: { status: 'ok', process: { status: 'up', uptimeSeconds: expect.any(Number) } } });
    expect(database.check).not.toHaveBeenCalled();
  });

  it('is not ready once the application shuts down, while live stays 200', async () => {
    await module.close();
    const answer = await health.ready();
    expect(answer.httpStatus).toBe(503);
    expect(answer.report.status).toBe('shutting_down');
    expect(health.live().httpStatus).toBe(200);
  });
});
