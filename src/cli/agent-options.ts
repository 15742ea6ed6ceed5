import { InvalidArgumentError } from "commander";
import type { AgentMode } from "../agent/types.js";
import type { ConfigOption } from "./config-option.js";
import type { ToolSelectionOptions } from "./tool-selection.js";

/** The options of `weft agent`, as the command line gives them. */
export interface AgentCommandOptions extends ConfigOption, ToolSelectionOptions {
  /** `--provider`: whose wire protocol the model speaks. */
  provider: "openai" | "anthropic";
  /** `--model <name>`. */
  model: string;
  /** `--base-url <url>`: an OpenAI-compatible server (vLLM, Ollama, llama.cpp, LM Studio) or a proxy. */
  baseUrl?: string;
  /** `--tools <module>`, repeatable. */
  tools?: string[];
  root?: string;
  mode: AgentMode;
  maxTurns?: number;
  concurrency?: number;
  json?: boolean;
  quiet?: boolean;
  /** `--pools cpu=2,memory_mb=4096`: named capacities for tools that declare `uses`. */
  pools?: Record<string, number>;
}

export const providers = ["openai", "anthropic"] as const;
export const agentModes: readonly AgentMode[] = ["sequential", "parallel", "compiler"];

/** The environment variable that holds each provider's key. */
export const apiKeyVariables = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
} as const;

/** Parses a positive whole number option such as `--max-turns`. */
export function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError(`Expected a positive whole number, got "${value}".`);
  }
  return number;
}
