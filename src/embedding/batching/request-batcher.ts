import { EmbeddingOverloadedError } from '../embedding-overloaded.error';

/**
 * Gathers the items of concurrent `submit()` calls into rounds and hands each round to one async
 * processor call. A round starts when `maxBatchSize` items are waiting or when the oldest waiting item
 * has waited `maxWaitMs`, and never while `concurrency` rounds are already running. Items keep their
 * arrival order; one call's items may be spread over several rounds (a call larger than `maxBatchSize`
 * always is). A failed round rejects exactly the calls that had items in it; their items still waiting
 * are dropped.
 *
 * Overload: with `maxPendingItems`, a call that would make more items wait is refused at once; with
 * `maxWaitForRoundMs`, a call whose items have not all started within that time is refused and its
 * waiting items dropped (a round already running is not interrupted; its results for that call are
 * discarded). Both refuse with EmbeddingOverloadedError, so memory stays bounded under a flood of calls
 * and a caller learns quickly that it should retry later instead of waiting for ever.
 */
export interface RequestBatcherOptions<I, R> {
  /** Most items handed to one processor call. */
  maxBatchSize: number;
  /** Longest time the oldest waiting item waits for company before its round starts; 0 starts at once. */
  maxWaitMs: number;
  /** Rounds that may run at the same time (default 1). */
  concurrency?: number;
  /** Most items waiting for a round (not counting running rounds); 0 or unset: unbounded. */
  maxPendingItems?: number;
  /** Longest time a call's items may wait until the last of them starts; 0 or unset: no deadline. */
  maxWaitForRoundMs?: number;
  /** Turns one round's items into one result per item, in the same order. */
  process: (items: I[]) => Promise<R[]>;
}

export class BatcherClosedError extends Error {
  constructor(message = 'the batcher is closed') {
    super(message);
    this.name = 'BatcherClosedError';
  }
}

interface PendingCall<R> {
  results: R[];
  remaining: number;
  /** Items still in the queue, not yet handed to a round. */
  queued: number;
  settled: boolean;
  deadline: NodeJS.Timeout | undefined;
  arrivedAt: number;
  resolve: (results: R[]) => void;
  reject: (error: unknown) => void;
}

interface Slot<I, R> {
  call: PendingCall<R>;
  index: number;
  item: I;
}

export class RequestBatcher<I, R> {
  private readonly maxBatchSize: number;
  private readonly maxWaitMs: number;
  private readonly concurrency: number;
  private readonly maxPendingItems: number;
  private readonly maxWaitForRoundMs: number;
  private readonly processRound: (items: I[]) => Promise<R[]>;

  /** Waiting slots live in queue[head..]; the consumed prefix is cut off now and then. */
  private queue: Slot<I, R>[] = [];
  private head = 0;
  /** Items of unsettled calls in the queue: the queue may also hold dropped items of settled calls. */
  private waiting = 0;
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private idleWaiters: Array<() => void> = [];

