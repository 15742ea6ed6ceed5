import type { Stream } from "node:stream";

/** Keeps the last `limit` characters a server wrote to stderr, for the errors that explain its failures. */
export class StderrTail {
  readonly #limit: number;
  #text = "";

  constructor(limit = 4096) {
    this.#limit = limit;
  }

  /** Reads the stream as it flows; reading it also keeps a chatty server from blocking on a full pipe. */
  follow(stream: Stream | null): void {
    stream?.on("data", (chunk: Buffer | string) => {
      this.#text = (this.#text + chunk.toString()).slice(-this.#limit);
    });
  }

  get text(): string {
    return this.#text;
  }
}
