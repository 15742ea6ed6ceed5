/**
 * Formats rows as a Markdown table whose columns are padded to line up, so that the same text reads well in a
 * terminal and renders in RESULTS.md. Numeric columns can be aligned right.
 *
 * @param {string[]} headers
 * @param {(string | number)[][]} rows
 * @param {{ alignRight?: number[] }} [options] indices of columns to align right
 */
export function markdownTable(headers, rows, { alignRight = [] } = {}) {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(3, ...cells.map((row) => row[column].length)));
  const isRight = (column) => alignRight.includes(column);
  const line = (row) =>
    `| ${row.map((cell, column) => (isRight(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join(" | ")} |`;
  const rule = `| ${widths.map((width, column) => (isRight(column) ? `${"-".repeat(width - 1)}:` : "-".repeat(width))).join(" | ")} |`;
  return [line(headers), rule, ...rows.map((row) => line(row.map(String)))].join("\n");
}
