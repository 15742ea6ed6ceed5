/**
 * One entry of a run's journal: an event of the run (`run-start`, `call-start`, `call-end`, …) with its place in the
 * run. Its fields are JSON: what `JSON.stringify` keeps of a record is what the journal gives back.
 */
export interface JournalRecord {
  /** 1 for the run's first record, then one more for each: no gap, no repeat. */
  sequence: number;
  /** The event's type. */
  type: string;
  [field: string]: unknown;
}

/** Options of `Journal.append`. */
export interface JournalAppendOptions {
  /**
   * Resolve only once the records would survive the process and the machine stopping (an fsync for a file): asked for
   * before a call whose tool is not idempotent starts, so that a crash cannot hide that it started.
   * @default false
   */
  durable?: boolean;
}

/**
 * Where the records of runs are kept, so that a run can be resumed after a crash without doing a side effect twice.
 * Each run's records form one append-only sequence.
 *
 * - `append` adds records at the end of a run's sequence, in the order of the calls to `append` (a caller need not
 *   wait for one append before making the next); it rejects, keeping none of them, a batch whose sequence numbers do
 *   not follow on, or a record JSON cannot hold.
 * - `read` gives a run's records in order, or undefined for a run it has no record of.
 * - After `close`, `append` and `read` reject.
 *
 * weft's implementations: `MemoryJournal` (tests and short-lived programs); the shared contract tests are
 * test/store/journal.case.ts.
 */
export interface Journal {
  append(runId: string, records: readonly JournalRecord[], options?: JournalAppendOptions): Promise<void>;
  read(runId: string): Promise<JournalRecord[] | undefined>;
  /** The runs it has records of, in the order of their first record. */
  runs(): Promise<string[]>;
  close(): Promise<void>;
}
