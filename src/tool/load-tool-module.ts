import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describeThrown } from "../errors/describe-thrown.js";
import { ToolLoadError } from "../errors/tool-load-error.js";
import { isTool, resolveTool } from "./resolve-tool.js";
import type { Tool } from "./types.js";
import { prepareTypeScriptImport } from "./typescript-loader.js";

// Loading a tools module is shared by the CLI (`--tools`, through tool-sources.ts) and by the thread backend's worker
// (which loads a tool's module in each thread), so it lives with the tools rather than in cli/: a backend must not
// depend on the CLI.

/**
 * Loads the tools of a tools module (`weft --tools <module>`): its default export (an array of tools, an object of tools, or one tool) and
 * its named exports that are tools or arrays of tools. A plain object `{ name, execute }` is a tool, so a module
 * needs no import from weft. A TypeScript module (`.ts`, `.mts`, `.cts`) loads through Node's type stripping where
 * Node has it, else through tsx. Throws ToolLoadError when the module cannot be loaded, exports no tools, exports a
 * malformed tool, or exports two different tools under one name.
 *
 * @param modulePath - as the user gave it (on the command line, say); a relative path is taken from `cwd`.
 */
export async function loadToolModule(modulePath: string, cwd: string): Promise<Tool[]> {
  const absolutePath = resolve(cwd, modulePath);
  if (!existsSync(absolutePath)) throw new ToolLoadError({ modulePath, detail: "no such file" });
  try {
    await prepareTypeScriptImport(absolutePath);
  } catch (error) {
    throw new ToolLoadError({ modulePath, detail: describeThrown(error), cause: error });
  }
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(absolutePath).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ToolLoadError({
      modulePath,
      detail: `loading it threw: ${describeThrown(error)}`,
      cause: error,
    });
  }
  const tools = toolsFromExports(unwrapCommonJs(namespace), modulePath);
  if (tools.length === 0) {
    throw new ToolLoadError({
      modulePath,
      detail:
        "it exports no tools (export default an array or object of tools, or export tools by name; a tool is { name, execute(args, context) })",
    });
  }
  return tools;
}

/**
 * A module compiled to CommonJS from ES syntax (a .ts file in a package without "type": "module", loaded through
 * tsx) arrives as `{ default: module.exports }`, its own exports one level down, marked `__esModule`.
 */
export function unwrapCommonJs(namespace: Record<string, unknown>): Record<string, unknown> {
  const moduleExports = namespace.default as { __esModule?: unknown } | null | undefined;
  return typeof moduleExports === "object" && moduleExports !== null && moduleExports.__esModule === true
    ? (moduleExports as Record<string, unknown>)
    : namespace;
}

/** Picks the tools out of a module namespace, checking each one, without duplicates. */
export function toolsFromExports(namespace: Record<string, unknown>, modulePath: string): Tool[] {
  const found = new Map<string, Tool>();
  const add = (value: unknown, where: string): void => {
    let tool: Tool;
    try {
      tool = resolveTool(value).tool;
    } catch (error) {
      throw new ToolLoadError({ modulePath, detail: `${where}: ${describeThrown(error)}`, cause: error });
    }
    const existing = found.get(tool.name);
    if (existing !== undefined && existing !== tool) {
      throw new ToolLoadError({
        modulePath,
        detail: `${where}: a different tool named "${tool.name}" is exported too`,
      });
    }
    found.set(tool.name, tool);
  };
  const defaultExport = namespace.default;
  if (Array.isArray(defaultExport)) {
    defaultExport.forEach((item, index) => {
      add(item, `default export, item ${index}`);
    });
  } else if (isTool(defaultExport)) {
    add(defaultExport, "default export");
  } else if (typeof defaultExport === "object" && defaultExport !== null) {
    for (const [key, value] of Object.entries(defaultExport)) {
      if (isTool(value)) add(value, `default export, "${key}"`);
    }
  }
  for (const [name, value] of Object.entries(namespace)) {
    if (name === "default") continue;
    if (isTool(value)) add(value, `export "${name}"`);
    else if (Array.isArray(value) && value.length > 0 && value.every(isTool)) {
      value.forEach((item, index) => {
        add(item, `export "${name}", item ${index}`);
      });
    }
  }
  return [...found.values()];
}
