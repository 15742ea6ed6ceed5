import type { Tool as AiSdkTool, ToolExecutionOptions } from "ai";
import type { Tool } from "../../tool/types.js";
import { toWeftInputSchema } from "./input-schema.js";

/**
 * Turns Vercel AI SDK tools into weft tools, named by their keys in the record, so that they run under weft's
 * scheduling, limits and retries. The input schema (zod, another Standard Schema, or `jsonSchema(…)`) is checked by
 * weft. A tool whose `execute` streams preliminary results reports each as a `call-progress` event, and the last one
 * is its output. Throws a TypeError for a tool without `execute` (one the client or the provider answers), which
 * weft cannot run.
 *
 * @example
 * const executor = new Executor({ tools: fromAiSdkTools({ weather: tool({ inputSchema: z.object({ city: z.string() }),
 *   execute: async ({ city }) => getWeather(city) }) }) });
 */
// biome-ignore lint/suspicious/noExplicitAny: a record of AI SDK tools holds tools of many input and output types.
export function fromAiSdkTools(tools: Record<string, AiSdkTool<any, any>>): Tool[] {
  if (typeof tools !== "object" || tools === null || Array.isArray(tools)) {
    throw new TypeError(
      `Expected a record of AI SDK tools by name, got ${tools === null ? "null" : Array.isArray(tools) ? "an array" : typeof tools}`,
    );
  }
  return Object.entries(tools).map(([name, aiTool]) => {
    const execute = aiTool?.execute;
    if (typeof execute !== "function") {
      throw new TypeError(
        `AI SDK tool "${name}" has no execute function, so weft cannot run it: tools answered by the client or executed by the provider stay with the AI SDK`,
      );
    }
    const weftTool: Tool = {
      name,
      inputSchema: toWeftInputSchema(aiTool.inputSchema, name),
      async execute(input, context) {
        const options: ToolExecutionOptions = {
          toolCallId: context.callId,
          messages: [],
          abortSignal: context.signal,
        };
        const output: unknown = execute.call(aiTool, input, options);
        if (!isAsyncIterable(output)) return await output;
        let last: unknown;
        for await (const preliminary of output) {
          context.progress(preliminary);
          last = preliminary;
        }
        return last;
      },
    };
    if (aiTool.description !== undefined) weftTool.description = aiTool.description;
    return weftTool;
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === "function";
}
