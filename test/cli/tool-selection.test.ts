import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { matchesToolPattern, parseToolPatterns } from "../../src/cli/tool-patterns.js";
import { toolFilter } from "../../src/cli/tool-selection.js";
import { modelServer } from "../agent/helpers.js";
import { fixture, parseJsonOutput, runWeft, temporaryFolder, textTools, writePlan } from "./helpers.js";

describe("tool patterns", () => {
  it("match whole names, * standing for any characters, dots included", () => {
    expect(matchesToolPattern("fs.read", "fs.*")).toBe(true);
    expect(matchesToolPattern("fs.read", "fs.read")).toBe(true);
    expect(matchesToolPattern("fs.read", "*.read")).toBe(true);
    expect(matchesToolPattern("github.repos.list", "github.*")).toBe(true);
    expect(matchesToolPattern("fsXread", "fs.read")).toBe(false);
    expect(matchesToolPattern("fs.read.more", "fs.read")).toBe(false);
    expect(matchesToolPattern("my.fs.read", "fs.*")).toBe(false);
    expect(matchesToolPattern("anything", "*")).toBe(true);
  });

  it("are comma-separated and repeatable, and refuse an empty list", () => {
    expect(parseToolPatterns(" fs.*, sleep ,", undefined)).toEqual(["fs.*", "sleep"]);
    expect(parseToolPatterns("http.fetch", ["fs.*"])).toEqual(["fs.*", "http.fetch"]);
    expect(() => parseToolPatterns(" , ", undefined)).toThrow(/patterns/);
  });

  it("deny wins over allow; over HTTP shell.exec needs its exact name in --allow-tools", () => {
    const filter = toolFilter({ allowTools: ["fs.*", "sleep"], denyTools: ["fs.write"] }, false);
    expect(["fs.read", "fs.write", "sleep", "http.fetch"].filter(filter.allows)).toEqual([
      "fs.read",
      "sleep",
    ]);
    expect(toolFilter({}, false).allows("shell.exec")).toBe(true);
    expect(toolFilter({}, true).allows("shell.exec")).toBe(false);
    expect(toolFilter({}, true).isWithheldOverHttp("shell.exec")).toBe(true);
    expect(toolFilter({ allowTools: ["*"] }, true).allows("shell.exec")).toBe(false);
    expect(toolFilter({ allowTools: ["shell.*"] }, true).allows("shell.exec")).toBe(false);
    expect(toolFilter({ allowTools: ["*", "shell.exec"] }, true).allows("shell.exec")).toBe(true);
    const denied = toolFilter({ allowTools: ["shell.exec"], denyTools: ["shell.*"] }, true);
    expect(denied.allows("shell.exec")).toBe(false);
    // Left out by --deny-tools, not by the HTTP rule: nothing to say about it.
    expect(denied.isWithheldOverHttp("shell.exec")).toBe(false);
  });
});

describe("weft run --allow-tools, --deny-tools, --no-builtin", () => {
  it("treats a call of a tool left out as an unknown tool: exit 2, nothing runs", async () => {
    const folder = await temporaryFolder();
    const touched = join(folder, "touched");
    const plan = await writePlan({
      calls: [
        { id: "touch", tool: "shell.exec", args: { command: ["touch", touched] } },
        { id: "nap", tool: "sleep", args: { ms: 1 } },
      ],
    });
    const base = ["run", plan, "--no-config", "--no-estimates"];
    for (const extra of [["--deny-tools", "shell.*"], ["--allow-tools", "sleep,fs.*"], ["--no-builtin"]]) {
      const outcome = await runWeft([...base, ...extra]);
      expect(outcome.code, `${extra.join(" ")}: ${outcome.stderr}`).toBe(2);
      expect(outcome.stderr).toMatch(/unknown tool "shell\.exec"/);
      expect(existsSync(touched)).toBe(false);
    }
    const allowed = await runWeft([
      ...base,
      "--allow-tools",
      "shell.exec",
      "--allow-tools",
      "sleep",
      "--json",
    ]);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(parseJsonOutput(allowed).status).toBe("succeeded");
    expect(existsSync(touched)).toBe(true);
  });

  it("keeps the --tools modules' tools with --no-builtin", async () => {
    const plan = await writePlan({ calls: [{ id: "shout", tool: "text.upper", args: { text: "hi" } }] });
    const outcome = await runWeft([
      "run",
      plan,
      "--no-config",
      "--no-estimates",
      "--no-builtin",
      "--tools",
      textTools,
      "--json",
    ]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(parseJsonOutput(outcome).calls[0]?.output).toBe("HI");
  });

  it("lists what the options leave in weft tools, and says the options in --help", async () => {
    const listed = await runWeft([
      "tools",
      "--no-config",
      "--allow-tools",
      "fs.*",
      "--deny-tools",
      "fs.write",
      "--json",
    ]);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((tool) => tool.name)).toEqual([
      "fs.read",
      "fs.list",
    ]);
    for (const command of [["run"], ["agent"], ["dashboard"], ["mcp", "serve"]]) {
      const help = await runWeft([...command, "--help"]);
      expect(help.stdout, command.join(" ")).toMatch(/--allow-tools <patterns>/);
      expect(help.stdout, command.join(" ")).toMatch(/--deny-tools <patterns>/);
      expect(help.stdout, command.join(" ")).toMatch(/--no-builtin|--builtin/);
    }
    const serve = await runWeft(["mcp", "serve", "--help"]);
    for (const option of [
      "--host <address>",
      "--token <token>",
      "--allow-origin <origin>",
      "WEFT_TOKEN",
      "Authorization: Bearer",
    ]) {
      expect(serve.stdout).toContain(option);
    }
  });
});

describe("weft agent --allow-tools, --deny-tools", () => {
  it("offers the model only the tools the options leave", async () => {
    const server = await modelServer([{ text: "Nothing to look up." }]);
    const outcome = await runWeft(
      [
        "agent",
        "Hi",
        "--model",
        "scripted",
        "--base-url",
        server.openaiBaseURL,
        "--no-config",
        "--tools",
        fixture("agent-tools.js"),
        "--builtin",
        "--allow-tools",
        "fs.*,search,explode",
        "--deny-tools",
        "explode,fs.write",
        "--json",
      ],
      { env: { OPENAI_API_KEY: "test-key" } },
    );
    expect(outcome.code, outcome.stderr).toBe(0);
    // Offered to the model under provider-safe names (dots become underscores).
    expect(server.requests[0]?.toolNames.sort()).toEqual(["fs_list", "fs_read", "search"]);
  });

  it("says so when the options leave the agent no tools (exit 2)", async () => {
    const outcome = await runWeft(
      [
        "agent",
        "Hi",
        "--model",
        "m",
        "--no-config",
        "--tools",
        fixture("agent-tools.js"),
        "--deny-tools",
        "*",
      ],
      { env: { OPENAI_API_KEY: "test-key" } },
    );
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/the agent has no tools.*--deny-tools/);
  });
});
