import { JournalError } from "../errors/journal-error.js";
import type { Journal, JournalRecord } from "./journal.js";

/**
 * A Journal in memory: it keeps records as JSON text, as a file or a server would, so that what it gives back is what
 * they would (a copy, without what JSON drops), and it survives nothing: for tests and short-lived programs. So
 * `durable` changes nothing here.
 */
export class MemoryJournal implements Journal {
  /** Each run's records as JSON text, in order. */
  readonly #records = new Map<string, string[]>();
  #isClosed = false;

  append(runId: string, records: readonly JournalRecord[]): Promise<void> {
    try {
      this.#checkOpen(runId);
      const kept = this.#records.get(runId) ?? [];
      const texts = records.map((record, index) => encode(runId, record, kept.length + index + 1));
      this.#records.set(runId, [...kept, ...texts]);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  read(runId: string): Promise<JournalRecord[] | undefined> {
    try {
      this.#checkOpen(runId);
      const texts = this.#records.get(runId);
      return Promise.resolve(texts?.map((text) => JSON.parse(text) as JournalRecord));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  runs(): Promise<string[]> {
    return Promise.resolve([...this.#records.keys()]);
  }

  close(): Promise<void> {
    this.#isClosed = true;
    return Promise.resolve();
  }

  #checkOpen(runId: unknown): asserts runId is string {
    if (typeof runId !== "string" || runId === "") {
      const received = typeof runId === "string" ? "an empty string" : typeof runId;
      throw new JournalError({
        problem: "run-id",
        detail: `a run id must be a non-empty string, got ${received}`,
      });
    }
    if (this.#isClosed) throw new JournalError({ runId, problem: "closed", detail: "the journal is closed" });
  }
}

/** A record as JSON text, after checking that it is the next one of its run and that JSON holds it. */
function encode(runId: string, record: JournalRecord, expectedSequence: number): string {
  if (
    typeof record !== "object" ||
    record === null ||
    typeof record.type !== "string" ||
    record.type === ""
  ) {
    throw new JournalError({
      runId,
      problem: "record",
      detail: "a record must be an object with a non-empty `type`",
    });
  }
  if (record.sequence !== expectedSequence) {
    throw new JournalError({
      runId,
      problem: "sequence",
      detail: `record ${JSON.stringify(record.type)} has sequence ${String(record.sequence)}, expected ${expectedSequence}`,
    });
  }
  try {
    return JSON.stringify(record);
  } catch (error) {
    throw new JournalError({
      runId,
      problem: "record",
      detail: `record ${expectedSequence} (${JSON.stringify(record.type)}) cannot be written as JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
}
