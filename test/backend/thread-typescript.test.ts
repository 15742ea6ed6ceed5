import { describe, expect, it } from "vitest";
import { defineTool, Executor, ToolThreadError } from "../../src/index.js";

const typedThreadTools = new URL("./fixtures/typed-thread-tools.ts", import.meta.url);
const nodeStripsTypes = Boolean((process.features as { typescript?: unknown }).typescript);

function squareTool() {
  return defineTool({ name: "square", runIn: "thread", module: typedThreadTools });
}

describe("thread tools in a TypeScript file", () => {
  it("run in a worker thread that loads the file", async () => {
    const executor = new Executor({ tools: [squareTool()], threads: { maxThreads: 1 } });
    try {
      const result = await executor.run([{ id: "q", tool: "square", args: { n: 7 } }]).result();
      expect(result.calls[0]?.error).toBeUndefined();
      const output = result.calls[0]?.output as { square: number; threadId: number };
      expect(output.square).toBe(49);
      expect(output.threadId).not.toBe(0);
    } finally {
      await executor.close();
    }
  });

  it.skipIf(nodeStripsTypes)(
    "fail with a load error that says what to install when no loader is found",
    async () => {
      // The seam that stands for tsx being absent; worker threads copy the environment when they start.
      process.env.WEFT_TSX_MODULE = "weft-test-no-such-loader";
      const executor = new Executor({ tools: [squareTool()], threads: { maxThreads: 1 } });
      try {
        const result = await executor.run([{ id: "q", tool: "square", args: { n: 7 } }]).result();
        const error = result.calls[0]?.error;
        expect(result.calls[0]?.status).toBe("failed");
        expect(ToolThreadError.isInstance(error)).toBe(true);
        expect((error as ToolThreadError).reason).toBe("load");
        expect((error as Error).message).toContain("npm install -D tsx");
        expect((error as Error).message).toContain("Node 22.18 or later");
      } finally {
        delete process.env.WEFT_TSX_MODULE;
        await executor.close();
      }
    },
  );
});
