import { Injectable, OnModuleInit } from '@nestjs/common';
import { QueueWorkers } from '../queue/queue-workers.service';
import { JobName } from '../queue/queue.types';
import { InterestsService } from './interests.service';

@Injectable()
export class InterestsProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly interests: InterestsService,
  ) {}

  onModuleInit(): void {
    this.workers.handle(JobName.EmbedInterest, (data) => this.interests.embedInterest(data));
    this.workers.handle(JobName.QueueInterestEmbeddings, (data) => this.interests.fanOutEmbeddings(data));
  }
}
