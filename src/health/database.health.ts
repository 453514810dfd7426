import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ComponentProbe, HEALTH_CHECK_TIMEOUT_MS } from './component-probe';

/**
 * The database answers a `SELECT 1` on the service's own pool. Its own indicator rather than terminus's
 * TypeOrmHealthIndicator: the answer also says whether the database is the embedded one, as /health
 * always did, and a failure gets a message of its own instead of an empty one.
 */
export class DatabaseHealthIndicator {
  private readonly probe = new ComponentProbe('the database', HEALTH_CHECK_TIMEOUT_MS);

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly embedded: boolean,
  ) {}

  async check(): Promise<HealthIndicatorResult<'database'>> {
    const session = this.indicators.check('database');
    const outcome = await this.probe.run(() => this.dataSource.query('SELECT 1'));
    return outcome.up ? session.up({ embedded: this.embedded }) : session.down({ message: outcome.message, embedded: this.embedded });
  }
}
