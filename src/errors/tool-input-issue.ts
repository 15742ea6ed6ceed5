/** One way in which a call's input fails its tool's schema. */
export interface ToolInputIssue {
  /** Where in the input, as a dotted path (`items[2].name`); empty for the input as a whole. */
  path: string;
  message: string;
}
