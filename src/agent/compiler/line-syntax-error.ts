/**
 * Thrown inside the plan parser when a line cannot be read; the parser turns it into a `problem` item and never lets
 * it escape, so it is not part of the public API.
 */
export class LineSyntaxError extends Error {
  override readonly name = "LineSyntaxError";
  /** Where the reading stopped, as an offset into the line. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}
