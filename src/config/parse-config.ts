import { extname } from "node:path";
import type { McpServer } from "../adapters/mcp/server.js";
import { lazyRequire } from "../runtime/lazy-require.js";
import { describeType } from "../tool/schema.js";
import { ConfigError } from "./config-error.js";

/** Loaded by the first config file read, so that a run without one never loads the YAML parser. */
const yaml = lazyRequire<typeof import("yaml")>("yaml");

/** What a `weft.config.*` file holds, checked. */
export interface WeftConfig {
  /** The file it was read from. */
  file: string;
  /** The `mcpServers` section, in the order written, each named by its key. */
  mcpServers: McpServer[];
}

/** Where a field sits in the file, for errors: the line and column of a key path, when the format tells it. */
type Locate = (path: readonly string[]) => { line: number; column: number } | undefined;

const topLevelKeys = new Set(["mcpServers"]);
const stdioKeys = new Set(["command", "args", "env", "cwd", "type", "connections"]);
const httpKeys = new Set(["url", "headers", "type", "connections"]);
const namePattern = /^[A-Za-z0-9_-]+$/;

/**
 * Parses a config file's text: JSON for `.json`, YAML otherwise. The `mcpServers` section has the shape desktop agent
 * apps use: `{ "name": { "command", "args", "env" } }` for a stdio server, `{ "name": { "url", "headers" } }` for
 * Streamable HTTP. Throws ConfigError naming the file, the server and the field.
 *
 * @example
 * parseConfig('{ "mcpServers": { "fs": { "command": "mcp-server-filesystem", "args": ["/tmp"] } } }', "weft.config.json")
 */
export function parseConfig(text: string, file: string): WeftConfig {
  if (text.trim() === "")
    throw new ConfigError({ file, detail: 'the file is empty; a config is { "mcpServers": {...} }' });
  const isJson = extname(file).toLowerCase() === ".json";
  const { isMap, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  // YAML is a superset of JSON, so one parser gives positions for both; JSON.parse keeps JSON's own strictness.
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  let value: unknown;
  if (isJson) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ConfigError({ file, detail: `not valid JSON: ${(error as Error).message}`, cause: error });
    }
  } else {
    const error = document.errors[0];
    if (error !== undefined) {
      const position = lineCounter.linePos(error.pos[0]);
      throw new ConfigError({
        file,
        line: position.line,
        column: position.col,
        detail: `not valid YAML: ${error.message.split("\n")[0]}`,
        cause: error,
      });
    }
    value = document.toJS({ maxAliasCount: 100 });
  }
  const locate: Locate = (path) => {
    if (document.errors.length > 0) return undefined;
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const parent = path.length > 1 ? document.getIn(path.slice(0, -1), true) : document.contents;
    // A key's own position reads better than its value's; fall back to the value.
    let offset: number | undefined;
    if (isMap(parent)) {
      const pair = parent.items.find(
        (item) => String((item.key as { value?: unknown })?.value) === path.at(-1),
      );
      offset = (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
    }
    offset ??= node?.range?.[0];
    if (offset === undefined) return undefined;
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  return { file, mcpServers: checkConfig(value, file, locate) };
}

function checkConfig(value: unknown, file: string, locate: Locate): McpServer[] {
  const fail = (path: readonly string[], detail: string): never => {
    const position = locate(path);
    throw new ConfigError({
      file,
      detail,
      ...(path.length === 0 ? {} : { field: path.join(".") }),
      ...(position === undefined ? {} : position),
    });
  };
  if (!isRecord(value))
    return fail([], `expected an object with an "mcpServers" section, got ${describeType(value)}`);
  for (const key of Object.keys(value)) {
    if (!topLevelKeys.has(key))
      fail([key], `unknown field "${key}" (known: ${[...topLevelKeys].join(", ")})`);
  }
  const section = value.mcpServers;
  if (section === undefined || section === null) return [];
  if (!isRecord(section)) {
    return fail(
      ["mcpServers"],
      `"mcpServers" must be an object of servers by name, got ${describeType(section)}`,
    );
  }
  return Object.entries(section).map(([name, server]) => checkServerEntry(name, server, fail));
}

function checkServerEntry(
  name: string,
  server: unknown,
  fail: (path: readonly string[], detail: string) => never,
): McpServer {
  const at = ["mcpServers", name];
  const label = `mcpServers.${name}`;
  if (!namePattern.test(name)) {
    fail(
      at,
      `server name "${name}" may hold only letters, digits, "_" and "-" (it prefixes its tool names, as "${name}.<tool>")`,
    );
  }
  if (!isRecord(server)) {
    return fail(
      at,
      `${label} must be an object with "command" (stdio) or "url" (HTTP), got ${describeType(server)}`,
    );
  }
  const hasCommand = server.command !== undefined;
  const hasUrl = server.url !== undefined;
  if (hasCommand === hasUrl) {
    fail(at, `${label} needs exactly one of "command" (a stdio server) or "url" (a Streamable HTTP server)`);
  }
  const known = hasCommand ? stdioKeys : httpKeys;
  for (const key of Object.keys(server)) {
    if (!known.has(key)) {
      fail(
        [...at, key],
        `${label}.${key} is not a field of a ${hasCommand ? "stdio" : "HTTP"} server (known: ${[...known].join(", ")})`,
      );
    }
  }
  const field = (key: string, expected: string, isValid: (value: unknown) => boolean): void => {
    const value = server[key];
    if (value === undefined || isValid(value)) return;
    const items: unknown[] = Array.isArray(value) ? value : [];
    const badItem = items.findIndex((item) => typeof item !== "string");
    const got =
      badItem >= 0 ? `item ${badItem} is ${describeType(items[badItem])}` : `got ${describeType(value)}`;
    fail([...at, key], `${label}.${key} must be ${expected}, ${got}`);
  };
  const isString = (value: unknown): boolean => typeof value === "string";
  const isStringRecord = (value: unknown): boolean => isRecord(value) && Object.values(value).every(isString);
  field("connections", "an integer ≥ 1", (value) => Number.isInteger(value) && (value as number) >= 1);
  const common = server.connections === undefined ? {} : { connections: server.connections as number };
  if (hasCommand) {
    field("type", '"stdio"', (value) => value === "stdio");
    field("command", "a non-empty string", (value) => typeof value === "string" && value.trim() !== "");
    field("args", "an array of strings", (value) => Array.isArray(value) && value.every(isString));
    field("env", "an object of string values", isStringRecord);
    field("cwd", "a string", isString);
    const stdio: McpServer = { name, command: server.command as string, ...common };
    if (server.args !== undefined) stdio.args = server.args as string[];
    if (server.env !== undefined) stdio.env = server.env as Record<string, string>;
    if (server.cwd !== undefined) stdio.cwd = server.cwd as string;
    return stdio;
  }
  field("type", '"http" or "streamable-http"', (value) => value === "http" || value === "streamable-http");
  field(
    "url",
    "an http:// or https:// URL",
    (value) => typeof value === "string" && /^https?:\/\//.test(value) && URL.canParse(value),
  );
  field("headers", "an object of string values", isStringRecord);
  const http: McpServer = { name, url: server.url as string, ...common };
  if (server.headers !== undefined) http.headers = server.headers as Record<string, string>;
  return http;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
