/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The fence's info string up to the first space: `ts`, `json`, `sh`; empty when the fence names none. */
  language: string;
  /** The 1-based line of the opening fence. */
  fenceLine: number;
  /** The code, with the fence's indentation removed from every line. */
  code: string;
}

const openingFence = /^( *)(`{3,}|~{3,})\s*([^\s`]*)/;

/**
 * The fenced code blocks of a Markdown document, in order. A fence may be indented (a block inside a list item); the
 * block ends at a fence of the same character, at least as long, with nothing after it, as CommonMark has it.
 */
export function extractCodeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = openingFence.exec(lines[index] ?? "");
    if (opening === null) continue;
    const indent = opening[1]?.length ?? 0;
    const fence = opening[2] ?? "```";
    const closing = new RegExp(`^ {0,${indent + 3}}${fence[0]}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !closing.test(lines[end] ?? "")) {
      body.push(stripIndent(lines[end] ?? "", indent));
      end++;
    }
    if (end === lines.length) {
      throw new Error(`The code block opened on line ${index + 1} is never closed`);
    }
    blocks.push({ language: opening[3] ?? "", fenceLine: index + 1, code: body.join("\n") });
    index = end;
  }
  return blocks;
}

function stripIndent(line: string, indent: number): string {
  let removed = 0;
  while (removed < indent && line[removed] === " ") removed++;
  return line.slice(removed);
}
