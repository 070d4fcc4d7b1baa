import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Page } from "@vigie/contracts";
import { apiFetch } from "./client.ts";

/** An indicator as listed (docs/THREAT-INTEL.md). */
export interface Indicator {
  id: string;
  kind: "ip" | "cidr" | "domain" | "url" | "hash";
  value: string;
  source: string;
  confidence: number;
  expires_at: string | null;
  created_by: string | null;
  created_at: string;
}

/** What an import did: counts, refused lines or objects with the reason, the look-back. */
export interface IndicatorImportReport {
  import_id: string;
  source: string;
  accepted: number;
  added: number;
  updated: number;
  refused_count: number;
  refused: { ref: string; reason: string }[];
  look_back: {
    days: number;
    events_scanned: number;
    events_matched: number;
    alerts: number;
    skipped?: string;
  };
}

/** The list's filters. */
export interface IndicatorFilter {
  kind?: string;
  source?: string;
  q?: string;
}

/** One page of indicators, newest first. */
export function useIndicators(page: number, filter: IndicatorFilter) {
  return useQuery({
    queryKey: ["indicators", page, filter],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      apiFetch<Page<Indicator>>("/indicators", { query: { page, per_page: 50, ...filter }, signal }),
  });
}

/** What an import sends: the file's text and the defaults. */
export interface IndicatorImportInput {
  text: string;
  source: string;
  confidence: number;
  expiresAt?: string;
  format: string;
}

/** Imports an indicator file (admin); the list is refreshed after. */
export function useImportIndicators() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: IndicatorImportInput) =>
      apiFetch<IndicatorImportReport>("/indicators/import", {
        method: "POST",
        query: {
          source: input.source,
          confidence: input.confidence,
          expires_at: input.expiresAt,
          format: input.format,
        },
        body: input.text,
        contentType: input.text.trimStart().startsWith("{") ? "application/json" : "text/plain",
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["indicators"] }),
  });
}

/** Deletes a source's whole list (admin). */
export function useDeleteIndicatorSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (source: string) =>
      apiFetch<{ removed: number }>("/indicators", { method: "DELETE", query: { source } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["indicators"] }),
  });
}
