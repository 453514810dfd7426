/**
 * Every queue and job semflow has, with the payload each job carries. Producers and processors use these
 * names only, so a job can never be enqueued with the wrong payload or on the wrong queue.
 */
/** missing: rows never embedded; stale: text or model changed since; all: every row. */
export type ReembedMode = 'missing' | 'stale' | 'all';
export const REEMBED_MODES: ReembedMode[] = ['missing', 'stale', 'all'];

export enum QueueName {
  Events = 'events',
  /** Its own queue so that a user's new interest is not stuck behind a bulk re-embed of talks. */
  Interests = 'interests',
  AccountHolders = 'accountholders',
  Transactions = 'transactions',
}

export enum JobName {
  /** Embed one event's full_text; skipped when the row's content hash moved on since it was enqueued. */
  EmbedEvent = 'embed-event',
  /** Fan-out: enqueue EmbedEvent for every event the mode selects (missing, stale or all). */
  QueueEventEmbeddings = 'queue-event-embeddings',
  /** Embed one interest text; skipped when it was already embedded for this text and model. */
  EmbedInterest = 'embed-interest',
  /** Fan-out: enqueue EmbedInterest for every interest the mode selects. */
  QueueInterestEmbeddings = 'queue-interest-embeddings',
  /** Embed one captured account holder (its current row); nothing when its text is already embedded. */
  EmbedAccountHolder = 'embed-accountholder',
  QueueAccountHolderEmbeddings = 'queue-accountholder-embeddings',
  /** Embed one captured transaction leg. */
  EmbedTransaction = 'embed-transaction',
  QueueTransactionEmbeddings = 'queue-transaction-embeddings',
}

/**
 * A fan-out. changedOnly (the periodic sweep, mode stale): captured entity types examine only rows
 * written since the last stale scan's watermark (migration CreateCapturedRowChanges); talks and
 * interests only rows whose text is not the embedded one, through a partial index (migration
 * CreateUnembeddedRowIndexes), without comparing the model (it changes with the settings, and the
 * sweep at start compares it).
 */
export interface FanOut {
  mode: ReembedMode;
  changedOnly?: boolean;
}

export interface JobPayloads {
  /** force: embed again even when the stored embedding is of this text and model (mode=all). */
  [JobName.EmbedEvent]: { eventId: number; contentHash: string; force?: boolean };
  [JobName.QueueEventEmbeddings]: FanOut;
  [JobName.EmbedInterest]: { interestId: string; contentHash: string; force?: boolean };
  [JobName.QueueInterestEmbeddings]: FanOut;
  [JobName.EmbedAccountHolder]: { rowId: number; force?: boolean };
  [JobName.QueueAccountHolderEmbeddings]: FanOut;
  [JobName.EmbedTransaction]: { rowId: number; force?: boolean };
  [JobName.QueueTransactionEmbeddings]: FanOut;
}

export type JobOf<T extends JobName> = JobPayloads[T];

export const QUEUE_OF_JOB: { [J in JobName]: QueueName } = {
  [JobName.EmbedEvent]: QueueName.Events,
  [JobName.QueueEventEmbeddings]: QueueName.Events,
  [JobName.EmbedInterest]: QueueName.Interests,
  [JobName.QueueInterestEmbeddings]: QueueName.Interests,
  [JobName.EmbedAccountHolder]: QueueName.AccountHolders,
  [JobName.QueueAccountHolderEmbeddings]: QueueName.AccountHolders,
  [JobName.EmbedTransaction]: QueueName.Transactions,
  [JobName.QueueTransactionEmbeddings]: QueueName.Transactions,
};

export const ALL_QUEUES = Object.values(QueueName);

/** A deduplication key from its parts (see EnqueueItem.dedupId). */
export const dedupId = (...parts: Array<string | number>): string => parts.join('-');
