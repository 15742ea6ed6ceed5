import type { ModelScript, ReceivedRequest, ScriptedTurn, TurnTiming } from "./types.js";

/** Hands out the script's turns: the next one in order, or the script function's answer to the request. */
export class ScriptPlayer {
  readonly #script: ModelScript;
  #turnsServed = 0;

  constructor(script: ModelScript) {
    if (!Array.isArray(script) && typeof script !== "function") {
      throw new TypeError(
        `startModelServer: option "script" must be an array of turns or a function, got ${describe(script)}`,
      );
    }
    this.#script = script;
    if (Array.isArray(script)) {
      for (const [index, turn] of script.entries()) checkTurn(turn, `script[${index}]`);
    }
  }

  /** The turn that answers `request`. Throws an Error whose message the server sends back as a 500. */
  async next(request: ReceivedRequest): Promise<ScriptedTurn> {
    const number = ++this.#turnsServed;
    if (typeof this.#script === "function") {
      const turn = await this.#script(request);
      checkTurn(turn, `the script function's turn ${number}`);
      return turn;
    }
    const turn = this.#script[number - 1];
    if (turn === undefined) {
      const count = this.#script.length;
      throw new Error(
        `The model server's script ran out after ${count} turn${count === 1 ? "" : "s"}: request ${number} has no scripted turn`,
      );
    }
    return turn;
  }
}

/** Throws a RangeError naming `where` when a timing value is negative or not a number. */
export function checkTiming(timing: TurnTiming | undefined, where: string): void {
  if (timing === undefined) return;
  if (typeof timing !== "object" || timing === null) {
    throw new TypeError(`${where} must be an object, got ${describe(timing)}`);
  }
  const { firstTokenMs, tokensPerSecond } = timing;
  if (firstTokenMs !== undefined && !(typeof firstTokenMs === "number" && firstTokenMs >= 0)) {
    throw new RangeError(
      `${where}.firstTokenMs must be a number ≥ 0, got ${describe(firstTokenMs)} (${typeof firstTokenMs})`,
    );
  }
  if (tokensPerSecond !== undefined && !(typeof tokensPerSecond === "number" && tokensPerSecond > 0)) {
    throw new RangeError(
      `${where}.tokensPerSecond must be a number > 0 (Infinity for no pacing), got ${describe(tokensPerSecond)} (${typeof tokensPerSecond})`,
    );
  }
}

function checkTurn(turn: ScriptedTurn, where: string): void {
  if (typeof turn !== "object" || turn === null) {
    throw new TypeError(`${where} must be a turn object, got ${describe(turn)}`);
  }
  if (turn.text !== undefined && typeof turn.text !== "string") {
    throw new TypeError(`${where}.text must be a string, got ${describe(turn.text)}`);
  }
  if (turn.toolCalls !== undefined) {
    if (!Array.isArray(turn.toolCalls)) {
      throw new TypeError(`${where}.toolCalls must be an array, got ${describe(turn.toolCalls)}`);
    }
    turn.toolCalls.forEach((call, index) => {
      if (typeof call?.name !== "string" || call.name === "") {
        throw new TypeError(`${where}.toolCalls[${index}].name must be a non-empty string`);
      }
    });
  }
  checkTiming(turn.timing, `${where}.timing`);
  if (turn.error !== undefined) {
    const { status, message } = turn.error;
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(
        `${where}.error.status must be an HTTP error status (400–599), got ${describe(status)}`,
      );
    }
    if (typeof message !== "string") {
      throw new TypeError(`${where}.error.message must be a string, got ${describe(message)}`);
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  return String(value);
}
