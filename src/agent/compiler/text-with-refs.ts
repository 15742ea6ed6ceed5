/** A piece of text with its refs pulled out: plain text between `$N` / `${N}` markers, and the numbers they name. */
export type TextPart = string | { refIndex: number };

const refPattern = /\$(?:(\d+)|\{(\d+)\})/y;

/**
 * Splits the inside of a quoted string into text and refs. `$3` and `${3}` are refs; a `$` followed by anything else
 * is kept as written, and `$$` before a digit or `{` writes one literal `$`, so that "$$500" stays money.
 */
export function splitTextRefs(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let plain = "";
  let position = 0;
  while (position < text.length) {
    const dollar = text.indexOf("$", position);
    if (dollar === -1) {
      plain += text.slice(position);
      break;
    }
    plain += text.slice(position, dollar);
    if (text[dollar + 1] === "$" && /^[\d{]/.test(text.slice(dollar + 2, dollar + 3))) {
      plain += "$";
      position = dollar + 2;
      continue;
    }
    refPattern.lastIndex = dollar;
    const match = refPattern.exec(text);
    if (match === null) {
      plain += "$";
      position = dollar + 1;
      continue;
    }
    if (plain !== "") parts.push(plain);
    plain = "";
    parts.push({ refIndex: Number(match[1] ?? match[2]) });
    position = dollar + match[0].length;
  }
  if (plain !== "") parts.push(plain);
  return parts;
}
