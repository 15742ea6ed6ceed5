// The languages the audit counts, by file extension. A file whose extension is not here is not audited.
import { extname } from "node:path";

const byExtension = {
  ".ts": "TypeScript",
  ".tsx": "TypeScript",
  ".mts": "TypeScript",
  ".cts": "TypeScript",
  ".js": "JavaScript",
  ".jsx": "JavaScript",
  ".mjs": "JavaScript",
  ".cjs": "JavaScript",
  ".json": "JSON",
  ".md": "Markdown",
  ".yaml": "YAML",
  ".yml": "YAML",
  ".toml": "TOML",
  ".css": "CSS",
  ".html": "HTML",
  ".sh": "Shell",
  ".py": "Python",
  ".go": "Go",
  ".rs": "Rust",
};

/** @returns {string | undefined} the language of a file, or undefined when the audit does not count it */
export function languageOf(path) {
  return byExtension[extname(path).toLowerCase()];
}
