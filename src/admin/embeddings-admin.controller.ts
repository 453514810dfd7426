import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ReembedRequest } from './reembed.dto';
import { ReembedService } from '../reembed/reembed.service';

@Controller('admin/embeddings')
export class EmbeddingsAdminController {
  constructor(private readonly reembed: ReembedService) {}

  /** Queues a fan-out job that enqueues one embedding job per selected row. */
  @Post('reembed')
  @HttpCode(202)
  request(@Body() body: ReembedRequest) {
    return this.reembed.request(body.entity, body.mode);
  }
}
