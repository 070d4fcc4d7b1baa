import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { EventStatus, LogEvent, Page } from "@vigie/contracts";
import { apiFetch } from "./client.ts";

/** Every filter `GET /logs` accepts (CONTRACT §4.1), plus free text `q` which switches to `/logs/search`. */
export interface LogFilters {
  q?: string;
  source_type?: string;
  severity?: string;
  source_ip?: string;
  dest_ip?: string;
  event_type?: string;
  site_id?: string;
  status?: string;
  hostname?: string;
  username?: string;
  scenario_run_id?: string;
  from?: string;
  to?: string;
  page?: number;
  per_page?: number;
}

/** The filter keys shown as inputs on the events page, in display order. */
export const LOG_FILTER_KEYS = [
  "severity",
  "source_type",
  "status",
  "site_id",
  "event_type",
  "source_ip",
  "dest_ip",
  "hostname",
  "username",
  "scenario_run_id",
  "from",
  "to",
] as const satisfies readonly (keyof LogFilters)[];

/** One page of events: `/logs/search` when there is free text, `/logs` otherwise. */
export function useLogs(filters: LogFilters) {
  const { q, ...rest } = filters;
  return useQuery({
    queryKey: ["logs", filters],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      q
        ? apiFetch<Page<LogEvent>>("/logs/search", { query: { q, ...rest }, signal })
        : apiFetch<Page<LogEvent>>("/logs", { query: { ...rest }, signal }),
  });
}

/** One event with everything (`GET /logs/:id`). */
export function useLog(id: string | undefined) {
  return useQuery({
    queryKey: ["log", id],
    enabled: Boolean(id),
    queryFn: ({ signal }) => apiFetch<LogEvent>(`/logs/${encodeURIComponent(id!)}`, { signal }),
  });
}

/** A pivot: events sharing an IP, user or host (`GET /logs/pivot`). */
export function usePivot(field: "ip" | "username" | "hostname" | undefined, value: string | undefined) {
  return useQuery({
    queryKey: ["pivot", field, value],
    enabled: Boolean(field && value),
    queryFn: ({ signal }) => apiFetch<LogEvent[]>("/logs/pivot", { query: { [field!]: value }, signal }),
  });
}

/** Triage of one event (`PATCH /logs/:id/status`). */
export function useTriageEvent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; status?: EventStatus; assigned_to?: string | null }) =>
      apiFetch<LogEvent>(`/logs/${encodeURIComponent(id)}/status`, { method: "PATCH", body }),
    onSuccess: (event) => {
      client.setQueryData(["log", event.id], event);
      return client.invalidateQueries({ queryKey: ["logs"] });
    },
  });
}
