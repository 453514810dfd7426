import { HealthIndicatorService } from '@nestjs/terminus';
import type { DataSource } from 'typeorm';
import { DatabaseHealthIndicator } from './database.health';

const dataSource = (query: () => Promise<unknown>) => ({ query: jest.fn(query) }) as unknown as DataSource & { query: jest.Mock };

describe('DatabaseHealthIndicator', () => {
  it('is up when SELECT 1 answers, and says whether the database is the embedded one', async () => {
    const db = dataSource(async () => [{ '?column?': 1 }]);
    expect(await new DatabaseHealthIndicator(new HealthIndicatorService(), db, true).check()).toEqual({ database: { status: 'up', embedded: true } });
    expect(db.query).toHaveBeenCalledWith('SELECT 1');
  });

  it('is down with a message that holds neither the address nor the credentials of the failure', async () => {
    const db = dataSource(() => Promise.reject(new Error('password authentication failed for user "app" at db.internal:5432')));
    const result = await new DatabaseHealthIndicator(new HealthIndicatorService(), db, false).check();
    expect(result).toEqual({ database: { status: 'down', embedded: false, message: 'the database did not answer' } });
  });
});
