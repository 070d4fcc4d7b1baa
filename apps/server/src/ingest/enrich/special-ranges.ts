import { type Cidr, cidrContains, type IpValue, parseCidr } from "../syslog/cidr.ts";

/**
 * Ranges that are nobody's on the Internet (RFC 6890 and its successors): private, shared (CGNAT),
 * loopback, link-local, documentation, benchmarking, multicast, reserved. An address in them gets no
 * country and no AS: a geolocation database would answer nothing true for it.
 */
const NOT_PUBLIC = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.88.99.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/4",
  "240.0.0.0/4",
  "::/127",
  "64:ff9b:1::/48",
  "100::/64",
  "2001::/23",
  "2001:db8::/32",
  "3fff::/20",
  "fc00::/7",
  "fe80::/10",
  "ff00::/8",
].map((text) => parseCidr(text) as Cidr);

/** Whether an address is routable on the Internet (so a geolocation answer can mean something). */
export function isPublicAddress(ip: IpValue): boolean {
  return !NOT_PUBLIC.some((cidr) => cidrContains(cidr, ip));
}
