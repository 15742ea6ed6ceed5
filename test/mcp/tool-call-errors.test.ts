import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { Executor } from "../../src/executor/executor.js";
import { createWeftMcpServer } from "../../src/mcp-server/weft-mcp-server.js";
import { defineTool } from "../../src/tool/define-tool.js";
import { expectRoundedTimes } from "../json-times.js";

const upper = defineTool({
  name: "text.upper",
  input: z.object({ text: z.string() }),
  execute: ({ text }) => text.toUpperCase(),
});

const broken = defineTool({
  name: "demo.fail",
  execute: () => {
    throw new Error("broken on purpose");
  },
});

const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

/** A client connected in memory to the MCP server of an executor with the tools above. */
async function connect(): Promise<Client> {
  const server = createWeftMcpServer(new Executor({ tools: [upper, broken] }), {
    name: "weft",
    version: "0",
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "weft-test", version: "0" });
  clients.push(client);
  await client.connect(clientSide);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");
}

describe("the MCP server's answers to a tool call that fails", () => {
  it("names the tool, not the placeholder call id, when the arguments are bad", async () => {
    const result = await call(await connect(), "text.upper", { text: 3 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^Tool "text\.upper": the arguments do not match its input schema: text: /,
    );
    expect(textOf(result)).not.toContain('"call"');
  });

  it("names the tool when it throws", async () => {
    const result = await call(await connect(), "demo.fail", {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Tool "demo.fail" failed: broken on purpose');
  });

  it("names an unknown tool and suggests the close one", async () => {
    const result = await call(await connect(), "text.uper", {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Unknown tool "text.uper" (did you mean "text.upper"?)');
  });

  it("names the tool when an argument is a $ref to a call that does not exist", async () => {
    const result = await call(await connect(), "text.upper", { text: { $ref: "elsewhere" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Tool "text\.upper" /);
    expect(textOf(result)).toContain('"elsewhere"');
  });
});

describe("run_plan's answer to a plan that cannot run", () => {
  it("is the invalid document of `weft run --json`, with every problem", async () => {
    const result = await call(await connect(), "run_plan", {
      calls: [
        { id: "a", tool: "no.such.tool" },
        { id: "b", tool: "text.upper", args: { text: "x" }, after: ["ghost"] },
      ],
    });
    expect(result.isError).toBe(true);
    const document = JSON.parse(textOf(result)) as unknown;
    expect(document).toEqual({
      status: "invalid",
      problems: [
        expect.objectContaining({ code: "TOOL_NOT_FOUND", callId: "a" }),
        expect.objectContaining({ code: "MISSING_DEPENDENCY", callId: "b" }),
      ],
    });
    expect(result.structuredContent).toEqual(document);
  });

  it("is the invalid document for a plan of the wrong shape", async () => {
    const result = await call(await connect(), "run_plan", { calls: "none" });
    expect(result.isError).toBe(true);
    expect(JSON.parse(textOf(result))).toEqual({
      status: "invalid",
      problems: [{ code: "PLAN_SHAPE", message: expect.stringContaining("calls") }],
    });
  });
});

describe("run_plan's answer to a plan that ran", () => {
  it("rounds every time to 3 decimals, as weft run --json does", async () => {
    const result = await call(await connect(), "run_plan", {
      calls: [
        { id: "a", tool: "text.upper", args: { text: "x" } },
        { id: "b", tool: "text.upper", args: { text: { $ref: "a" } } },
      ],
    });
    expect(result.isError).not.toBe(true);
    const document = JSON.parse(textOf(result)) as { calls: unknown[] };
    expect(document.calls).toHaveLength(2);
    expectRoundedTimes(document);
  });
});
