import { isPublicAddress } from "../../apps/server/src/ingest/enrich/special-ranges.ts";
import { senderIp } from "../../apps/server/src/ingest/syslog/cidr.ts";
import type { Random } from "../../tools/generator/random.ts";
import { siteOf } from "../../tools/generator/sites.ts";
import type { BenchServer } from "./server.ts";
import { adminToken } from "./sigma-rules.ts";

// The generator's outside addresses are documentation ranges, which enrichment skips by design.
const DOCUMENTATION = /^(203\.0\.113|198\.51\.100)\./;

/** `count` distinct public IPv4 addresses spread over the whole space (a worst case for the cache). */
function publicPool(rng: Random, count: number): string[] {
  const pool = new Set<string>();
  while (pool.size < count) {
    const address = [rng.int(1, 223), rng.int(0, 255), rng.int(0, 255), rng.int(1, 254)].join(".");
    if (isPublicAddress(senderIp(address)!)) pool.add(address);
  }
  return [...pool];
}

/**
 * The same events with each documentation-range address replaced by one of `distinct` public addresses,
 * so the geolocation enricher has real lookups to do.
 */
export function withPublicAddresses(events: object[], rng: Random, distinct = 5_000): object[] {
  const pool = publicPool(rng, distinct);
  const swap = (value: unknown) =>
    typeof value === "string" && DOCUMENTATION.test(value) ? rng.pick(pool) : value;
  return events.map((event) => {
    const e = event as Record<string, unknown>;
    return { ...e, source_ip: swap(e.source_ip), dest_ip: swap(e.dest_ip) };
  });
}

/** Gives each generated site its network (`10.<n>.0.0/16`) through the sites API, as an admin would. */
export async function setSiteNetworks(server: BenchServer, siteIds: readonly string[]): Promise<void> {
  const authorization = `Bearer ${await adminToken(server)}`;
  for (const id of siteIds) {
    const number = siteOf(id).firewall.ip.split(".")[1];
    const res = await fetch(`${server.url}/api/v1/sites/${id}`, {
      method: "PATCH",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ networks: [`10.${number}.0.0/16`] }),
    });
    if (!res.ok) throw new Error(`site ${id}: ${res.status} ${await res.text()}`);
  }
  // The nodes reload site networks on `sites.changed`, in the background: give them a moment.
  await new Promise((r) => setTimeout(r, 1_000));
}
