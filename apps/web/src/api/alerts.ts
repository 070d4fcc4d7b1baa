import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AlertStatus, LogEvent, Page } from "@vigie/contracts";
import { apiFetch } from "./client.ts";
import type { Alert } from "./types.ts";

/** Filters of `GET /alerts`. */
export interface AlertFilters {
  status?: string;
  severity?: string;
  rule_id?: string;
  site_id?: string;
  page?: number;
  per_page?: number;
}

/** One page of alerts, newest first. */
export function useAlerts(filters: AlertFilters) {
  return useQuery({
    queryKey: ["alerts", filters],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => apiFetch<Page<Alert>>("/alerts", { query: { ...filters }, signal }),
  });
}

/** One alert and the events that made it fire. */
export function useAlert(id: string | undefined) {
  return useQuery({
    queryKey: ["alert", id],
    enabled: Boolean(id),
    queryFn: ({ signal }) =>
      apiFetch<{ alert: Alert; matched_events: LogEvent[] }>(`/alerts/${encodeURIComponent(id!)}`, {
        signal,
      }),
  });
}

/** Moves an alert along its lifecycle (`PATCH /alerts/:id/status`). */
export function useUpdateAlertStatus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; status: AlertStatus; notes?: string }) =>
      apiFetch<Alert>(`/alerts/${encodeURIComponent(id)}/status`, { method: "PATCH", body }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ["alerts"] }),
        client.invalidateQueries({ queryKey: ["alert"] }),
        client.invalidateQueries({ queryKey: ["dashboard"] }),
      ]),
  });
}
