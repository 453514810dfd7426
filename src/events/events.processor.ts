import { Injectable, OnModuleInit } from '@nestjs/common';
import { QueueWorkers } from '../queue/queue-workers.service';
import { JobName } from '../queue/queue.types';
import { EventsService } from './events.service';

@Injectable()
export class EventsProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly events: EventsService,
  ) {}

  onModuleInit(): void {
    this.workers.handle(JobName.EmbedEvent, (data) => this.events.embedEvent(data));
    this.workers.handle(JobName.QueueEventEmbeddings, (data) => this.events.fanOutEmbeddings(data));
  }
}
