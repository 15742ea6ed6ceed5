/** A complete line of streamed text and its number, from 1. */
export interface NumberedLine {
  line: number;
  /** The line without its end (`\n` or `\r\n`). */
  text: string;
}

/**
 * Cuts streamed text into lines. A line is complete when its `\n` arrives, so that it can be acted on before the rest
 * of the text is written; `end()` gives back the last line, which has no `\n` of its own.
 */
export class LineSplitter {
  #pending = "";
  #lineCount = 0;

  /** Adds a piece of text and returns the lines it completed, in order. */
  push(textDelta: string): NumberedLine[] {
    if (typeof textDelta !== "string") {
      throw new TypeError(`Expected the text delta to be a string, got ${typeof textDelta}`);
    }
    if (!textDelta.includes("\n")) {
      this.#pending += textDelta;
      return [];
    }
    const pieces = (this.#pending + textDelta).split("\n");
    // The last piece has no "\n" after it yet: it waits for the next delta.
    this.#pending = pieces.pop() ?? "";
    return pieces.map((piece) => this.#number(piece));
  }

  /** Returns the last line, if any text followed the last `\n`. */
  end(): NumberedLine[] {
    if (this.#pending === "") return [];
    const last = this.#number(this.#pending);
    this.#pending = "";
    return [last];
  }

  #number(text: string): NumberedLine {
    this.#lineCount++;
    return { line: this.#lineCount, text: text.endsWith("\r") ? text.slice(0, -1) : text };
  }
}
