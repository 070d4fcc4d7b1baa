import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AttackCoverage } from "@vigie/contracts";
import { apiFetch } from "./client.ts";
import { downloadApiFile } from "./download.ts";
import { withTimeRange } from "./logs.ts";

/** The periods the ATT&CK page offers for its alerts. */
export const ATTACK_RANGES = ["24h", "7d", "30d"] as const;
export type AttackRange = (typeof ATTACK_RANGES)[number];

/** The ATT&CK matrix with the rules covering each technique and the alerts of the last `range` (docs/ATTACK.md). */
export function useAttackCoverage(range: AttackRange) {
  return useQuery({
    queryKey: ["attack", "coverage", range],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      apiFetch<AttackCoverage>("/attack/coverage", { query: withTimeRange({ range }), signal }),
  });
}

/** Saves the coverage as an ATT&CK Navigator layer (JSON), alerts of the last `range`. */
export function downloadNavigatorLayer(range: AttackRange): Promise<void> {
  return downloadApiFile("/attack/layer", withTimeRange({ range }), "vigie-attack-layer.json");
}
