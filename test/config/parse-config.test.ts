import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config/index.js";

describe("parseConfig", () => {
  it("keeps each server's fields, connections included, in the order written", () => {
    const config = parseConfig(
      JSON.stringify({
        mcpServers: {
          files: { command: "mcp-server-filesystem", args: ["/tmp"], connections: 4 },
          remote: { url: "http://127.0.0.1:9/mcp", headers: { authorization: "Bearer x" } },
        },
      }),
      "weft.config.json",
    );
    expect(config.mcpServers).toEqual([
      { name: "files", command: "mcp-server-filesystem", args: ["/tmp"], connections: 4 },
      { name: "remote", url: "http://127.0.0.1:9/mcp", headers: { authorization: "Bearer x" } },
    ]);
  });

  it("refuses connections that are not an integer ≥ 1, with its line", () => {
    const parse = () =>
      parseConfig("mcpServers:\n  files:\n    command: x\n    connections: 0\n", "weft.config.yaml");
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(
      /weft\.config\.yaml:4:\d+: mcpServers\.files\.connections must be an integer ≥ 1, got/,
    );
  });
});
