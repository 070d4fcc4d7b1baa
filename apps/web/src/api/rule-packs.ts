import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RulePack, RulePackSelection, SigmaImportResult } from "@vigie/contracts";
import { apiFetch } from "./client.ts";

/** The answer of a pack install: the Sigma import's, with what was selected. */
export type RulePackInstallResult = SigmaImportResult & { pack: string; selected: number };

/** The shipped rule packs with their counts (`GET /rule-packs`, supervisor and admin). */
export function useRulePacks() {
  return useQuery({
    queryKey: ["rule-packs"],
    queryFn: ({ signal }) => apiFetch<RulePack[]>("/rule-packs", { signal }),
  });
}

/** Previews (`dry_run`) or installs a pack selection; a real install refreshes the rules and the counts. */
export function useInstallRulePack() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ pack, selection }: { pack: string; selection: RulePackSelection }) =>
      apiFetch<RulePackInstallResult>(`/rule-packs/${encodeURIComponent(pack)}/install`, {
        method: "POST",
        body: selection,
      }),
    onSuccess: (result) => {
      if (result.dry_run) return;
      void client.invalidateQueries({ queryKey: ["rules"] });
      void client.invalidateQueries({ queryKey: ["rule-packs"] });
    },
  });
}
