import { LineSyntaxError } from "./line-syntax-error.js";
import { splitTextRefs } from "./text-with-refs.js";

/** One argument of a call, positional when it has no name. */
export interface ReadArgument {
  name?: string;
  value: unknown;
}

/** The arguments of one call as written, before they are matched to the tool's parameters. */
export interface ReadArguments {
  arguments: ReadArgument[];
  /** The call numbers its refs name, in the order they appear. */
  refIndices: number[];
  /** The text between the parentheses. */
  text: string;
  /** False when the line ended before the closing parenthesis, which is then taken as written. */
  isClosed: boolean;
}

const numberPattern = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
const wordPattern = /[A-Za-z_][\w]*/y;
const namedPattern = /([A-Za-z_][\w]*)\s*=(?!=)/y;
const wholeRefPattern = /\$(?:(\d+)|\{(\d+)\})/y;
const words: Record<string, unknown> = {
  true: true,
  false: false,
  null: null,
  True: true,
  False: false,
  None: null,
};
const escapes: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
  "\\": "\\",
  '"': '"',
  "'": "'",
  "/": "/",
  "\n": "",
};

/**
 * Reads a call's arguments, written as JSON or as Python literals: strings in either quotes, numbers,
 * True/False/None or true/false/null, lists, dicts, and refs (`$3`, `${3}`). A ref that is a whole value becomes
 * `{ $ref }`, keeping the output's type; refs inside a quoted string make it a `{ $concat }`.
 */
export class ArgumentReader {
  readonly #text: string;
  readonly #idPrefix: string;
  readonly #refIndices: number[] = [];
  #position: number;

  /** `start` is the offset just after the call's opening parenthesis. */
  constructor(text: string, start: number, idPrefix: string) {
    this.#text = text;
    this.#position = start;
    this.#idPrefix = idPrefix;
  }

