import { readFile } from "node:fs/promises";

// Linux lists its UDP sockets here, one a line; the last column counts what the kernel dropped for each.
const TABLES = ["/proc/net/udp", "/proc/net/udp6"] as const;

/**
 * Sums the `drops` column of the sockets bound to `port` in a `/proc/net/udp` table: datagrams the kernel
 * threw away, mostly because the socket's receive buffer was full while the process was not reading.
 */
export function udpDropsInTable(table: string, port: number): number {
  const portHex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  let drops = 0;
  for (const line of table.split("\n")) {
    const columns = line.trim().split(/\s+/);
    // "sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops"
    if (columns.length < 13 || !columns[1]!.endsWith(portHex)) continue;
    const value = Number(columns[columns.length - 1]);
    if (Number.isSafeInteger(value)) drops += value;
  }
  return drops;
}

/** Datagrams the kernel dropped for the UDP sockets on `port` (IPv4 and IPv6); null where /proc says nothing. */
export async function kernelUdpDrops(port: number): Promise<number | null> {
  const tables = await Promise.all(TABLES.map((path) => readFile(path, "utf8").catch(() => null)));
  if (tables.every((table) => table === null)) return null;
  return tables.reduce((sum, table) => sum + (table ? udpDropsInTable(table, port) : 0), 0);
}