  constructor(options: RequestBatcherOptions<I, R>) {
    if (!Number.isInteger(options.maxBatchSize) || options.maxBatchSize < 1) {
      throw new RangeError(`maxBatchSize must be a positive integer, got ${options.maxBatchSize}`);
    }
    if (!(options.maxWaitMs >= 0)) throw new RangeError(`maxWaitMs must be >= 0, got ${options.maxWaitMs}`);
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    }
    const maxPendingItems = options.maxPendingItems ?? 0;
    if (!Number.isInteger(maxPendingItems) || maxPendingItems < 0) {
      throw new RangeError(`maxPendingItems must be an integer >= 0, got ${maxPendingItems}`);
    }
    const maxWaitForRoundMs = options.maxWaitForRoundMs ?? 0;
    if (!(maxWaitForRoundMs >= 0)) throw new RangeError(`maxWaitForRoundMs must be >= 0, got ${maxWaitForRoundMs}`);
    this.maxPendingItems = maxPendingItems;
    this.maxWaitForRoundMs = maxWaitForRoundMs;
    this.maxBatchSize = options.maxBatchSize;
    this.maxWaitMs = options.maxWaitMs;
    this.concurrency = concurrency;
    this.processRound = options.process;
  }

  /** Items waiting for a round (dropped items of refused or failed calls are not counted). */
  get pending(): number {
    return this.waiting;
  }

  /** Rounds being processed right now. */
  get active(): number {
    return this.running;
  }

  get closed(): boolean {
    return this.closing;
  }

  submit(items: readonly I[]): Promise<R[]> {
    if (this.closing) return Promise.reject(new BatcherClosedError());
    if (items.length === 0) return Promise.resolve([]);
    if (this.maxPendingItems > 0 && this.waiting + items.length > this.maxPendingItems) {
      return Promise.reject(new EmbeddingOverloadedError('queue-full'));
    }
    return new Promise<R[]>((resolve, reject) => {
      const call: PendingCall<R> = {
        results: new Array<R>(items.length),
        remaining: items.length,
        queued: items.length,
        settled: false,
        deadline: undefined,
        arrivedAt: performance.now(),
        resolve,
        reject,
      };
      for (let index = 0; index < items.length; index++) this.queue.push({ call, index, item: items[index] });
      this.waiting += items.length;
      if (this.maxWaitForRoundMs > 0) call.deadline = setTimeout(() => this.expire(call), this.maxWaitForRoundMs);
      this.schedule();
    });
  }

  /**
   * Stops taking new calls, runs every round still waiting (without waiting for company) and resolves
   * once nothing is running any more.
   */
  close(): Promise<void> {
    this.closing = true;
    this.schedule();
    return this.whenIdle();
  }

  /** Resolves when no item is waiting and no round is running. */
  whenIdle(): Promise<void> {
    if (this.pending === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The call's deadline passed with items of it still waiting: refuse it and drop them. */
  private expire(call: PendingCall<R>): void {
    call.deadline = undefined;
    if (call.settled || call.queued === 0) return;
    this.reject(call, new EmbeddingOverloadedError('deadline'));
    this.schedule();
  }

  /** Settles a call as failed; its items still in the queue are dropped (skipped when their turn comes). */
  private reject(call: PendingCall<R>, error: unknown): void {
    call.settled = true;
    this.waiting -= call.queued;
    call.queued = 0;
    clearDeadline(call);
    call.reject(error);
  }

  private schedule(): void {
    while (this.running < this.concurrency) {
      this.dropSettledHead();
      if (this.pending === 0) break;
      const waited = performance.now() - this.queue[this.head].call.arrivedAt;
      if (this.pending >= this.maxBatchSize || this.closing || waited >= this.maxWaitMs) {
        this.startRound();
        continue;
      }
      if (this.timer === undefined) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.startDueRound();
        }, this.maxWaitMs - waited);
      }
      break;
    }
    this.clearTimerIfEmpty();
    this.notifyIfIdle();
  }

  /**
   * The oldest item's wait is over. Timers may fire a little before performance.now() says the wait
   * is over, so start the round without looking at the clock again.
   */
  private startDueRound(): void {
    if (this.running < this.concurrency) {
      this.dropSettledHead();
      if (this.pending > 0) this.startRound();
    }
    this.schedule();
  }

  private startRound(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const slots: Slot<I, R>[] = [];
    while (slots.length < this.maxBatchSize && this.head < this.queue.length) {
      const slot = this.queue[this.head++];
      if (slot.call.settled) continue;
      slots.push(slot);
      this.waiting--;
      // Every item of the call has started: its deadline no longer applies.
      if (--slot.call.queued === 0) clearDeadline(slot.call);
    }
    this.compact();
    if (slots.length === 0) return;
    this.running++;
    let round: Promise<R[]>;
    try {
      round = this.processRound(slots.map((slot) => slot.item));
    } catch (error) {
      round = Promise.reject(error);
    }
    round.then(
      (results) => this.finishRound(slots, results, undefined),
      (error: unknown) => this.finishRound(slots, undefined, error ?? new Error('round failed')),
    );
  }

  /** Counts the round as done before answering its callers, so that they see it gone from `active`. */
  private finishRound(slots: Slot<I, R>[], results: R[] | undefined, error: unknown): void {
    this.running--;
    if (error === undefined && (!Array.isArray(results) || results.length !== slots.length)) {
      error = new Error(`the round processor returned ${Array.isArray(results) ? results.length : typeof results} results for ${slots.length} items`);
    }
    if (error !== undefined) {
      for (const { call } of slots) if (!call.settled) this.reject(call, error);
    } else {
      for (let i = 0; i < slots.length; i++) {
        const { call, index } = slots[i];
        if (call.settled) continue;
        call.results[index] = results![i];
        if (--call.remaining === 0) {
          call.settled = true;
          call.resolve(call.results);
        }
      }
    }
    this.schedule();
  }

  private dropSettledHead(): void {
    while (this.head < this.queue.length && this.queue[this.head].call.settled) this.head++;
    this.compact();
  }

  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.queue.length - this.head > 2 * this.waiting + 1024) {
      // Mostly dropped items of refused calls behind a live one: keep only the live ones.
      this.queue = this.queue.slice(this.head).filter((slot) => !slot.call.settled);
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private clearTimerIfEmpty(): void {
    if (this.pending === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private notifyIfIdle(): void {
    if (this.pending !== 0 || this.running !== 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function clearDeadline(call: Pick<PendingCall<unknown>, 'deadline'>): void {
  if (call.deadline === undefined) return;
  clearTimeout(call.deadline);
  call.deadline = undefined;
}
