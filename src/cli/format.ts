/** A duration for people: `0.4ms`, `12ms`, `1.23s`, `2m 05s`. */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return "–";
  if (milliseconds < 10) return `${Math.round(milliseconds * 10) / 10}ms`;
  if (milliseconds < 1000) return `${Math.round(milliseconds)}ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(milliseconds < 10_000 ? 2 : 1)}s`;
  const minutes = Math.floor(milliseconds / 60_000);
  const seconds = Math.floor((milliseconds % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

/** The first line of a message, so that one call's error stays on one line of output. */
export function firstLine(message: string): string {
  const line = message.split("\n", 1)[0] ?? "";
  return line.length < message.length ? `${line} …` : line;
}

/** Cuts a line to `width` visible characters. Lines here hold no colour codes when they are measured. */
export function truncate(line: string, width: number): string {
  if (width <= 1 || line.length <= width) return line;
  return `${line.slice(0, width - 1)}…`;
}

/** Pads `text` on the right to `width` characters. */
export function padEnd(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** Pads `text` on the left to `width` characters. */
export function padStart(text: string, width: number): string {
  return text.length >= width ? text : " ".repeat(width - text.length) + text;
}
