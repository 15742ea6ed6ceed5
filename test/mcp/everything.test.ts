import { afterEach, describe, expect, it } from "vitest";
import { Executor, type WeftEvent } from "../../src/index.js";
import { everythingBin, Opened, textOf } from "./helpers.js";

const opened = new Opened();
afterEach(() => opened.closeAll());

const everythingServer = { name: "everything", command: everythingBin };

describe("weft/mcp with the real everything server", () => {
  it("calls echo and get-sum, and keeps an image content block", async () => {
    const everything = await opened.tools(everythingServer);
    const executor = new Executor({ tools: everything.tools });
    const result = await executor
      .run({
        calls: [
          { id: "echo", tool: "everything.echo", args: { message: "hello" } },
          { id: "sum", tool: "everything.get-sum", args: { a: 2, b: 3 } },
          { id: "image", tool: "everything.get-tiny-image" },
        ],
      })
      .result();
    const byId = Object.fromEntries(result.calls.map((call) => [call.id, call]));
    expect(result.status).toBe("succeeded");
    expect(textOf(byId.echo?.output)).toContain("hello");
    expect(textOf(byId.sum?.output)).toContain("5");
    const output = byId.image?.output as
      | { content: { type: string; mimeType?: string; data?: string }[] }
      | undefined;
    const blocks = output?.content ?? [];
    const image = blocks.find((block) => block.type === "image");
    expect(image?.mimeType).toBe("image/png");
    expect(image?.data?.length).toBeGreaterThan(0);
  });

  it("reports the server's progress notifications as call-progress events", async () => {
    const everything = await opened.tools(everythingServer);
    const executor = new Executor({ tools: everything.tools });
    const run = executor.run({
      calls: [
        { id: "long", tool: "everything.trigger-long-running-operation", args: { duration: 1, steps: 4 } },
      ],
    });
    const events: WeftEvent[] = [];
    for await (const event of run.events) events.push(event);
    const progress = events.filter((event) => event.type === "call-progress");
    // The server sends its last step's notification right before its result: on a loaded machine the SDK may hand
    // over the result first, and a call that has ended reports no more progress. The earlier steps always arrive.
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.length).toBeLessThanOrEqual(4);
    expect(progress[0]).toMatchObject({ callId: "long", progress: { progress: 1, total: 4 } });
    expect((await run.result()).status).toBe("succeeded");
  });

  it("keeps a long call alive while the server reports progress, past a timeout shorter than the whole call", async () => {
    const everything = await opened.tools(everythingServer, { timeoutMs: 700 });
    const executor = new Executor({ tools: everything.tools });
    const tool = "everything.trigger-long-running-operation";
    const [reported, overridden] = await Promise.all([
      executor.run({ calls: [{ id: "long", tool, args: { duration: 2, steps: 8 } }] }).result(),
      executor
        .run(
          // Other arguments, so that the call is not served by the first one's result (the tool is idempotent).
          { calls: [{ id: "long", tool, args: { duration: 2, steps: 10 } }] },
          { policies: { "everything.trigger-long-running-operation": { resetTimeoutOnProgress: false } } },
        )
        .result(),
    ]);
    // A step every 250 ms keeps restarting the 700 ms timeout; without the restart the 2 s call is cut off.
    expect(reported.calls[0]?.status).toBe("succeeded");
    expect(textOf(reported.calls[0]?.output)).toContain("completed");
    expect(overridden.calls[0]?.error?.code).toBe("TOOL_TIMEOUT");
  });

  it("ends a cancelled long-running call promptly, and the connection keeps working", async () => {
    const everything = await opened.tools(everythingServer);
    const executor = new Executor({ tools: everything.tools });
    const run = executor.run({
      calls: [
        { id: "long", tool: "everything.trigger-long-running-operation", args: { duration: 60, steps: 60 } },
      ],
    });
    const cancelledAt = await new Promise<number>((resolve) => {
      run.subscribe((event) => {
        if (event.type === "call-progress") {
          run.cancel();
          resolve(Date.now());
        }
      });
    });
    const result = await run.result();
    expect(Date.now() - cancelledAt).toBeLessThan(5_000);
    expect(result.calls[0]?.status).toBe("cancelled");
    const echo = await executor
      .run({ calls: [{ id: "e", tool: "everything.echo", args: { message: "still here" } }] })
      .result();
    expect(textOf(echo.calls[0]?.output)).toContain("still here");
  });

  it("namespaces two servers' tools apart", async () => {
    const first = await opened.tools({ name: "one", command: everythingBin });
    const second = await opened.tools({ name: "two", command: everythingBin });
    const executor = new Executor({ tools: [...first.tools, ...second.tools] });
    const result = await executor
      .run({
        calls: [
          { id: "a", tool: "one.echo", args: { message: "a" } },
          { id: "b", tool: "two.echo", args: { message: "b" } },
        ],
      })
      .result();
    expect(result.status).toBe("succeeded");
  });
});
