import { ApiProperty } from '@nestjs/swagger';
import type { QueueCounts } from '../queue/queue.service';
import { QueueName } from '../queue/queue.types';

/** QueueCounts as the OpenAPI document describes it. */
export class QueueCountsDto implements QueueCounts {
  @ApiProperty({ enum: QueueName }) queue: QueueName;
  @ApiProperty() paused: boolean;
  @ApiProperty({ type: 'integer', description: 'Waiting, prioritised and waiting for children' }) waiting: number;
  @ApiProperty({ type: 'integer' }) active: number;
  @ApiProperty({ type: 'integer', description: 'Waiting for a retry after a failure' }) delayed: number;
  @ApiProperty({ type: 'integer', description: 'Finished jobs still kept (QUEUE_KEEP_COMPLETED)' }) completed: number;
  @ApiProperty({ type: 'integer', description: 'Jobs failed for good still kept (QUEUE_KEEP_FAILED)' }) failed: number;
}
