/** One tool call in a plan. */
export interface Call {
  /** Unique within the plan. May not contain `.`, `[` or `]`, which separate a ref's id from its path. */
  id: string;
  /** The name of a registered tool. */
  tool: string;
  /**
   * The tool's input. `{ "$ref": "otherId" }` or `{ "$ref": "otherId.path[0].field" }` anywhere inside is replaced
   * by that part of the other call's output, and makes this call wait for it. `{ "$concat": ["speed of ", { "$ref":
   * "s" }, " km/h"] }` becomes one string, its parts joined (a part that is not a string is written as JSON).
   */
  args?: unknown;
  /** Ids of calls that must succeed before this one starts, without passing data. */
  after?: readonly string[];
}

/** A set of calls forming a DAG. */
export interface Plan {
  calls: readonly Call[];
}

/** A parsed `$ref`: the call it points to and the path inside that call's output. */
export interface Ref {
  /** The ref as written. */
  text: string;
  callId: string;
  path: readonly (string | number)[];
  /** The index of the call it points to in its run, once the plan has been checked. */
  callIndex?: number;
}
