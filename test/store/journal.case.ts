import { describe, expect, it } from "vitest";
import { JournalError } from "../../src/errors/journal-error.js";
import type { Journal, JournalRecord } from "../../src/store/journal.js";

/** Records 1…count of a run, each with a field of its own. */
function records(count: number, first = 1): JournalRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    sequence: first + index,
    type: "call-start",
    callId: `call-${first + index}`,
  }));
}

async function refusal(promise: Promise<unknown>): Promise<JournalError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(JournalError.isInstance(error)).toBe(true);
  return error as JournalError;
}

/**
 * What every Journal must do, whatever keeps its records: run by the test file of each implementation (the in-memory
 * one today; the file and Redis ones of durable runs later).
 */
export function describeJournal(name: string, create: () => Journal | Promise<Journal>): void {
  describe(`${name} (the Journal contract)`, () => {
    it("knows no run before its first record", async () => {
      const journal = await create();
      expect(await journal.read("run-1")).toBeUndefined();
      expect(await journal.runs()).toEqual([]);
    });

    it("gives a run's records back in order, across appends, each run apart", async () => {
      const journal = await create();
      await journal.append("run-a", records(2));
      await journal.append("run-b", records(1));
      await journal.append("run-a", records(3, 3), { durable: true });
      expect(await journal.read("run-a")).toEqual(records(5));
      expect(await journal.read("run-b")).toEqual(records(1));
      expect(await journal.runs()).toEqual(["run-a", "run-b"]);
    });

    it("keeps appends made without waiting in the order they were made", async () => {
      const journal = await create();
      await Promise.all([1, 2, 3, 4].map((sequence) => journal.append("run-a", records(1, sequence))));
      expect((await journal.read("run-a"))?.map((record) => record.sequence)).toEqual([1, 2, 3, 4]);
    });

    it("gives back copies as JSON holds them, not the objects appended", async () => {
      const journal = await create();
      const record: JournalRecord = {
        sequence: 1,
        type: "call-end",
        output: { list: [1, 2] },
        dropped: undefined,
      };
      await journal.append("run-a", [record]);
      (record.output as { list: number[] }).list.push(3);
      expect(await journal.read("run-a")).toEqual([
        { sequence: 1, type: "call-end", output: { list: [1, 2] } },
      ]);
    });

    it("refuses a batch whose sequence does not follow on, keeping none of it", async () => {
      const journal = await create();
      await journal.append("run-a", records(2));
      const gap = await refusal(journal.append("run-a", [...records(1, 3), ...records(1, 5)]));
      expect(gap.problem).toBe("sequence");
      expect(gap.runId).toBe("run-a");
      expect(gap.message).toContain("expected 4");
      const repeat = await refusal(journal.append("run-a", records(1, 2)));
      expect(repeat.problem).toBe("sequence");
      expect(await journal.read("run-a")).toEqual(records(2));
      // The run goes on from where it was.
      await journal.append("run-a", records(1, 3));
      expect(await journal.read("run-a")).toEqual(records(3));
    });

    it("refuses a record JSON cannot hold, or one without a type, keeping none of its batch", async () => {
      const journal = await create();
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      const cases: JournalRecord[][] = [
        [...records(1), { sequence: 2, type: "call-end", output: 10n }],
        [{ sequence: 1, type: "call-end", output: circular }],
        [{ sequence: 1, type: "" }],
      ];
      for (const batch of cases) {
        const error = await refusal(journal.append("run-a", batch));
        expect(error.problem).toBe("record");
      }
      expect(await journal.read("run-a")).toBeUndefined();
    });

    it("refuses a run id that is not a non-empty string", async () => {
      const journal = await create();
      for (const runId of ["", 7, undefined]) {
        const error = await refusal(journal.append(runId as string, records(1)));
        expect(error.problem).toBe("run-id");
      }
      expect(await journal.runs()).toEqual([]);
    });

    it("refuses to append or read once closed", async () => {
      const journal = await create();
      await journal.append("run-a", records(1));
      await journal.close();
      expect((await refusal(journal.append("run-a", records(1, 2)))).problem).toBe("closed");
      expect((await refusal(journal.read("run-a"))).problem).toBe("closed");
    });
  });
}
