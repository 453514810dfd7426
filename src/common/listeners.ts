export type Listener<T> = (event: T) => void;

/**
 * Callbacks told about something that happened, e.g. a finished job, for observers such as metrics.
 * A listener that throws is reported to `onError` and never fails the work that emitted the event.
 */
export class Listeners<T> {
  private readonly listeners: Array<Listener<T>> = [];

  constructor(private readonly onError: (error: unknown) => void) {}

  add(listener: Listener<T>): void {
    this.listeners.push(listener);
  }

  emit(event: T): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
