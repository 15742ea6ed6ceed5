import type { CallToolResult, Tool as McpToolDescriptor } from "@modelcontextprotocol/sdk/types.js";
import { McpConnection } from "./connection.js";
import type { McpServer } from "./server.js";

interface Member {
  connection: McpConnection;
  /** Calls sent over it and not yet answered. */
  inFlight: number;
}

/**
 * The connections to one server. By default there is one, and every call is multiplexed over it. A server that
 * handles one request at a time gets `connections: n`: up to n connections (n processes for a stdio server), opened
 * as calls pile up, each call sent over the least busy one.
 */
export class McpConnectionPool {
  readonly #server: McpServer;
  readonly #options: { connectTimeoutMs: number; onToolListChanged: () => void };
  readonly #members: Member[] = [];
  readonly #size: number;

  constructor(server: McpServer, options: { connectTimeoutMs: number; onToolListChanged: () => void }) {
    this.#server = server;
    this.#options = options;
    this.#size = server.connections ?? 1;
    this.#members.push(this.#open());
  }

  /** The first stdio connection's process id while connected. */
  get pid(): number | undefined {
    return this.#members[0]?.connection.pid;
  }

  /** The process ids of every connected stdio connection. */
  get pids(): number[] {
    return this.#members.flatMap((member) => member.connection.pid ?? []);
  }

  listTools(): Promise<McpToolDescriptor[]> {
    return (this.#members[0] as Member).connection.listTools();
  }

  async callTool(
    name: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
    onProgress: (progress: unknown) => void,
  ): Promise<CallToolResult> {
    const member = this.#pick();
    member.inFlight++;
    try {
      return await member.connection.callTool(name, args, signal, onProgress);
    } finally {
      member.inFlight--;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#members.map((member) => member.connection.close()));
  }

  /** The least busy connection; a new one while every open one is busy and the pool has room. */
  #pick(): Member {
    let best = this.#members[0] as Member;
    for (const member of this.#members) if (member.inFlight < best.inFlight) best = member;
    if (best.inFlight === 0 || this.#members.length >= this.#size) return best;
    const member = this.#open();
    this.#members.push(member);
    return member;
  }

  #open(): Member {
    // Only the first connection reports tool list changes: the servers behind the others are the same.
    const onToolListChanged = this.#members.length === 0 ? this.#options.onToolListChanged : () => {};
    const connection = new McpConnection(this.#server, {
      connectTimeoutMs: this.#options.connectTimeoutMs,
      onToolListChanged,
    });
    return { connection, inFlight: 0 };
  }
}
