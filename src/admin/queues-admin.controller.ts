import { Controller, Get, HttpCode, Param, ParseEnumPipe, Post, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { AdminApi } from './admin-api.decorator';
import { QueueCountsDto } from './queue-counts.dto';
import { QueueService } from '../queue/queue.service';
import { ALL_QUEUES, QueueName } from '../queue/queue.types';

/** The path parameter every queue route takes. */
const QueueParam = () => ApiParam({ name: 'name', enum: QueueName, description: 'The queue' });

@Controller('admin/queues')
@UseGuards(AdminApiKeyGuard)
@AdminApi()
@ApiTags('queues')
export class QueuesAdminController {
  constructor(private readonly queues: QueueService) {}

  @Get()
  @ApiOperation({ summary: 'Job counts of every queue' })
  @ApiOkResponse({ type: QueueCountsDto, isArray: true })
  list() {
    return Promise.all(ALL_QUEUES.map((name) => this.queues.counts(name)));
  }

  @Get(':name')
  @QueueParam()
  @ApiOperation({ summary: 'Job counts of one queue' })
  @ApiOkResponse({ type: QueueCountsDto })
  counts(@Param('name', new ParseEnumPipe(QueueName)) name: QueueName) {
    return this.queues.counts(name);
  }

  @Post(':name/pause')
  @HttpCode(204)
  @QueueParam()
  @ApiOperation({ summary: 'Pause a queue: jobs wait until it is resumed (all processes)' })
  @ApiNoContentResponse({ description: 'Paused' })
  pause(@Param('name', new ParseEnumPipe(QueueName)) name: QueueName) {
    return this.queues.pause(name);
  }

  @Post(':name/resume')
  @HttpCode(204)
  @QueueParam()
  @ApiOperation({ summary: 'Resume a paused queue' })
  @ApiNoContentResponse({ description: 'Resumed' })
  resume(@Param('name', new ParseEnumPipe(QueueName)) name: QueueName) {
    return this.queues.resume(name);
  }

  @Post(':name/empty')
  @HttpCode(204)
  @QueueParam()
  @ApiOperation({ summary: 'Remove the waiting and delayed jobs of a queue (running jobs finish)' })
  @ApiNoContentResponse({ description: 'Emptied' })
  empty(@Param('name', new ParseEnumPipe(QueueName)) name: QueueName) {
    return this.queues.empty(name);
  }
}
