import type { IncomingHttpHeaders } from "node:http";
import type { AgentMessage } from "../agent/model.js";

/** The providers whose wire protocol the model server speaks. */
export type ModelServerProvider = "openai" | "anthropic";

/** How fast a turn streams. A token is about 4 characters of text or tool-call arguments. */
export interface TurnTiming {
  /**
   * Milliseconds between the request and the first token.
   * @default 0
   */
  firstTokenMs?: number;
  /**
   * Tokens sent per second after the first one; `Infinity` sends them one after another without waiting.
   * @default Infinity
   */
  tokensPerSecond?: number;
}

/** A tool call the scripted model makes. */
export interface ScriptedToolCall {
  /** The call's id. @default a fresh `call_…` (OpenAI) or `toolu_…` (Anthropic) id */
  id?: string;
  name: string;
  /**
   * The call's arguments: any other value is sent as its JSON text; a string is sent exactly as it is, so that a test
   * can make the model write JSON that does not parse.
   */
  arguments: unknown;
}

/** One model turn the server replays: text, tool calls, or an HTTP error instead. */
export interface ScriptedTurn {
  /** The text the model writes (before its tool calls). */
  text?: string;
  toolCalls?: readonly ScriptedToolCall[];
  /** This turn's pacing, over the server's default. */
  timing?: TurnTiming;
  /** Answer with this HTTP status and message instead, in the provider's error format. */
  error?: { status: number; message: string };
}

/** A request the server answered with a scripted turn, as it was received and in provider-neutral form. */
export interface ReceivedRequest {
  provider: ModelServerProvider;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body. */
  body: unknown;
  isStreaming: boolean;
  /** `performance.now()` when the body had been read. */
  receivedAt: number;
  /** The `model` the client asked for. */
  model: string;
  /** The system prompt (OpenAI `system` and `developer` messages joined, or Anthropic's `system`). */
  system?: string;
  /**
   * The conversation the client sent, tool results included (a turn's results grouped in one `tool` message). OpenAI's
   * format has no error flag, so its results always read `isError: false`.
   */
  messages: AgentMessage[];
  /** The names of the tools the client offered. */
  toolNames: string[];
  /** The stop sequences the client asked for. */
  stop: string[];
  /** False when the client forbade several tool calls in one turn. */
  parallelToolCalls: boolean;
}

/** The script: the turns to replay in order, or a function that answers each request (it may be async). */
export type ModelScript =
  | readonly ScriptedTurn[]
  | ((request: ReceivedRequest) => ScriptedTurn | Promise<ScriptedTurn>);

/** Options of `startModelServer`: the script the model follows, its pacing, and the key it checks. */
export interface ModelServerOptions {
  script: ModelScript;
  /** The pacing of every turn that sets none. @default as fast as possible */
  timing?: TurnTiming;
  /**
   * When set, a request without this key (`Authorization: Bearer …` for OpenAI; `x-api-key` or `Authorization:
   * Bearer …` for Anthropic, whose SDK sends either) gets a 401 in the provider's error format.
   */
  apiKey?: string;
}

/** A running model server. */
export interface ModelServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The `baseURL` for the OpenAI SDK: `url` + `/v1`. */
  readonly openaiBaseURL: string;
  /** The `baseURL` for the Anthropic SDK, which appends `/v1/messages` itself. */
  readonly anthropicBaseURL: string;
  /** Every request answered from the script (errors included), in the order received. */
  readonly requests: ReceivedRequest[];
  /** Stops the server: ends open streams and closes every connection, idle keep-alive ones included. */
  close(): Promise<void>;
}
