import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { AdminApi } from './admin-api.decorator';
import { EventsIngestService } from '../events/ingest/events-ingest.service';
import type { IngestSummary } from '../events/ingest/ingest-summary';
import { ReingestRequest } from './reingest.dto';

@Controller('admin/events')
@UseGuards(AdminApiKeyGuard)
@AdminApi()
@ApiTags('events')
export class EventsAdminController {
  constructor(private readonly ingest: EventsIngestService) {}

  /**
   * Loads talks from a source now and answers with the run's summary (200). A source outside
   * EVENTS_SOURCE_ALLOWED_DIRS / _URLS, or one that cannot be read, is a 400 (an InvalidInputError) and
   * loads nothing.
   */
  @Post('reingest')
  @HttpCode(200)
  @ApiOperation({ summary: 'Load talks from a source now (default EVENTS_SOURCE); newer records replace older ones' })
  @ApiOkResponse({ description: "The run's summary: files, lines, records read, written, unchanged, rejected (with reasons)" })
  reingest(@Body() body: ReingestRequest): Promise<IngestSummary> {
    return this.ingest.ingest(body.source, { force: body.force, requested: true });
  }
}
