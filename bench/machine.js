import os from "node:os";

/** A one-line description of the machine and runtime, for the record of a benchmark. */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGb: os.totalmem() / 1e9,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg()[0],
  };
}

export function formatMachine(machine) {
  return `${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb.toFixed(0)} GB memory, ${machine.platform}, Node ${machine.node}; load average ${machine.loadAverage.toFixed(2)} over the last minute`;
}
