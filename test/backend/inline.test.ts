import { fileURLToPath } from "node:url";
import { loadToolModule } from "../../src/tool/load-tool-module.js";
import { describeBackendCases } from "./backend.cases.js";

const tools = await loadToolModule(
  fileURLToPath(new URL("./fixtures/backend-tools.js", import.meta.url)),
  process.cwd(),
);

describeBackendCases({
  name: "inline",
  tool: (name, extra = {}) => {
    const tool = tools.find((candidate) => candidate.name === name);
    if (tool === undefined) throw new Error(`fixtures/backend-tools.js has no tool "${name}"`);
    return { ...tool, ...extra };
  },
  skips: {
    "timed-out code stops":
      "code on the event loop cannot be stopped from outside; a tool that ignores its signal runs on, counted in abandonedAttempts until it settles",
  },
});
