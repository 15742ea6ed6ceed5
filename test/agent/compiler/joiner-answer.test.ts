import { describe, expect, it } from "vitest";
import { parseJoinerAnswer } from "../../../src/agent/compiler/index.js";

describe("parseJoinerAnswer", () => {
  it("reads Finish and Replan with their thought", () => {
    expect(
      parseJoinerAnswer("Thought: Both speeds are known.\nAction: Finish(The falcon is faster.)"),
    ).toEqual({
      kind: "finish",
      answer: "The falcon is faster.",
      thought: "Both speeds are known.",
    });
    expect(
      parseJoinerAnswer("Thought: The search failed.\nAction: Replan(search for the cheetah again)"),
    ).toEqual({
      kind: "replan",
      reason: "search for the cheetah again",
      thought: "The search failed.",
    });
  });

  it("reads an answer spanning several lines, and a thought spanning several lines", () => {
    expect(
      parseJoinerAnswer("Thought: first\nsecond\nAction: Finish(Line one.\nLine two.\n\n- a bullet)"),
    ).toEqual({ kind: "finish", answer: "Line one.\nLine two.\n\n- a bullet", thought: "first\nsecond" });
  });

  it("keeps parentheses inside the answer", () => {
    expect(parseJoinerAnswer("Action: Finish(389 km/h (in a dive), f(x) = (a + b))")).toEqual({
      kind: "finish",
      answer: "389 km/h (in a dive), f(x) = (a + b)",
    });
    expect(parseJoinerAnswer("Action: Finish(Steps: 1) search 2) compare)")).toEqual({
      kind: "finish",
      answer: "Steps: 1) search 2) compare",
    });
  });

  it("reads an answer whose closing parenthesis is missing", () => {
    expect(parseJoinerAnswer("Action: Finish(The falcon is faster")).toEqual({
      kind: "finish",
      answer: "The falcon is faster",
    });
    expect(parseJoinerAnswer("Action: Finish(It is 389 km/h (in a dive)")).toEqual({
      kind: "finish",
      answer: "It is 389 km/h (in a dive)",
    });
  });

  it("drops text after the closing parenthesis", () => {
    expect(parseJoinerAnswer("Action: Finish(389 km/h)\n\nI hope this helps.")).toEqual({
      kind: "finish",
      answer: "389 km/h",
    });
  });

  it("strips surrounding whitespace and quotes", () => {
    expect(parseJoinerAnswer('  \n Thought:  ok \n  Action:   Finish(  "The answer."  )  \n')).toEqual({
      kind: "finish",
      answer: "The answer.",
      thought: "ok",
    });
    expect(parseJoinerAnswer("Action: Finish('single')").kind === "finish").toBe(true);
    expect(parseJoinerAnswer("Action: Finish('single')")).toMatchObject({ answer: "single" });
    expect(parseJoinerAnswer('"just this"')).toEqual({ kind: "finish", answer: "just this" });
  });

  it("ignores case and markdown emphasis on the labels and the action", () => {
    expect(parseJoinerAnswer("thought: hmm\naction: finish(yes)")).toEqual({
      kind: "finish",
      answer: "yes",
      thought: "hmm",
    });
    expect(parseJoinerAnswer("**Thought:** hmm\n**Action:** REPLAN(more data)")).toEqual({
      kind: "replan",
      reason: "more data",
      thought: "hmm",
    });
  });

  it("reads Finish( or Replan( at the start of a line when Action: is missing", () => {
    expect(parseJoinerAnswer("Thought: done\nFinish(42)")).toEqual({
      kind: "finish",
      answer: "42",
      thought: "done",
    });
    expect(parseJoinerAnswer("Replan(need the date)")).toEqual({ kind: "replan", reason: "need the date" });
  });

  it("takes the whole text, less a first Thought: line, as the answer when there is no action at all", () => {
    expect(parseJoinerAnswer("The falcon is faster.\nBy far.")).toEqual({
      kind: "finish",
      answer: "The falcon is faster.\nBy far.",
    });
    expect(parseJoinerAnswer("Thought: I know this.\nThe falcon is faster.")).toEqual({
      kind: "finish",
      answer: "The falcon is faster.",
      thought: "I know this.",
    });
    expect(parseJoinerAnswer("Thought: The falcon is faster.")).toEqual({
      kind: "finish",
      answer: "The falcon is faster.",
    });
  });

  it("reads an action with another verb or no parentheses as the answer", () => {
    expect(parseJoinerAnswer("Action: Finish: 42")).toEqual({ kind: "finish", answer: "42" });
    expect(parseJoinerAnswer("Action: The answer is 42.")).toEqual({
      kind: "finish",
      answer: "The answer is 42.",
    });
  });

  it("gives a Replan without a reason a reason of its own", () => {
    expect(parseJoinerAnswer("Action: Replan()")).toEqual({
      kind: "replan",
      reason: "the joiner asked for a new plan without saying what is missing",
    });
  });

  it("reads an answer inside a markdown fence", () => {
    expect(parseJoinerAnswer("```\nThought: ok\nAction: Finish(yes)\n```")).toEqual({
      kind: "finish",
      answer: "yes",
      thought: "ok",
    });
  });
});
