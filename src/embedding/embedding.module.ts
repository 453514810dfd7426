import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EmbeddingService } from './embedding.service';

@Global()
@Module({
  providers: [{ provide: EmbeddingService, inject: [AppConfig], useFactory: (config: AppConfig) => EmbeddingService.load(config) }],
  exports: [EmbeddingService],
})
export class EmbeddingModule {}
