import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { AdminApi } from './admin-api.decorator';
import { CapturedEmbeddingsAdminService } from '../capture/captured-embeddings-admin.service';
import { EmbeddingService } from '../embedding/embedding.service';
import { ReembedService } from '../reembed/reembed.service';
import { CapturedRowParams, FailuresQuery, RetryFailedRequest } from './captured-embeddings.dto';
import { ReembedJobParams, ReembedRequest } from './reembed.dto';

@Controller('admin/embeddings')
@UseGuards(AdminApiKeyGuard)
@AdminApi()
@ApiTags('embeddings')
export class EmbeddingsAdminController {
  constructor(
    private readonly reembed: ReembedService,
    private readonly captured: CapturedEmbeddingsAdminService,
    private readonly embedding: EmbeddingService,
  ) {}

  /** Queues a fan-out job that enqueues one embedding job per selected row (optionally with a new model). */
  @Post('reembed')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a re-embed of one entity type (missing, stale or all rows), optionally with a new model' })
  @ApiAcceptedResponse({ description: 'The fan-out job was queued: its jobId, entity and mode' })
  request(@Body() body: ReembedRequest) {
    return this.reembed.request(body.entity, body.mode, body.model);
  }

  /** How far a re-embed request has come. */
  @Get('reembed/:entity/:jobId')
  @ApiOperation({ summary: 'How far a re-embed request has come' })
  @ApiOkResponse({ description: 'State of the fan-out job and the rows it queued' })
  progress(@Param() params: ReembedJobParams) {
    return this.reembed.progress(params.entity, params.jobId);
  }

  /** Per captured entity type: rows, embedded, pending, failed, stale, truncated, and rows by model and template. */
  @Get('status')
  @ApiOperation({ summary: 'Per captured entity type: rows, embedded, pending, failed, stale, truncated; rows by model and template' })
  status() {
    return this.captured.status();
  }

  /**
   * The embedding engine of this process, per loaded model: texts, tokens and padding, time spent
   * tokenising, in inference and pooling, sessions and how the work was spread over them.
   */
  @Get('engine')
  @ApiOperation({ summary: 'The embedding engine of this process: texts, tokens, time in tokenising, inference and pooling, per model' })
  engine() {
    return this.embedding.engineStats();
  }

  /** Rows whose embedding failed for good, with the reason and the attempts made. */
  @Get('errors')
  @ApiOperation({ summary: 'Rows whose embedding failed for good, with the reason and the attempts made' })
  errors(@Query() query: FailuresQuery) {
    return this.captured.failures(query.entity, query.limit);
  }

  @Post('retry-failed')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue the failed rows of the given entity types (all when absent) again' })
  @ApiAcceptedResponse({ description: 'How many rows were queued again, per entity type' })
  retryFailed(@Body() body: RetryFailedRequest) {
    return this.captured.retryFailed(body.entities);
  }

  /** The text a captured row is embedded from with the current template, and whether its embedding is of it. */
  @Get('text/:entity/:rowId')
  @ApiOperation({ summary: 'The text a captured row is embedded from with the current template, and whether its embedding is of it' })
  text(@Param() params: CapturedRowParams) {
    return this.captured.text(params.entity, params.rowId);
  }
}
