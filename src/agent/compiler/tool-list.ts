import type { ToolDescription } from "../../tool/json-schema.js";
import { type ToolParameter, toolParameters } from "./tool-parameters.js";

/**
 * Lists tools for the planner, each as its call signature (parameters in positional order, optional ones marked `?`)
 * with its description, then one indented line per parameter: type, required or default, description.
 *
 * @example
 * // - search(query, limit?): Searches the web.
 * //     query: string, required. The words to look for.
 * //     limit: integer, default 5.
 */
export function describeToolsForPlanner(tools: readonly ToolDescription[]): string {
  return tools.map(describeTool).join("\n");
}

function describeTool(tool: ToolDescription): string {
  const { parameters, allowsOtherNames } = toolParameters(tool);
  const names = parameters.map((parameter) => (parameter.isRequired ? parameter.name : `${parameter.name}?`));
  if (allowsOtherNames && parameters.length === 0) names.push("key=value…");
  const description = oneLine(tool.description);
  const lines = [`- ${tool.name}(${names.join(", ")})${description === "" ? "" : `: ${description}`}`];
  for (const parameter of parameters) lines.push(`    ${describeParameter(parameter)}`);
  return lines.join("\n");
}

function describeParameter(parameter: ToolParameter): string {
  let text = `${parameter.name}: ${parameter.type}`;
  if (parameter.isRequired) text += ", required";
  else if (parameter.defaultValue !== undefined)
    text += `, default ${JSON.stringify(parameter.defaultValue)}`;
  else text += ", optional";
  const description = oneLine(parameter.description ?? "");
  return description === "" ? text : `${text}. ${description}`;
}

/** A description on one line, so that the list stays one line per item for the model to scan. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
