import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { McpToolError } from "../../src/adapters/mcp/index.js";
import { Executor, ToolInputError } from "../../src/index.js";
import { resolveTool } from "../../src/tool/resolve-tool.js";
import { filesystemBin, Opened, textOf } from "./helpers.js";

const opened = new Opened();
afterEach(() => opened.closeAll());

describe("weft/mcp with the real filesystem server", () => {
  it("lists the tools under the server's namespace, with their schemas and annotations", async () => {
    const directory = await opened.directory();
    const filesystem = await opened.tools({ name: "filesystem", command: filesystemBin, args: [directory] });
    const names = filesystem.tools.map((tool) => tool.name);
    expect(names).toContain("filesystem.read_text_file");
    expect(names).toContain("filesystem.write_file");
    expect(names.every((name) => name.startsWith("filesystem."))).toBe(true);
    const read = filesystem.tools.find((tool) => tool.name === "filesystem.read_text_file");
    expect(read?.description).toBeTypeOf("string");
    expect(read?.inputSchema).toMatchObject({ type: "object", required: ["path"] });
    expect(read?.inputSchema).not.toHaveProperty("$schema");
    expect(read?.annotations).toMatchObject({ readOnlyHint: true });
    expect(read?.timeoutMs).toBe(60_000);
    const write = filesystem.tools.find((tool) => tool.name === "filesystem.write_file");
    expect(write?.annotations).toMatchObject({ destructiveHint: true, idempotentHint: true });
  });

  it("gives read-only tools a read lock and destructive tools a write lock on the server's group", async () => {
    const directory = await opened.directory();
    const filesystem = await opened.tools({ name: "filesystem", command: filesystemBin, args: [directory] });
    const byName = new Map(filesystem.tools.map((tool) => [tool.name, tool]));
    const read = resolveTool(
      byName.get("filesystem.read_text_file") ?? { name: "missing", execute: () => 0 },
    );
    const write = resolveTool(byName.get("filesystem.write_file") ?? { name: "missing", execute: () => 0 });
    expect(read.policy.resources?.({})).toEqual([{ key: "tool-group:filesystem", mode: "read" }]);
    expect(write.policy.resources?.({})).toEqual([{ key: "tool-group:filesystem", mode: "write" }]);
    expect(write.policy.idempotent).toBe(true);
  });

  it("runs reads, writes and listings in parallel with dependencies", async () => {
    const directory = await opened.directory();
    await writeFile(join(directory, "a.txt"), "alpha");
    await writeFile(join(directory, "b.txt"), "beta");
    const filesystem = await opened.tools({ name: "filesystem", command: filesystemBin, args: [directory] });
    const executor = new Executor({ tools: filesystem.tools });
    const result = await executor
      .run({
        calls: [
          { id: "a", tool: "filesystem.read_text_file", args: { path: join(directory, "a.txt") } },
          { id: "b", tool: "filesystem.read_text_file", args: { path: join(directory, "b.txt") } },
          {
            id: "copy",
            tool: "filesystem.write_file",
            args: { path: join(directory, "copy.txt"), content: { $ref: "a.content[0].text" } },
          },
          { id: "list", tool: "filesystem.list_directory", args: { path: directory }, after: ["copy"] },
          {
            id: "readCopy",
            tool: "filesystem.read_text_file",
            args: { path: join(directory, "copy.txt") },
            after: ["copy"],
          },
        ],
      })
      .result();
    expect(result.calls.map((call) => [call.id, call.status])).toEqual([
      ["a", "succeeded"],
      ["b", "succeeded"],
      ["copy", "succeeded"],
      ["list", "succeeded"],
      ["readCopy", "succeeded"],
    ]);
    const byId = Object.fromEntries(result.calls.map((call) => [call.id, call]));
    expect(textOf(byId.b?.output)).toBe("beta");
    expect(textOf(byId.readCopy?.output)).toBe("alpha");
    expect(textOf(byId.list?.output)).toContain("[FILE] copy.txt");
    expect(await readFile(join(directory, "copy.txt"), "utf8")).toBe("alpha");
  });

  it("runs many reads at once over the one connection", async () => {
    const directory = await opened.directory();
    await writeFile(join(directory, "f.txt"), "same");
    const filesystem = await opened.tools({ name: "filesystem", command: filesystemBin, args: [directory] });
    const executor = new Executor({ tools: filesystem.tools });
    const run = executor.run({
      calls: Array.from({ length: 20 }, (_, index) => ({
        id: `r${index}`,
        tool: "filesystem.read_text_file",
        args: { path: join(directory, "f.txt"), head: index + 1 },
      })),
    });
    let running = 0;
    let maxRunning = 0;
    run.subscribe((event) => {
      if (event.type === "call-start") maxRunning = Math.max(maxRunning, ++running);
      if (event.type === "call-end") running--;
    });
    const result = await run.result();
    expect(result.status).toBe("succeeded");
    expect(maxRunning).toBeGreaterThan(1);
  });

  it("fails a path outside the allowed directory with the server's message", async () => {
    const directory = await opened.directory();
    const filesystem = await opened.tools({ name: "filesystem", command: filesystemBin, args: [directory] });
    const executor = new Executor({ tools: filesystem.tools });
    const result = await executor
      .run({ calls: [{ id: "out", tool: "filesystem.read_text_file", args: { path: "/etc/hostname" } }] })
      .result();
    const error = result.calls[0]?.error;
    expect(result.calls[0]?.status).toBe("failed");
    expect(McpToolError.isInstance(error)).toBe(true);
    expect(error?.code).toBe("MCP_TOOL_ERROR");
    expect(error?.message).toMatch(/outside allowed directories/i);
    expect((error as McpToolError).content[0]).toMatchObject({ type: "text" });
  });

  it("refuses bad arguments with weft's own schema check, before the server sees them", async () => {
    const directory = await opened.directory();
    const filesystem = await opened.tools({ name: "filesystem", command: filesystemBin, args: [directory] });
    const executor = new Executor({ tools: filesystem.tools });
    const result = await executor
      .run({ calls: [{ id: "bad", tool: "filesystem.read_text_file", args: { path: 42 } }] })
      .result();
    expect(ToolInputError.isInstance(result.calls[0]?.error)).toBe(true);
  });
});
