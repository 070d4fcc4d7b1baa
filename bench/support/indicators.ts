import type { Random } from "../../tools/generator/random.ts";
import type { BenchServer } from "./server.ts";
import { adminToken } from "./sigma-rules.ts";

/**
 * A list of `count` indicators as a feed holds them: mostly IPv4 addresses, then domains, SHA-256 hashes,
 * CIDRs and URLs, plus `listed` addresses the events really carry (so some events match and alert).
 */
export function indicatorList(rng: Random, count: number, listed: readonly string[]): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join("");
  const lines = new Set<string>(listed);
  while (lines.size < count) {
    const pick = rng.int(0, 99);
    if (pick < 60) lines.add([rng.int(1, 223), rng.int(0, 255), rng.int(0, 255), rng.int(1, 254)].join("."));
    else if (pick < 80) lines.add(`${hex(10)}.example-bad.net`);
    else if (pick < 92) lines.add(hex(64));
    else if (pick < 97) lines.add(`${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.0/24`);
    else lines.add(`http://${hex(8)}.example-bad.org/${hex(6)}`);
  }
  return [...lines].join("\n");
}

/** Imports the list through the API, as an admin would, and waits for the nodes to reload their matcher. */
export async function importIndicators(server: BenchServer, list: string): Promise<unknown> {
  const res = await fetch(`${server.url}/api/v1/indicators/import?source=bench&confidence=80`, {
    method: "POST",
    headers: { authorization: `Bearer ${await adminToken(server)}`, "content-type": "text/plain" },
    body: list,
  });
  if (!res.ok) throw new Error(`indicator import: ${res.status} ${await res.text()}`);
  const report = (await res.json()) as { accepted: number; refused_count: number };
  // The nodes reload indicators on `indicators.changed`, in the background: give them a moment.
  await new Promise((r) => setTimeout(r, 2_000));
  return report;
}
