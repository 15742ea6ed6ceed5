import type { EventListener, WeftEvent } from "./types.js";

/**
 * Fans a run's events out to listeners and async iterators. Emitting costs nothing when nobody listens, so a run of a
 * million calls with no consumer builds no event objects (check `hasListeners` before building one).
 */
export class EventStream {
  #listeners: EventListener[] = [];
  #isClosed = false;

  get hasListeners(): boolean {
    return this.#listeners.length > 0;
  }

  emit(event: WeftEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        // A consumer's bug must not take the run down; surface it without stopping the scheduler.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Calls `listener` synchronously for every later event. Returns a function that unsubscribes. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((candidate) => candidate !== listener);
    };
  }

  /** Ends every iterator once the buffered events are read. */
  close(): void {
    this.#isClosed = true;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) (listener as EventListener & { close?: () => void }).close?.();
  }

  /** An async iterable of the events from the moment iteration begins until the run ends. */
  iterate(): AsyncIterable<WeftEvent> {
    return { [Symbol.asyncIterator]: () => this.#iterator() };
  }

  #iterator(): AsyncIterator<WeftEvent> {
    const buffer: WeftEvent[] = [];
    let wake: (() => void) | undefined;
    let isDone = this.#isClosed;
    const listener = Object.assign(
      (event: WeftEvent) => {
        buffer.push(event);
        wake?.();
      },
      {
        close: () => {
          isDone = true;
          wake?.();
        },
      },
    );
    const unsubscribe = isDone ? () => {} : this.subscribe(listener);
    let head = 0;
    return {
      next: async (): Promise<IteratorResult<WeftEvent>> => {
        while (head >= buffer.length && !isDone) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
        if (head < buffer.length) {
          const value = buffer[head++] as WeftEvent;
          if (head > 1024 && head * 2 > buffer.length) {
            buffer.splice(0, head);
            head = 0;
          }
          return { value, done: false };
        }
        return { value: undefined, done: true };
      },
      return: async (): Promise<IteratorResult<WeftEvent>> => {
        unsubscribe();
        isDone = true;
        return { value: undefined, done: true };
      },
    };
  }
}
