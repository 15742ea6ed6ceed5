/**
 * Sections of bench/RESULTS.md that one benchmark part writes on its own, between `<!-- name:begin -->` and
 * `<!-- name:end -->`, so that running that part alone replaces its figures without touching the rest of the file.
 */
export function sectionMarkers(name) {
  return { begin: `<!-- ${name}:begin -->`, end: `<!-- ${name}:end -->` };
}

/** `body` between the section's markers. */
export function markedSection(name, body) {
  const { begin, end } = sectionMarkers(name);
  return `${begin}\n${body}\n${end}`;
}

/** The named section of a RESULTS.md text, markers included, or undefined when it has none. */
export function findSection(text, name) {
  const { begin, end } = sectionMarkers(name);
  const start = text.indexOf(begin);
  const stop = text.indexOf(end, start);
  if (start === -1 || stop === -1) return undefined;
  return text.slice(start, stop + end.length);
}

/**
 * `text` with its named section replaced by `block`; a text without one gets it before its "Reproducing" section, or
 * at the end.
 */
export function withSection(text, name, block) {
  const existing = findSection(text, name);
  if (existing !== undefined) return text.replace(existing, () => block);
  const reproducing = text.indexOf("\n## Reproducing");
  if (reproducing === -1) return `${text.trimEnd()}\n\n${block}\n`;
  return `${text.slice(0, reproducing)}\n${block}\n${text.slice(reproducing)}`;
}
