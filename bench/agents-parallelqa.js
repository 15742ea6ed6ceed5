import { distinctNames, pick, problemRandom } from "./agents-names.js";
import { formatResult } from "./agents-tools.js";

const cities = ["Lisbon", "Tallinn", "Dunedin", "Porto Alegre", "Galway", "Bergen", "Quebec City", "Hobart"];
export const feetPerMetre = 3.28084;

/**
 * A ParallelQA-like question: 2 to 5 branches of search → math (the height of a tower, then that height in feet),
 * then one math step over every branch (their sum). Problem `index` has 2 + index % 4 branches.
 */
export function parallelQaProblem(index) {
  const random = problemRandom("parallelqa", index);
  const branchCount = 2 + (index % 4);
  const towers = distinctNames(random, branchCount, "Tower");
  const heights = towers.map(() => 120 + random.integer(400));
  const encyclopedia = new Map(
    towers.map((tower, branch) => [
      tower,
      `${tower} is an observation tower in ${pick(random, cities)}; completed in ${1900 + random.integer(120)}, it stands ${heights[branch]} m tall.`,
    ]),
  );
  const searchKey = (branch) => `height${branch + 1}`;
  const feetKey = (branch) => `feet${branch + 1}`;
  const readHeight = (content) => {
    const match = /stands (\d+(?:\.\d+)?) m tall/.exec(content);
    return match === null ? undefined : Number(match[1]);
  };
  const readNumber = (content) => (/^-?\d+(?:\.\d+)?$/.test(content.trim()) ? content.trim() : undefined);
  const listed = (items) => `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
  const steps = [];
  towers.forEach((tower, branch) => {
    steps.push({
      key: searchKey(branch),
      tool: "search",
      needs: [],
      args: () => ({ query: tower }),
      planArgs: () => JSON.stringify(tower),
      read: readHeight,
      thought: (values) =>
        branch === 0
          ? `Thought: I need the height of each tower in feet, then their sum. First, the height of ${tower}.`
          : `Thought: ${towers[branch - 1]} is ${values.get(feetKey(branch - 1))} feet tall. Next, the height of ${tower}.`,
    });
    steps.push({
      key: feetKey(branch),
      tool: "math",
      needs: [searchKey(branch)],
      args: (values) => ({
        problem: `Convert ${values.get(searchKey(branch))} m, the height of ${tower}, to feet`,
      }),
      planArgs: (ref) =>
        JSON.stringify(`Convert the height of ${tower} in ${ref(searchKey(branch))} to feet`),
      read: readNumber,
      thought: (values) =>
        `Thought: ${tower} is ${values.get(searchKey(branch))} m tall; I will convert that to feet.`,
    });
  });
  const feetKeys = towers.map((_, branch) => feetKey(branch));
  steps.push({
    key: "total",
    tool: "math",
    needs: feetKeys,
    args: (values) => ({ problem: `Add ${listed(feetKeys.map((key) => values.get(key)))}` }),
    planArgs: (ref) => JSON.stringify(`Add ${listed(feetKeys.map(ref))}`),
    read: readNumber,
    thought: () => `Thought: I have all ${branchCount} heights in feet; now I add them up.`,
  });
  const feet = heights.map((height) => formatResult(height * feetPerMetre));
  const total = formatResult(feet.reduce((sum, value) => sum + Number(value), 0));
  return {
    workload: "parallelqa",
    index,
    question: `What is the combined height, in feet, of ${listed(towers)}?`,
    encyclopedia,
    steps,
    // Independent calls first, as the planner's prompt asks.
    planOrder: [...towers.map((_, branch) => searchKey(branch)), ...feetKeys, "total"],
    plannerThought: `Thought: The ${branchCount} heights can be looked up at once, each converted to feet as soon as it is known, then added.`,
    joinerThought: (values) =>
      `Thought: The ${branchCount} heights in feet add up to ${values.get("total")}.`,
    answer: (values) => `${values.get("total")} feet`,
    expectedAnswer: `${total} feet`,
  };
}
