import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { CapturedEmbeddingsAdminService } from '../capture/captured-embeddings-admin.service';
import { EmbeddingService } from '../embedding/embedding.service';
import { ReembedService } from '../reembed/reembed.service';
import { CapturedRowParams, FailuresQuery, RetryFailedRequest } from './captured-embeddings.dto';
import { ReembedJobParams, ReembedRequest } from './reembed.dto';

@Controller('admin/embeddings')
@UseGuards(AdminApiKeyGuard)
export class EmbeddingsAdminController {
  constructor(
    private readonly reembed: ReembedService,
    private readonly captured: CapturedEmbeddingsAdminService,
    private readonly embedding: EmbeddingService,
  ) {}

  /** Queues a fan-out job that enqueues one embedding job per selected row (optionally with a new model). */
  @Post('reembed')
  @HttpCode(202)
  request(@Body() body: ReembedRequest) {
    return this.reembed.request(body.entity, body.mode, body.model);
  }

  /** How far a re-embed request has come. */
  @Get('reembed/:entity/:jobId')
  progress(@Param() params: ReembedJobParams) {
    return this.reembed.progress(params.entity, params.jobId);
  }

  /** Per captured entity type: rows, embedded, pending, failed, stale, truncated, and rows by model and template. */
  @Get('status')
  status() {
    return this.captured.status();
  }

  /**
   * The embedding engine of this process, per loaded model: texts, tokens and padding, time spent
   * tokenising, in inference and pooling, sessions and how the work was spread over them.
   */
  @Get('engine')
  engine() {
    return this.embedding.engineStats();
  }

  /** Rows whose embedding failed for good, with the reason and the attempts made. */
  @Get('errors')
  errors(@Query() query: FailuresQuery) {
    return this.captured.failures(query.entity, query.limit);
  }

  @Post('retry-failed')
  @HttpCode(202)
  retryFailed(@Body() body: RetryFailedRequest) {
    return this.captured.retryFailed(body.entities);
  }

  /** The text a captured row is embedded from with the current template, and whether its embedding is of it. */
  @Get('text/:entity/:rowId')
  text(@Param() params: CapturedRowParams) {
    return this.captured.text(params.entity, params.rowId);
  }
}