  /** Reads up to the closing parenthesis, or to the end of the line when it is missing. */
  read(): ReadArguments {
    const start = this.#position;
    const result: ReadArgument[] = [];
    for (;;) {
      this.#skipSpace();
      if (this.#isAtEnd()) return this.#finish(start, result, false);
      if (this.#peek() === ")") return this.#finish(start, result, true);
      namedPattern.lastIndex = this.#position;
      const named = namedPattern.exec(this.#text);
      if (named !== null) this.#position = namedPattern.lastIndex;
      const value = this.#readValue();
      result.push(named?.[1] === undefined ? { value } : { name: named[1], value });
      this.#skipSpace();
      if (this.#isAtEnd()) return this.#finish(start, result, false);
      if (this.#peek() === ")") return this.#finish(start, result, true);
      if (this.#peek() !== ",") this.#fail(`expected "," or ")" after argument ${result.length}`);
      this.#position++;
    }
  }

  #finish(start: number, result: ReadArgument[], isClosed: boolean): ReadArguments {
    const text = this.#text.slice(start, this.#position).trim();
    if (isClosed) this.#position++;
    return { arguments: result, refIndices: this.#refIndices, text, isClosed };
  }

  #readValue(): unknown {
    this.#skipSpace();
    const character = this.#peek();
    if (character === undefined) this.#fail("the line ended where a value was expected");
    if (character === '"' || character === "'") return this.#textValue(this.#readQuoted(character));
    if (character === "[") return this.#readSequence("]");
    if (character === "(") return this.#readSequence(")");
    if (character === "{") return this.#readDict();
    if (character === "$") return this.#readWholeRef();
    numberPattern.lastIndex = this.#position;
    const number = numberPattern.exec(this.#text);
    if (number !== null) {
      this.#position = numberPattern.lastIndex;
      return Number(number[0]);
    }
    wordPattern.lastIndex = this.#position;
    const word = wordPattern.exec(this.#text)?.[0];
    if (word !== undefined && Object.hasOwn(words, word)) {
      this.#position += word.length;
      return words[word];
    }
    if (word !== undefined && /^\s*\(/.test(this.#text.slice(this.#position + word.length))) {
      this.#fail(
        `"${word}(" is a call inside a call: write it on its own numbered line and pass its result as $N`,
      );
    }
    this.#fail(`unexpected ${this.#describeHere()}: write text in quotes, like "text"`);
  }

  #readQuoted(quote: string): string {
    const start = this.#position;
    let value = "";
    this.#position++;
    for (;;) {
      const character = this.#peek();
      if (character === undefined) {
        this.#position = start;
        this.#fail(`the string that starts at column ${start + 1} is not closed with ${quote}`);
      }
      this.#position++;
      if (character === quote) return value;
      if (character !== "\\") {
        value += character;
        continue;
      }
      value += this.#readEscape();
    }
  }

  #readEscape(): string {
    const character = this.#peek() ?? "";
    this.#position++;
    if (Object.hasOwn(escapes, character)) return escapes[character] as string;
    const hexLength = character === "u" ? 4 : character === "x" ? 2 : 0;
    const hex = this.#text.slice(this.#position, this.#position + hexLength);
    if (hexLength > 0 && new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) {
      this.#position += hexLength;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    // Python keeps an unknown escape as written, which is also the kindest reading of a model's typo.
    return `\\${character}`;
  }

  #textValue(text: string): unknown {
    const parts = splitTextRefs(text);
    if (parts.every((part) => typeof part === "string")) return parts.join("");
    return { $concat: parts.map((part) => (typeof part === "string" ? part : this.#refTo(part.refIndex))) };
  }

  #readSequence(close: string): unknown[] {
    const start = this.#position;
    this.#position++;
    const items: unknown[] = [];
    for (;;) {
      this.#skipSpace();
      if (this.#isAtEnd()) this.#failUnclosed(start, close);
      if (this.#peek() === close) break;
      items.push(this.#readValue());
      if (!this.#readSeparator(close)) this.#failUnclosed(start, close);
    }
    this.#position++;
    return items;
  }

  #readDict(): Record<string, unknown> {
    const start = this.#position;
    this.#position++;
    const dict: Record<string, unknown> = {};
    for (;;) {
      this.#skipSpace();
      if (this.#isAtEnd()) this.#failUnclosed(start, "}");
      if (this.#peek() === "}") break;
      const key = this.#readKey();
      this.#skipSpace();
      if (this.#peek() !== ":") this.#fail(`expected ":" after the key "${key}"`);
      this.#position++;
      // defineProperty, because a plain assignment to "__proto__" would replace the prototype instead.
      Object.defineProperty(dict, key, {
        value: this.#readValue(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (!this.#readSeparator("}")) this.#failUnclosed(start, "}");
    }
    this.#position++;
    return dict;
  }

  #readKey(): string {
    const character = this.#peek();
    if (character === '"' || character === "'") return this.#readQuoted(character);
    wordPattern.lastIndex = this.#position;
    const word = wordPattern.exec(this.#text)?.[0];
    if (word === undefined) this.#fail(`expected a key in quotes, found ${this.#describeHere()}`);
    this.#position += word.length;
    return word;
  }

  /** Consumes a "," or stops before `close`; false when the line ended first. */
  #readSeparator(close: string): boolean {
    this.#skipSpace();
    if (this.#isAtEnd()) return false;
    if (this.#peek() === ",") this.#position++;
    else if (this.#peek() !== close) this.#fail(`expected "," or "${close}", found ${this.#describeHere()}`);
    return true;
  }

  #readWholeRef(): { $ref: string } {
    wholeRefPattern.lastIndex = this.#position;
    const match = wholeRefPattern.exec(this.#text);
    if (match === null) {
      this.#fail(`a "$" outside quotes must name a call: $1 or \${1} (put other text in quotes)`);
    }
    this.#position = wholeRefPattern.lastIndex;
    return this.#refTo(Number(match[1] ?? match[2]));
  }

  #refTo(index: number): { $ref: string } {
    this.#refIndices.push(index);
    return { $ref: `${this.#idPrefix}${index}` };
  }

  #failUnclosed(start: number, close: string): never {
    this.#fail(`the "${this.#text[start]}" at column ${start + 1} is not closed with "${close}"`);
  }

  #fail(message: string): never {
    throw new LineSyntaxError(message, this.#position);
  }

  #describeHere(): string {
    if (this.#isAtEnd()) return "the end of the line";
    const rest = this.#text.slice(this.#position);
    const shown = rest.length > 20 ? `${rest.slice(0, 20)}…` : rest;
    return `"${shown}" at column ${this.#position + 1}`;
  }

  #peek(): string | undefined {
    return this.#text[this.#position];
  }

  #isAtEnd(): boolean {
    return this.#position >= this.#text.length;
  }

  #skipSpace(): void {
    while (this.#position < this.#text.length && /\s/.test(this.#text[this.#position] as string))
      this.#position++;
  }
}
