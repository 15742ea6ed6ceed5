import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectInvalidDocument, fixture, runWeft, temporaryFolder } from "./helpers.js";

const agentTools = fixture("agent-tools.js");
const withKey = { env: { OPENAI_API_KEY: "test-key" } };

/** A folder whose weft.config.json does not check (a server's args is not an array). */
async function badConfigFolder(): Promise<string> {
  const folder = await temporaryFolder();
  await writeFile(
    join(folder, "weft.config.json"),
    JSON.stringify({ mcpServers: { filesystem: { command: "node", args: "not-an-array" } } }),
  );
  return folder;
}

describe("weft agent --json when it cannot start", () => {
  it("prints the invalid document for a missing API key, and exits 2", async () => {
    const outcome = await runWeft(["agent", "Hi", "--model", "gpt", "--tools", agentTools, "--json"], {
      env: { OPENAI_API_KEY: undefined },
    });
    const document = expectInvalidDocument(outcome);
    expect(outcome.stderr).toContain("OPENAI_API_KEY is not set");
    expect(document.problems).toEqual([
      expect.objectContaining({ code: "CLI_USAGE", message: expect.stringContaining("OPENAI_API_KEY") }),
    ]);
  });

  it("prints the invalid document for an empty question or a --base-url that is not a URL", async () => {
    const empty = expectInvalidDocument(
      await runWeft(["agent", " ", "--model", "gpt", "--tools", agentTools, "--json"], withKey),
    );
    expect(empty.problems).toEqual([
      expect.objectContaining({ code: "CLI_USAGE", message: "the question is empty" }),
    ]);
    const badUrl = expectInvalidDocument(
      await runWeft(
        ["agent", "Hi", "--model", "gpt", "--tools", agentTools, "--base-url", "not a url", "--json"],
        withKey,
      ),
    );
    expect(badUrl.problems).toEqual([expect.objectContaining({ code: "CLI_USAGE", option: "--base-url" })]);
  });

  it("prints the invalid document when the agent has no tools", async () => {
    const document = expectInvalidDocument(
      await runWeft(["agent", "Hi", "--model", "gpt", "--no-config", "--json"], withKey),
    );
    expect(document.problems).toEqual([
      expect.objectContaining({
        code: "CLI_USAGE",
        option: "--tools",
        message: expect.stringContaining("no tools"),
      }),
    ]);
  });

  it("prints the invalid document for a tools module that does not load", async () => {
    const document = expectInvalidDocument(
      await runWeft(
        ["agent", "Hi", "--model", "gpt", "--tools", fixture("throws-at-load.js"), "--no-config", "--json"],
        withKey,
      ),
    );
    expect(document.problems).toEqual([
      expect.objectContaining({
        code: "TOOLS_LOAD_FAILED",
        message: expect.stringContaining("the tools module is broken on purpose"),
      }),
    ]);
  });

  it("prints the invalid document for a config that does not check", async () => {
    const folder = await badConfigFolder();
    const outcome = await runWeft(["agent", "Hi", "--model", "gpt", "--tools", agentTools, "--json"], {
      ...withKey,
      cwd: folder,
    });
    const document = expectInvalidDocument(outcome);
    expect(outcome.stderr).toContain("mcpServers.filesystem.args must be an array of strings");
    expect(document.problems).toEqual([expect.objectContaining({ code: "CONFIG_INVALID" })]);
  });

  it("prints nothing on stdout without --json", async () => {
    const outcome = await runWeft(["agent", "Hi", "--model", "gpt", "--no-config"], withKey);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe("");
    expect(outcome.stderr).toContain("the agent has no tools");
  });
});

describe("weft tools --json when it cannot list", () => {
  it("prints the invalid document for a tools module that does not load", async () => {
    const document = expectInvalidDocument(
      await runWeft(["tools", "--tools", fixture("throws-at-load.js"), "--no-config", "--json"]),
    );
    expect(document.problems).toEqual([
      expect.objectContaining({
        code: "TOOLS_LOAD_FAILED",
        message: expect.stringContaining("the tools module is broken on purpose"),
      }),
    ]);
  });

  it("prints the invalid document for a tools module that exports no tools", async () => {
    const document = expectInvalidDocument(
      await runWeft(["tools", "--tools", fixture("no-tools.js"), "--no-config", "--json"]),
    );
    expect(document.problems).toEqual([expect.objectContaining({ code: "TOOLS_LOAD_FAILED" })]);
  });

  it("prints the invalid document for a config that does not check, or a --config that is missing", async () => {
    const folder = await badConfigFolder();
    const invalid = await runWeft(["tools", "--json"], { cwd: folder });
    const document = expectInvalidDocument(invalid);
    expect(invalid.stderr).toContain("mcpServers.filesystem.args must be an array of strings");
    expect(document.problems).toEqual([
      expect.objectContaining({
        code: "CONFIG_INVALID",
        message: expect.stringContaining("mcpServers.filesystem.args"),
      }),
    ]);
    const missing = expectInvalidDocument(
      await runWeft(["tools", "--config", "nope.json", "--json"], { cwd: folder }),
    );
    expect(missing.problems).toEqual([
      expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringContaining("nope.json") }),
    ]);
  });
});
