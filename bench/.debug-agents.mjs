import { openaiModel } from "../dist/adapters/openai/index.js";
import { runAgent } from "../dist/index.js";
import { startModelServer } from "../dist/testing/index.js";
import { modelScript } from "./agents-model.js";
import { mathTool, searchLatencyMs, searchTool } from "./agents-tools.js";
import { workloads } from "./agents-workloads.js";

const [wname, pindex, mode, dispatch] = process.argv.slice(2);
const workload = workloads.find((w) => w.name === wname);
const problem = workload.problem(Number(pindex));
const server = await startModelServer({ script: modelScript([problem]), timing: workload.timing });
const model = openaiModel({ baseURL: server.openaiBaseURL, apiKey: "bench", model: "simulated" });
const tools = workload.tools.map((n) => (n === "search" ? searchTool(problem, 1) : mathTool(server)));
{
  const warm = await startModelServer({ script: modelScript([problem]) });
  const wm = openaiModel({ baseURL: warm.openaiBaseURL, apiKey: "bench", model: "simulated" });
  await runAgent({
    model: wm,
    tools: workload.tools.map((n) => (n === "search" ? searchTool(problem, 0) : mathTool(warm))),
    prompt: problem.question,
    mode,
    maxTurns: 20,
  });
  await warm.close();
}
const t0 = performance.now();
const result = await runAgent({
  model,
  tools,
  prompt: problem.question,
  mode,
  dispatch,
  maxTurns: 20,
  onEvent: (e) => {
    if (
      e.type === "turn-start" ||
      e.type === "turn-end" ||
      e.type === "tool-call" ||
      e.type === "plan-problem"
    )
      console.log(
        e.time.toFixed(0),
        e.type,
        e.role ?? "",
        e.turn,
        e.call?.name ?? "",
        e.call?.arguments ?? "",
        e.message ?? "",
      );
    if (e.type === "run-event" && (e.event.type === "call-start" || e.event.type === "call-end"))
      console.log(e.time.toFixed(0), e.event.type, e.event.callId ?? e.event.id ?? "");
  },
});
console.log(result.status, result.answer, result.makespanMs.toFixed(0));
for (const c of result.calls)
  console.log(
    c.id,
    c.tool,
    c.startMs?.toFixed(0),
    c.endMs?.toFixed(0),
    JSON.stringify(c.args ?? "").slice(0, 80),
  );
for (const r of server.requests)
  console.log("req", (r.receivedAt - t0).toFixed(0), (r.system ?? "agent").slice(0, 30));
await server.close();
