import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { McpServer } from "../../src/adapters/mcp/index.js";
import { McpToolSet, type McpToolsOptions, mcpTools } from "../../src/adapters/mcp/index.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
export const filesystemBin = join(root, "node_modules/.bin/mcp-server-filesystem");
export const everythingBin = join(root, "node_modules/.bin/mcp-server-everything");
export const fixtureServer = fileURLToPath(new URL("./fixtures/fixture-server.mjs", import.meta.url));

/** Opens tool sets and temporary directories, and closes every one of them in `afterEach`. */
export class Opened {
  readonly #toolSets: McpToolSet[] = [];
  readonly #directories: string[] = [];

  async tools(server: McpServer, options?: McpToolsOptions): Promise<McpToolSet> {
    const toolSet = await mcpTools(server, options);
    this.#toolSets.push(toolSet);
    return toolSet;
  }

  async directory(): Promise<string> {
    const directory = await realpath(await mkdtemp(join(tmpdir(), "weft-mcp-")));
    this.#directories.push(directory);
    return directory;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.#toolSets.splice(0).map((toolSet) => toolSet.close()));
    await Promise.all(
      this.#directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })),
    );
  }
}

export function textOf(output: unknown): string {
  const content = (output as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((block) => block.text ?? "").join("\n");
}

export { McpToolSet };
