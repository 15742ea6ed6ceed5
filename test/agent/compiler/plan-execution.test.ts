import { describe, expect, it } from "vitest";
import { PlanParser } from "../../../src/agent/compiler/index.js";
import { describeTool, Executor, type Tool } from "../../../src/index.js";

const executorTools: Tool[] = [
  {
    name: "speed",
    description: "The top speed of an animal, in km/h.",
    inputSchema: {
      type: "object",
      properties: { animal: { type: "string" } },
      required: ["animal"],
      additionalProperties: false,
    },
    execute: async ({ animal }: { animal: string }) => {
      const speeds: Record<string, number> = { falcon: 389, cheetah: 110 };
      const speed = speeds[animal];
      if (speed === undefined) throw new Error(`no speed known for ${animal}`);
      return { animal, speed };
    },
  },
  {
    name: "echo",
    description: "Gives back its input.",
    inputSchema: { type: "object", additionalProperties: true },
    execute: (input: unknown) => input,
  },
];

describe("a parsed plan on a real executor", () => {
  it("runs the calls as they are parsed, resolving $ref and $concat, and ends a failed call's dependents as skipped", async () => {
    const executor = new Executor({ tools: executorTools });
    const run = executor.run([], { isOpen: true });
    const parser = new PlanParser(executorTools.map(describeTool));
    const plan = [
      "Thought: both speeds, then compare.",
      '1. speed("falcon")',
      '2. speed(animal="cheetah")',
      '3. speed("unicorn")',
      `4. echo(whole=$1, text="falcon \${1} vs $2", list=[$2, {"nested": $1}])`,
      '5. echo(text="unicorn: $3")',
      "6. echo(after_skip=$5)",
      "7. join()",
      "<END_OF_PLAN>",
    ].join("\n");
    // Fed in small pieces, each call joins the run the moment its line is complete.
    const addedWhileStreaming: string[] = [];
    for (let start = 0; start < plan.length; start += 5) {
      for (const item of parser.push(plan.slice(start, start + 5))) {
        if (item.kind !== "call") continue;
        run.add(item.call);
        addedWhileStreaming.push(item.call.id);
      }
    }
    for (const item of parser.end()) if (item.kind === "call") run.add(item.call);
    run.end();
    const result = await run.result();

    expect(addedWhileStreaming).toEqual(["1", "2", "3", "4", "5", "6"]);
    const byId = new Map(result.calls.map((call) => [call.id, call]));
    expect(byId.get("4")?.status).toBe("succeeded");
    expect(byId.get("4")?.output).toEqual({
      whole: { animal: "falcon", speed: 389 },
      text: 'falcon {"animal":"falcon","speed":389} vs {"animal":"cheetah","speed":110}',
      list: [{ animal: "cheetah", speed: 110 }, { nested: { animal: "falcon", speed: 389 } }],
    });
    expect(byId.get("3")?.status).toBe("failed");
    expect(byId.get("3")?.error?.message).toContain("no speed known for unicorn");
    expect(byId.get("5")?.status).toBe("skipped");
    expect(byId.get("6")?.status).toBe("skipped");
    expect(result.status).toBe("failed");
  });

  it("finishes the first call while the rest of the plan is still being written", async () => {
    const executor = new Executor({ tools: executorTools });
    const run = executor.run([], { isOpen: true });
    const firstEnded = new Promise<void>((resolve) => {
      run.subscribe((event) => {
        if (event.type === "call-end" && event.callId === "1") resolve();
      });
    });
    const parser = new PlanParser(executorTools.map(describeTool));
    for (const item of parser.push('1. speed("falcon")\n2. echo(v='))
      if (item.kind === "call") run.add(item.call);
    await firstEnded;
    for (const item of [...parser.push("$1)\n3. join()\n"), ...parser.end()]) {
      if (item.kind === "call") run.add(item.call);
    }
    run.end();
    const result = await run.result();
    expect(result.calls[1]?.output).toEqual({ v: { animal: "falcon", speed: 389 } });
  });

  it("keeps problem lines out of the run, and the run still ends", async () => {
    const executor = new Executor({ tools: executorTools });
    const run = executor.run([], { isOpen: true });
    const parser = new PlanParser(executorTools.map(describeTool));
    const items = [
      ...parser.push('1. speed("falcon")\n2. sped("x")\n3. echo(v=$2)\n4. echo(v=$1)\n'),
      ...parser.end(),
    ];
    for (const item of items) if (item.kind === "call") run.add(item.call);
    run.end();
    const result = await run.result();
    expect(result.calls.map((call) => [call.id, call.status])).toEqual([
      ["1", "succeeded"],
      ["4", "succeeded"],
    ]);
    expect(parser.problems.map((problem) => problem.index)).toEqual([2, 3]);
  });
});
