import { loadToolModule } from "../tool/load-tool-module.js";
import type { Tool } from "../tool/types.js";
import { UsageError } from "./usage-error.js";

/** Tools from one place: the built-ins, a `--tools` module, an MCP server of the config. */
export interface ToolGroup {
  /** Shown by `weft tools` and in errors: `builtin`, the module path, `mcp:<server>`. */
  source: string;
  tools: readonly Tool[];
}

/** One tool and where it came from. */
export interface SourcedTool {
  tool: Tool;
  source: string;
}

/**
 * Puts the groups' tools together in order, refusing two tools with one name (a config server whose tools shadow a
 * built-in or a module's), with an error that names both sources.
 */
export function mergeToolGroups(groups: readonly ToolGroup[]): SourcedTool[] {
  const merged: SourcedTool[] = [];
  const sources = new Map<string, string>();
  for (const group of groups) {
    for (const tool of group.tools) {
      const existing = sources.get(tool.name);
      if (existing !== undefined) {
        throw new UsageError({
          message: `tool "${tool.name}" from ${group.source} is also defined by ${existing}; rename the server or the tool`,
        });
      }
      sources.set(tool.name, group.source);
      merged.push({ tool, source: group.source });
    }
  }
  return merged;
}

/** The built-ins (when any) as a group, then one group per `--tools` module, loaded in order. */
export async function loadToolGroups(
  builtins: readonly Tool[],
  modulePaths: readonly string[],
  cwd: string,
): Promise<ToolGroup[]> {
  const groups: ToolGroup[] = builtins.length === 0 ? [] : [{ source: "built-in", tools: builtins }];
  for (const modulePath of modulePaths) {
    groups.push({ source: modulePath, tools: await loadToolModule(modulePath, cwd) });
  }
  return groups;
}
