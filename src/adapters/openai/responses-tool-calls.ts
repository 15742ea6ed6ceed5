import type {
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseOutputItem,
} from "openai/resources/responses/responses";
import type { Executor } from "../../executor/executor.js";
import { ToolCallBatch, type ToolCallBatchOptions } from "../tool-call-batch.js";

/** Items of a Responses API `output` (or of an `input` list being built up): only `function_call` items are run. */
export type ResponseItems = readonly (ResponseOutputItem | ResponseInputItem)[];

/**
 * Runs the `function_call` items of a Responses API output as one weft run, and returns one `function_call_output`
 * item per call, keyed by `call_id`, in the order the model asked for them. Other items are left alone. Failures
 * become outputs the model can read and act on; this never rejects because of what the model wrote.
 *
 * @example
 * const response = await openai.responses.create({ model, input, tools: toResponsesTools(tools) });
 * input.push(...response.output, ...(await runResponsesFunctionCalls(executor, response.output)));
 */
export async function runResponsesFunctionCalls(
  executor: Executor,
  outputItems: ResponseItems | { output: ResponseItems },
  options: ToolCallBatchOptions = {},
): Promise<ResponseInputItem.FunctionCallOutput[]> {
  const items = Array.isArray(outputItems)
    ? (outputItems as ResponseItems)
    : (outputItems as { output: ResponseItems }).output;
  const batch = new ToolCallBatch(executor, options);
  for (const item of items) {
    if (item.type !== "function_call") continue;
    const call = item as ResponseFunctionToolCall;
    batch.add({ id: call.call_id, name: call.name, arguments: call.arguments });
  }
  return (await batch.end()).map((outcome) => ({
    type: "function_call_output",
    call_id: outcome.callId,
    output: outcome.content,
  }));
}
