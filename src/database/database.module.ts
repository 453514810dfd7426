import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './run-migrations';

@Module({})
export class DatabaseModule {
  /** TypeORM over the pg driver, whether the URL points at Postgres or at the embedded database. */
  static forRoot(url: string, migrate: boolean): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions({
              url,
              poolSize: config.DATABASE_POOL_SIZE,
              applicationName: `semflow ${config.APP_ROLE} ${process.pid}`,
              statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
            }),
            autoLoadEntities: true,
            // The database was probed before start; one retry covers a blip, more would only delay the error.
            retryAttempts: 1,
            retryDelay: 1000,
          }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            if (migrate) {
              const applied = await runMigrations(dataSource);
              new Logger('Migrations').log(applied.length ? `applied ${applied.join(', ')}` : 'schema is up to date');
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}
