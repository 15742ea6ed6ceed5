import { distinctNames, pick, problemRandom } from "./agents-names.js";

const cities = ["Lisbon", "Tallinn", "Dunedin", "Porto Alegre", "Galway", "Bergen", "Quebec City", "Hobart"];
const kinds = ["Review", "Gazette", "Quarterly", "Journal", "Monthly"];

/**
 * A HotpotQA-like comparison question: two independent searches, then the answer, which needs both results.
 * "Which magazine was founded first, Silver Harbor Review or Quiet Anvil Review?"
 */
export function hotpotProblem(index) {
  const random = problemRandom("hotpotqa", index);
  const kind = pick(random, kinds);
  const [first, second] = distinctNames(random, 2, kind);
  const firstYear = 1840 + random.integer(80);
  const secondYear = firstYear + 1 + random.integer(80);
  const [early, late] = random.next() < 0.5 ? [firstYear, secondYear] : [secondYear, firstYear];
  const years = new Map([
    [first, early],
    [second, late],
  ]);
  const encyclopedia = new Map(
    [first, second].map((name) => [
      name,
      `${name} is a literary magazine published in ${pick(random, cities)}, founded in ${years.get(name)}.`,
    ]),
  );
  const readYear = (content) => {
    const match = /founded in (\d{4})/.exec(content);
    return match === null ? undefined : Number(match[1]);
  };
  // HotpotQA's answers are short: the name, not a sentence.
  const answer = (firstFounded, secondFounded) => (firstFounded < secondFounded ? first : second);
  return {
    workload: "hotpotqa",
    index,
    question: `Which magazine was founded first, ${first} or ${second}?`,
    encyclopedia,
    steps: [
      {
        key: "first",
        tool: "search",
        needs: [],
        args: () => ({ query: first }),
        planArgs: () => JSON.stringify(first),
        read: readYear,
        thought: () =>
          `Thought: I need to search ${first} and ${second}, find the year each was founded, then see which came first. I will start with ${first}.`,
      },
      {
        key: "second",
        tool: "search",
        needs: [],
        args: () => ({ query: second }),
        planArgs: () => JSON.stringify(second),
        read: readYear,
        thought: (values) =>
          `Thought: ${first} was founded in ${values.get("first")}. Now I need to search ${second}.`,
      },
    ],
    planOrder: ["first", "second"],
    plannerThought: "Thought: The two founding years can be looked up at the same time.",
    joinerThought: (values) =>
      `Thought: ${first} was founded in ${values.get("first")} and ${second} in ${values.get("second")}, so ${answer(values.get("first"), values.get("second"))} came first.`,
    answer: (values) => answer(values.get("first"), values.get("second")),
    expectedAnswer: answer(years.get(first), years.get(second)),
  };
}
