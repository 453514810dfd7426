import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './app-config';

/** The validated settings, injectable as AppConfig anywhere. main.ts loads them before Nest starts. */
@Module({})
export class ConfigModule {
  static forConfig(config: AppConfig): DynamicModule {
    return { module: ConfigModule, global: true, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
