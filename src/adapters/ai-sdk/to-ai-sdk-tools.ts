import { jsonSchema, type ToolSet, tool } from "ai";
import { ProviderToolNames } from "../../agent/tool-names.js";
import { CancelledError } from "../../errors/cancelled-error.js";
import type { EventListener } from "../../events/types.js";
import type { Executor } from "../../executor/executor.js";
import { describeTool } from "../../tool/json-schema.js";
import type { ToolPolicy } from "../../tool/policy.js";
import type { Tool } from "../../tool/types.js";
import { CallIds } from "../call-ids.js";

/** Options of `toAiSdkTools`. */
export interface AiSdkToolsOptions {
  /**
   * Policy overrides by tool name (`timeoutMs`, `retry`…), applied to each call. Each call is a run of its own, so a
   * `concurrency` here would limit nothing: set it on the tool, where the executor enforces it across every call.
   */
  policies?: Record<string, ToolPolicy>;
  /** Called synchronously for every event of every call's run. */
  onEvent?: EventListener;
}

/**
 * Gives weft tools to the Vercel AI SDK (`generateText`, `streamText`, agents). Every call the model makes goes
 * through `executor`, so its global limit, each tool's `concurrency`, deduplication and caching hold across the calls
 * the AI SDK runs in parallel, and across every agent sharing the executor. Tools not registered yet are registered.
 *
 * A call that fails rejects with its weft error (`ToolTimeoutError`, `ToolExecutionError`…), which is how AI SDK tools
 * report failures: the AI SDK turns it into a `tool-error` part, the model reads the error's message, and the part's
 * `error` is the weft error itself, to match with `ToolTimeoutError.isInstance(part.error)`.
 *
 * @example
 * const executor = new Executor({ tools: [search, fetchPage] });
 * const { text } = await generateText({ model, prompt, tools: toAiSdkTools(executor), stopWhen: stepCountIs(5) });
 */
export function toAiSdkTools(
  executor: Executor,
  tools: readonly Tool[] = executor.tools,
  options: AiSdkToolsOptions = {},
): ToolSet {
  if (!Array.isArray(tools)) {
    throw new TypeError(
      `Expected \`tools\` to be an array of tools, got ${tools === null ? "null" : typeof tools}`,
    );
  }
  for (const weftTool of tools) executor.register(weftTool);
  const policies = options.policies ?? {};
  for (const toolName of Object.keys(policies)) {
    if (!tools.some((weftTool) => weftTool.name === toolName)) {
      throw new TypeError(`\`policies\` names tool "${toolName}", which is not among the tools given`);
    }
  }
  const names = new ProviderToolNames(tools.map((weftTool) => weftTool.name));
  const toolSet: ToolSet = {};
  for (const weftTool of tools) {
    const description = describeTool(weftTool);
    const policy = policies[description.name];
    toolSet[names.toProvider(description.name)] = tool({
      ...(description.description === "" ? {} : { description: description.description }),
      // No `validate` on purpose: weft checks the input against the tool's own schema, so zod defaults apply and a
      // mismatch fails as a ToolInputError like any other weft call.
      inputSchema: jsonSchema<unknown>(description.inputSchema),
      execute: async (input, { toolCallId, abortSignal }) => {
        const run = executor.run(
          [{ id: new CallIds().assign(toolCallId), tool: description.name, args: input }],
          {
            signal: abortSignal,
            ...(policy === undefined ? {} : { policies: { [description.name]: policy } }),
            ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
          },
        );
        const call = (await run.result()).calls[0];
        if (call?.status === "succeeded") return call.output;
        throw call?.error ?? new CancelledError({ callId: toolCallId, reason: "the call never ran" });
      },
    });
  }
  return toolSet;
}
