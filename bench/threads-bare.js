/**
 * The ceiling for bench/threads.js: the same tools on bare worker threads, without weft or piscina, fed a fixed share
 * of the calls each. What this reaches is what the machine gives a process at that moment; weft's thread pool can
 * only come close to it.
 */
import { Worker } from "node:worker_threads";

const workerCode = `
  const { parentPort } = require("node:worker_threads");
  const toolsReady = import(${JSON.stringify(new URL("./threads-tools.js", import.meta.url).href)});
  parentPort.on("message", async ({ id, tool, args }) => {
    const { default: tools } = await toolsReady;
    parentPort.postMessage({ id, output: tools.find((candidate) => candidate.name === tool).execute(args) });
  });
`;

/** Starts `count` bare threads, each with the tools loaded, and returns a way to run calls on them. */
export async function startBareThreads(count) {
  const workers = Array.from({ length: count }, () => new Worker(workerCode, { eval: true }));
  const pending = new Map();
  let nextId = 0;
  for (const worker of workers) {
    worker.on("message", ({ id, output }) => {
      pending.get(id)?.(output);
      pending.delete(id);
    });
  }
  const call = (worker, tool, args) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      worker.postMessage({ id, tool, args });
    });
  // One call each first, so that every thread has started and loaded the tools before anything is timed.
  await Promise.all(workers.map((worker) => call(worker, "sha256", { megabytes: 0, salt: 0 })));
  return {
    count,
    /** Runs the calls, dealt round-robin to the threads up front; resolves with their outputs in order. */
    run: (tool, argsList) =>
      Promise.all(argsList.map((args, index) => call(workers[index % count], tool, args))),
    close: () => Promise.all(workers.map((worker) => worker.terminate())),
  };
}
