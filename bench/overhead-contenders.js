import { PGraph } from "p-graph";
import { Executor } from "../dist/index.js";
import { dependenciesOf } from "./random-dag.js";

const concurrency = 64;
const noop = () => undefined;

/**
 * The contenders of the overhead benchmark. `prepare` turns the random DAG into the contender's own input format and
 * is not timed (a user holds their plan in that format already); `run` is timed: everything the library does to
 * accept, check, schedule and run the plan, until its promise settles.
 */
export const overheadContenders = {
  weft: {
    description: "weft Executor, concurrency 64: executor.run(calls) then await run.result()",
    prepare(dag) {
      const calls = new Array(dag.size);
      for (let index = 0; index < dag.size; index++) {
        const dependencies = dependenciesOf(dag, index);
        calls[index] =
          dependencies.length === 0
            ? { id: `c${index}`, tool: "noop" }
            : {
                id: `c${index}`,
                tool: "noop",
                after: Array.from(dependencies, (dependency) => `c${dependency}`),
              };
      }
      const executor = new Executor({ tools: [{ name: "noop", execute: noop }], concurrency });
      return { executor, calls };
    },
    async run({ executor, calls }) {
      const result = await executor.run(calls).result();
      if (result.status !== "succeeded") throw new Error(`weft run ended ${result.status}`);
    },
  },
  "p-graph": {
    description: "p-graph 2: new PGraph(nodeMap, dependencies).run({ concurrency: 64 })",
    prepare(dag) {
      const nodeMap = new Map();
      const edges = [];
      for (let index = 0; index < dag.size; index++) {
        nodeMap.set(`c${index}`, { run: noop });
        for (const dependency of dependenciesOf(dag, index)) edges.push([`c${dependency}`, `c${index}`]);
      }
      return { nodeMap, edges };
    },
    async run({ nodeMap, edges }) {
      await new PGraph(nodeMap, edges).run({ concurrency });
    },
  },
  "promise-all": {
    description:
      "floor: promise[i] = Promise.all(promises of its dependencies).then(noop), no concurrency limit",
    prepare(dag) {
      return dag;
    },
    async run({ size, dependencyStart, dependencies }) {
      const promises = new Array(size);
      for (let index = 0; index < size; index++) {
        const first = dependencyStart[index];
        const end = dependencyStart[index + 1];
        if (first === end) {
          promises[index] = Promise.resolve().then(noop);
          continue;
        }
        const waitFor = [];
        for (let position = first; position < end; position++) waitFor.push(promises[dependencies[position]]);
        promises[index] = Promise.all(waitFor).then(noop);
      }
      await Promise.all(promises);
    },
  },
};
