import { describe, expect, it } from "vitest";
import { defineTool, Executor, type Tool } from "../../src/index.js";

const threadTools = new URL("./fixtures/thread-tools.js", import.meta.url);

function threadTool(name: string, extra: Partial<Tool> = {}): Tool {
  return { ...defineTool({ name, runIn: "thread", module: threadTools }), ...extra };
}

const mebibyte = 1024 * 1024;

describe("buffers between threads", () => {
  it("moves an input's buffers to the thread with transferInput: the sender's buffer is left detached", async () => {
    const executor = new Executor({
      tools: [threadTool("byte-length", { transferInput: true })],
      threads: { maxThreads: 1 },
    });
    try {
      const data = new Uint8Array(4 * mebibyte).fill(5);
      const result = await executor.run([{ id: "a", tool: "byte-length", args: { data } }]).result();
      expect(result.calls[0]?.output).toEqual({ byteLength: 4 * mebibyte, first: 5 });
      // Moved, not copied: this side's memory went to the thread.
      expect(data.byteLength).toBe(0);
      expect(data.buffer.byteLength).toBe(0);
    } finally {
      await executor.close();
    }
  });

  it("copies an input by default, leaving the sender's buffer whole", async () => {
    const executor = new Executor({ tools: [threadTool("byte-length")], threads: { maxThreads: 1 } });
    try {
      const data = new Uint8Array(4 * mebibyte).fill(5);
      const result = await executor.run([{ id: "a", tool: "byte-length", args: { data } }]).result();
      expect(result.calls[0]?.output).toEqual({ byteLength: 4 * mebibyte, first: 5 });
      expect(data.byteLength).toBe(4 * mebibyte);
    } finally {
      await executor.close();
    }
  });

  it("moves an output back from the thread: the thread's own buffer is left detached", async () => {
    const executor = new Executor({
      tools: [threadTool("make-buffer-kept"), threadTool("last-returned-length")],
      threads: { maxThreads: 1 },
    });
    try {
      const result = await executor
        .run([
          { id: "make", tool: "make-buffer-kept", args: { bytes: 8 * mebibyte } },
          { id: "check", tool: "last-returned-length", after: ["make"] },
        ])
        .result();
      const output = result.calls[0]?.output as Uint8Array;
      expect(output).toBeInstanceOf(Uint8Array);
      expect(output.byteLength).toBe(8 * mebibyte);
      expect(output[8 * mebibyte - 1]).toBe(9);
      // The one thread kept a reference to what it returned: a copy would have left it whole.
      expect(result.calls[1]?.output).toBe(0);
    } finally {
      await executor.close();
    }
  });

  it("refuses a binary output over maxOutputBytes, measured in bytes", async () => {
    const executor = new Executor({
      tools: [threadTool("make-buffer-kept")],
      threads: { maxThreads: 1 },
      maxOutputBytes: mebibyte,
    });
    try {
      const result = await executor
        .run([{ id: "make", tool: "make-buffer-kept", args: { bytes: 2 * mebibyte } }])
        .result();
      expect(result.calls[0]?.error?.code).toBe("TOOL_OUTPUT_INVALID");
      expect(result.calls[0]?.error?.message).toContain(`it is ${2 * mebibyte} bytes`);
    } finally {
      await executor.close();
    }
  });
});
