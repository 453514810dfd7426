import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CapturedEmbeddingsAdminService } from '../capture/captured-embeddings-admin.service';
import { ReembedService } from '../reembed/reembed.service';
import { FailuresQuery, RetryFailedRequest } from './captured-embeddings.dto';
import { ReembedRequest } from './reembed.dto';

@Controller('admin/embeddings')
export class EmbeddingsAdminController {
  constructor(
    private readonly reembed: ReembedService,
    private readonly captured: CapturedEmbeddingsAdminService,
  ) {}

  /** Queues a fan-out job that enqueues one embedding job per selected row. */
  @Post('reembed')
  @HttpCode(202)
  request(@Body() body: ReembedRequest) {
    return this.reembed.request(body.entity, body.mode);
  }

  /** Per captured entity type: rows, embedded, pending, failed, truncated, and rows by model and template. */
  @Get('status')
  status() {
    return this.captured.status();
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
}
