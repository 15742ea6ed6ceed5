import { hostname, networkInterfaces } from "node:os";

// node:net loads when a server starts (process.getBuiltinModule), not with `import "weft"`.

/** Whether an address (or `localhost`) only reaches this machine. */
export function isLoopback(address: string): boolean {
  const bare = unbracket(address).toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** Whether an address listens on every interface. */
export function isWildcard(address: string): boolean {
  const bare = unbracket(address);
  return bare === "0.0.0.0" || bare === "::";
}

/**
 * The `Host` header values a server bound to `addresses` (the `host` asked for and the address the socket got) on
 * `port` answers: each address and `localhost`, with the port (a bare name too on port 80). A wildcard address stands
 * for every address of this machine's interfaces and its host name. Lower case, IPv6 in brackets.
 */
export function allowedHostsFor(addresses: readonly string[], port: number): string[] {
  const names = new Set<string>(["localhost"]);
  for (const address of addresses) {
    names.add(unbracket(address).toLowerCase());
    if (isWildcard(address)) {
      names.add(hostname().toLowerCase());
      for (const entries of Object.values(networkInterfaces())) {
        for (const entry of entries ?? []) names.add(entry.address.toLowerCase());
      }
    }
  }
  const hosts: string[] = [];
  for (const name of names) {
    const host = urlHost(name);
    hosts.push(`${host}:${port}`);
    if (port === 80) hosts.push(host);
  }
  return hosts;
}

/** The address for a URL: IPv6 in brackets. */
export function urlHost(address: string): string {
  return process.getBuiltinModule("node:net").isIP(address) === 6 ? `[${address}]` : address;
}

function unbracket(address: string): string {
  return address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
}
