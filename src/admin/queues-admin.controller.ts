import { Controller, Get, HttpCode, Param, ParseEnumPipe, Post, UseGuards } from '@nestjs/common';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { QueueService } from '../queue/queue.service';
import { ALL_QUEUES, QueueName } from '../queue/queue.types';

@Controller('admin/queues')
@UseGuards(AdminApiKeyGuard)
export class QueuesAdminController {
  constructor(private readonly queues: QueueService) {}

  @Get()
  list() {
    return Promise.all(ALL_QUEUES.map((name) => this.queues.counts(name)));
  }

  @Get(':name')
  counts(@Param('name', new ParseEnumPipe(QueueName)) name: QueueName) {
    return this.queues.counts(name);
  }

  @Post(':name/pause')
  @HttpCode(204)
  pause(@Param('name', new ParseEnumPipe(QueueName)) name: QueueName) {
    return this.queues.pause(name);
  }

  @Post(':name/resume')
  @HttpCode(204)
  resume(@Param('name', new ParseEnumPipe(QueueName)) name: QueueName) {
    return this.queues.resume(name);
  }

  @Post(':name/empty')
  @HttpCode(204)
  empty(@Param('name', new ParseEnumPipe(QueueName)) name: QueueName) {
    return this.queues.empty(name);
  }
}
