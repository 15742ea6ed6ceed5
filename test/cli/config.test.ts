import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repositoryRoot, runWeft, temporaryFolder } from "./helpers.js";

const filesystemServer = join(repositoryRoot, "node_modules", ".bin", "mcp-server-filesystem");

/** A folder with a weft.config.json that starts the filesystem server on its `data` subfolder. */
async function configuredFolder(): Promise<{ folder: string; data: string }> {
  const folder = await temporaryFolder();
  const data = join(folder, "data");
  execFileSync("mkdir", ["-p", data]);
  await writeConfig(folder, { mcpServers: { filesystem: { command: filesystemServer, args: [data] } } });
  return { folder, data };
}

function writeConfig(folder: string, config: unknown, fileName = "weft.config.json"): Promise<void> {
  return writeFile(join(folder, fileName), typeof config === "string" ? config : JSON.stringify(config));
}

/** The command lines of the processes still running that mention `text`. */
function processesMentioning(text: string): string[] {
  const listing = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
  return listing.split("\n").filter((line) => line.includes(text) && !line.startsWith("ps "));
}

const folders: string[] = [];

afterEach(() => {
  // Every server the CLI started must have ended with it.
  for (const folder of folders.splice(0)) expect(processesMentioning(folder)).toEqual([]);
});

describe("weft.config.json mcpServers", () => {
  it("weft tools lists the configured server's tools with their source and policy", async () => {
    const { folder } = await configuredFolder();
    folders.push(folder);
    const outcome = await runWeft(["tools", "--json"], { cwd: folder });
    expect(outcome.stderr).toBe("");
    expect(outcome.code).toBe(0);
    const listings = JSON.parse(outcome.stdout) as { name: string; source: string; locks: unknown }[];
    const read = listings.find((listing) => listing.name === "filesystem.read_text_file");
    expect(read).toMatchObject({
      source: "mcp:filesystem",
      locks: { isPerCall: false, claims: [{ key: "tool-group:filesystem", mode: "read" }] },
    });
    expect(listings.find((listing) => listing.name === "fs.read")?.source).toBe("built-in");

    const table = await runWeft(["tools"], { cwd: folder });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^filesystem\.read_text_file\s+mcp:filesystem\s+/m);
  });

  it("weft run calls the server's tools, in dependency order", async () => {
    const { folder, data } = await configuredFolder();
    folders.push(folder);
    const file = join(data, "note.txt");
    const plan = {
      calls: [
        { id: "write", tool: "filesystem.write_file", args: { path: file, content: "hello from weft" } },
        { id: "read", tool: "filesystem.read_text_file", args: { path: file }, after: ["write"] },
      ],
    };
    await writeFile(join(folder, "plan.json"), JSON.stringify(plan));
    const outcome = await runWeft(["run", "plan.json", "--json", "--no-estimates"], { cwd: folder });
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(await readFile(file, "utf8")).toBe("hello from weft");
    const document = JSON.parse(outcome.stdout) as { calls: { id: string; output: unknown }[] };
    expect(JSON.stringify(document.calls.find((call) => call.id === "read")?.output)).toContain(
      "hello from weft",
    );
  });

  it("--no-config ignores the config: its tools are unknown", async () => {
    const { folder } = await configuredFolder();
    folders.push(folder);
    const outcome = await runWeft(["tools", "--json", "--no-config"], { cwd: folder });
    expect(outcome.code).toBe(0);
    const names = (JSON.parse(outcome.stdout) as { name: string }[]).map((listing) => listing.name);
    expect(names).toContain("fs.read");
    expect(names.some((name) => name.startsWith("filesystem."))).toBe(false);
  });

  it("a field of the wrong type is exit 2 with the file, the server and the field", async () => {
    const folder = await temporaryFolder();
    await writeConfig(folder, { mcpServers: { filesystem: { command: "node", args: "not-an-array" } } });
    const outcome = await runWeft(["tools"], { cwd: folder });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain("weft.config.json:1:");
    expect(outcome.stderr).toContain("mcpServers.filesystem.args must be an array of strings");
  });

  it("an unknown field of a server, in YAML, is exit 2 with its line", async () => {
    const folder = await temporaryFolder();
    await writeConfig(
      folder,
      "mcpServers:\n  filesystem:\n    command: node\n    argv: [x]\n",
      "weft.config.yaml",
    );
    const outcome = await runWeft(["tools"], { cwd: folder });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/weft\.config\.yaml:4:5: mcpServers\.filesystem\.argv is not a field/);
  });

  it("a server entry of the wrong shape is exit 2 naming the server", async () => {
    const folder = await temporaryFolder();
    await writeConfig(folder, { mcpServers: { remote: { url: "http://localhost:1/mcp", command: "node" } } });
    const outcome = await runWeft(["tools"], { cwd: folder });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('mcpServers.remote needs exactly one of "command"');
  });

  it("--config names another file, and a missing one is exit 2", async () => {
    const { folder } = await configuredFolder();
    folders.push(folder);
    const missing = await runWeft(["tools", "--config", "nope.json"], { cwd: folder });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: no such file/);
  });

  it("a server command that does not exist is one clear line and exit 2", async () => {
    const folder = await temporaryFolder();
    await writeConfig(folder, { mcpServers: { ghost: { command: join(folder, "no-such-server") } } });
    await writeFile(
      join(folder, "plan.json"),
      JSON.stringify({ calls: [{ id: "a", tool: "sleep", args: { ms: 1 } }] }),
    );
    const outcome = await runWeft(["run", "plan.json", "--no-estimates"], { cwd: folder });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trim().split("\n")).toHaveLength(1);
    expect(outcome.stderr).toMatch(/^error: MCP server "ghost" failed to start: .*ENOENT/);
  });

  it("a server that exits at start shows its stderr, and the other servers are stopped", async () => {
    const { folder } = await configuredFolder();
    folders.push(folder);
    await writeConfig(folder, {
      mcpServers: {
        filesystem: { command: filesystemServer, args: [folder] },
        broken: {
          command: process.execPath,
          args: ["-e", "console.error('missing API token'); process.exit(3)"],
        },
      },
    });
    const outcome = await runWeft(["tools"], { cwd: folder });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^error: MCP server "broken" failed to start/);
    expect(outcome.stderr).toContain("missing API token");
  });
});
