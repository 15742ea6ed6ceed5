import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinTools, fsListTool, fsReadTool, shellExecTool } from "../../src/builtin/index.js";
import { describeTool, Executor } from "../../src/index.js";
import { useTemporaryDirectories } from "./helpers.js";

const temporaryDirectory = useTemporaryDirectories();

describe("builtinTools", () => {
  it("returns the six built-in tools, each describable to a model provider", () => {
    const tools = builtinTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      "fs.read",
      "fs.list",
      "fs.write",
      "http.fetch",
      "shell.exec",
      "sleep",
    ]);
    for (const tool of tools) {
      const description = describeTool(tool);
      expect(description.description.length).toBeGreaterThan(20);
      expect(description.inputSchema.type).toBe("object");
    }
    const shellSchema = describeTool(shellExecTool()).inputSchema as {
      properties: { command: { type: string } };
      required: string[];
    };
    expect(shellSchema.properties.command.type).toBe("array");
    expect(shellSchema.required).toContain("command");
  });

  it("marks only the tools that are safe to run twice as idempotent", () => {
    const idempotentByName = Object.fromEntries(
      builtinTools().map((tool) => [tool.name, tool.idempotent === true]),
    );
    expect(idempotentByName).toEqual({
      "fs.read": true,
      "fs.list": true,
      "fs.write": false,
      "http.fetch": false,
      "shell.exec": false,
      sleep: true,
    });
  });

  it("binds the file tools to the given root", async () => {
    const root = await temporaryDirectory();
    await writeFile(join(root, "here.txt"), "in the root");
    const executor = new Executor({ tools: builtinTools({ root }) });
    const result = await executor
      .run({
        calls: [
          { id: "write", tool: "fs.write", args: { path: "written.txt", content: "new" } },
          { id: "read", tool: "fs.read", args: { path: "here.txt" } },
          { id: "list", tool: "fs.list", args: {}, after: ["write"] },
          { id: "escape", tool: "fs.read", args: { path: "../here.txt" } },
        ],
      })
      .result();
    const byId = Object.fromEntries(result.calls.map((call) => [call.id, call]));
    expect(byId.read?.output).toMatchObject({ content: "in the root" });
    expect(byId.list?.output).toMatchObject({
      entries: [
        { path: "here.txt", type: "file" },
        { path: "written.txt", type: "file" },
      ],
    });
    expect(byId.escape?.error?.code).toBe("PATH_OUTSIDE_ROOT");
  });

  it("checks its options up front", () => {
    expect(() => builtinTools(null as never)).toThrow(TypeError);
    expect(() => fsReadTool("")).toThrow(/expected `root` to be a non-empty string/);
    expect(() => fsListTool(42 as never)).toThrow(TypeError);
  });
});
