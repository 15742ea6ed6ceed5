import { afterEach } from "vitest";
import { type ModelServer, type ModelServerOptions, startModelServer } from "../../src/testing/index.js";

/**
 * A function that starts a model server on loopback, `defaults` under the options it is given. Every server it
 * started is closed after each test, so call this once at the top of a test file.
 */
export function modelServers(
  defaults: Partial<ModelServerOptions> = {},
): (options: ModelServerOptions) => Promise<ModelServer> {
  const servers: ModelServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (options) => {
    const server = await startModelServer({ ...defaults, ...options });
    servers.push(server);
    return server;
  };
}
