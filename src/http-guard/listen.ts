import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describeReceived } from "../tool/describe-value.js";
import { allowedHostsFor, urlHost } from "./allowed-hosts.js";

/** Where a server weft starts is asked to listen, checked: a port and an address. */
export interface ListenAddress {
  /** From 0 (any free one) to 65535. */
  port: number;
  host: string;
}

/**
 * Checks `options.port` and `options.host` of a server weft starts (`where` names it in the messages): a whole port
 * from 0 to 65535 (0 by default) and a non-empty address (127.0.0.1 by default: only this machine can reach it).
 */
export function checkListenAddress(
  where: string,
  port: unknown = 0,
  host: unknown = "127.0.0.1",
): ListenAddress {
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(
      `${where}: options.port must be a whole number from 0 to 65535, got ${describeReceived(port)}`,
    );
  }
  if (typeof host !== "string" || host.trim() === "") {
    throw new TypeError(
      `${where}: options.host must be an address such as "127.0.0.1", got ${describeReceived(host)}`,
    );
  }
  return { port, host };
}

/** A server listening, with what its request guard and its URL need. */
export interface Listening {
  port: number;
  /** The `Host` values it answers (see allowedHostsFor). */
  allowedHosts: string[];
  /** `http://<host>:<port>`, an IPv6 host in brackets. */
  origin: string;
}

/** Starts `server` listening on `address`; rejects with the listening error (a port in use, a foreign address). */
export async function listen(server: Server, address: ListenAddress): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(address.port, address.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    port: bound.port,
    // The address the socket got counts too: `localhost` may have become 127.0.0.1 or ::1.
    allowedHosts: allowedHostsFor([address.host, bound.address], bound.port),
    origin: `http://${urlHost(address.host)}:${bound.port}`,
  };
}
