import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Page } from "@vigie/contracts";
import { apiFetch } from "./client.ts";
import type { AuditEntry } from "./types.ts";

/** One page of the audit log (admin), optionally only one action. */
export function useAudit(page: number, action?: string) {
  return useQuery({
    queryKey: ["audit", page, action ?? ""],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      apiFetch<Page<AuditEntry>>("/audit", { query: { page, per_page: 100, action }, signal }),
  });
}
