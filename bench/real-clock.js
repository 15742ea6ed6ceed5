import { performance } from "node:perf_hooks";

/** The wall clock, with the same shape as VirtualClock: tools sleep on a real `setTimeout`. */
export const realClock = {
  get now() {
    return performance.now();
  },
  sleep(milliseconds) {
    return new Promise((resolve) => setTimeout(resolve, milliseconds));
  },
};
