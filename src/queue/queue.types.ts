/**
 * Every queue and job semflow has, with the payload each job carries. Producers and processors use these
 * names only, so a job can never be enqueued with the wrong payload or on the wrong queue.
 */
export enum QueueName {
  Events = 'events',
}

export enum JobName {
  /** Embed one event's full_text; skipped when the row's content hash moved on since it was enqueued. */
  EmbedEvent = 'embed-event',
  /** Fan-out: enqueue EmbedEvent for every event without an embedding (or all events when force). */
  QueueEventEmbeddings = 'queue-event-embeddings',
}

export interface JobPayloads {
  [JobName.EmbedEvent]: { eventId: number; contentHash: string };
  [JobName.QueueEventEmbeddings]: { force: boolean };
}

export type JobOf<T extends JobName> = JobPayloads[T];

export const QUEUE_OF_JOB: { [J in JobName]: QueueName } = {
  [JobName.EmbedEvent]: QueueName.Events,
  [JobName.QueueEventEmbeddings]: QueueName.Events,
};

export const ALL_QUEUES = Object.values(QueueName);

/** BullMQ job ids must not contain ':'. */
export const jobId = (...parts: Array<string | number>): string => parts.join('-').replace(/:/g, '_');
