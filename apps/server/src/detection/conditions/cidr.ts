import { BlockList, isIP } from "node:net";

/** A compiled test of an address against a set of networks. */
export type NetworkTest = (address: string) => boolean;

/** Compiles IPv4 and IPv6 networks (`10.0.0.0/8`, `fd00::/8`, or one address); throws on a malformed one. */
export function compileNetworks(networks: readonly string[]): NetworkTest {
  const list = new BlockList();
  for (const network of networks) {
    const [address = "", prefix] = network.trim().split("/");
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    const max = family === 6 ? 128 : 32;
    if (family === 0 || !Number.isInteger(bits) || bits < 0 || bits > max || prefix === "") {
      throw new Error(`"${network}" is not an IPv4 or IPv6 network (address/prefix)`);
    }
    list.addSubnet(address, bits, family === 6 ? "ipv6" : "ipv4");
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
  };
}
