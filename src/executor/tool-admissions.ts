import type { Admission } from "../scheduler/admission.js";
import { Gate } from "../scheduler/gate.js";
import type { ResolvedTool } from "../tool/resolve-tool.js";

/**
 * The executor-wide admissions of each tool's calls, shared by every run: the tool's concurrency limit, and whatever
 * else its policy asks of the scheduler. Worked out once per tool.
 */
export class ToolAdmissions {
  readonly #byTool = new Map<string, readonly Admission[]>();

  for(tool: ResolvedTool): readonly Admission[] {
    let admissions = this.#byTool.get(tool.name);
    if (admissions === undefined) {
      admissions = this.#build(tool);
      this.#byTool.set(tool.name, admissions);
    }
    return admissions;
  }

  #build(tool: ResolvedTool): readonly Admission[] {
    const admissions: Admission[] = [];
    if (tool.policy.concurrency !== Number.POSITIVE_INFINITY) {
      admissions.push(new Gate(`tool:${tool.name}`, tool.policy.concurrency));
    }
    return admissions;
  }
}
