// A tools module for `weft run --tools examples/tools/text-tools.js`. Plain JavaScript with no import from weft:
// a tool is an object with a name, an optional description and input schema (JSON Schema here), and execute().

/** Upper-cases text. */
export const upper = {
  name: "text.upper",
  description: "Return the text in upper case.",
  inputSchema: {
    type: "object",
    properties: { text: { type: "string" } },
    required: ["text"],
    additionalProperties: false,
  },
  execute: ({ text }) => text.toUpperCase(),
};

/** Splits text into words and counts them. */
export const words = {
  name: "text.words",
  description: "Split text into words; return { count, words }.",
  inputSchema: {
    type: "object",
    properties: { text: { type: "string" } },
    required: ["text"],
  },
  execute: ({ text }) => {
    const list = text.split(/\s+/).filter((word) => word !== "");
    return { count: list.length, words: list };
  },
};

/** Adds numbers. */
export const sum = {
  name: "math.sum",
  description: "Add a list of numbers.",
  inputSchema: {
    type: "object",
    properties: { numbers: { type: "array", items: { type: "number" } } },
    required: ["numbers"],
  },
  idempotent: true,
  execute: ({ numbers }) => numbers.reduce((total, number) => total + number, 0),
};

/** Always fails, after an optional delay: for trying out failure handling. */
export const fail = {
  name: "demo.fail",
  description: "Fail with the given message after waiting ms milliseconds.",
  execute: async ({ message = "this call fails on purpose", ms = 0 } = {}, context) => {
    if (ms > 0) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        context.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(context.signal.reason);
        });
      });
    }
    throw new Error(message);
  },
};

/** Echoes its input: handy to see what a $ref resolved to, with its type. */
export const echo = {
  name: "echo",
  description: "Return the input unchanged, with the JavaScript type of each top-level field.",
  execute: (input) => ({
    input,
    types: Object.fromEntries(
      Object.entries(input ?? {}).map(([key, value]) => [
        key,
        Array.isArray(value) ? "array" : value === null ? "null" : typeof value,
      ]),
    ),
  }),
};

export default [upper, words, sum, fail, echo];
