import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AlertStatus, LogEvent, Page } from "@vigie/contracts";
import { apiFetch } from "./client.ts";
import { withTimeRange } from "./logs.ts";
import type { Alert, AlertGroup, Assignee, BulkAlertResponse } from "./types.ts";

/** Filters of `GET /alerts` and `GET /alerts/groups` (docs/ALERTS.md); `range` is a window relative to now. */
export interface AlertFilters {
  /** One status or several, comma-separated. */
  status?: string;
  severity?: string;
  rule_id?: string;
  /** An ATT&CK technique: alerts of the rules covering it (docs/ATTACK.md). */
  technique?: string;
  group_value?: string;
  site_id?: string;
  /** `me`, `unassigned` or a user id. */
  assignee?: string;
  q?: string;
  range?: string;
  from?: string;
  to?: string;
  sort?: string;
  order?: string;
  page?: number;
  per_page?: number;
}

/** How the grouped view folds alerts. */
export type AlertGrouping = "rule" | "rule_group";

/** One page of alerts, newest first unless sorted. */
export function useAlerts(filters: AlertFilters, enabled = true) {
  return useQuery({
    queryKey: ["alerts", filters],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      apiFetch<Page<Alert>>("/alerts", { query: { ...withTimeRange(filters) }, signal }),
  });
}

/** One page of alert groups (per rule, or per rule and group value), biggest first. */
export function useAlertGroups(filters: AlertFilters, by: AlertGrouping, enabled = true) {
  const { sort: _sort, order: _order, ...rest } = filters;
  return useQuery({
    queryKey: ["alerts", "groups", by, rest],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      apiFetch<Page<AlertGroup>>("/alerts/groups", { query: { ...withTimeRange(rest), by }, signal }),
  });
}

/** One alert with its rule, timeline, deliveries and the events that made it fire. */
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

/** The alerts sharing a host, address or user with one alert. */
export function useRelatedAlerts(id: string) {
  return useQuery({
    queryKey: ["alert", id, "related"],
    queryFn: ({ signal }) =>
      apiFetch<{ entities: string[]; items: (Alert & { shared: string[] })[] }>(
        `/alerts/${encodeURIComponent(id)}/related`,
        { signal },
      ),
  });
}

/** The users an alert can be assigned to (changes rarely: kept five minutes). */
export function useAssignees() {
  return useQuery({
    queryKey: ["alert-assignees"],
    staleTime: 300_000,
    queryFn: ({ signal }) => apiFetch<Assignee[]>("/alerts/assignees", { signal }),
  });
}

/** One triage change of one alert: a status (with an optional note), a note alone, or an assignee. */
export type AlertChange =
  | { kind: "status"; id: string; status: AlertStatus; notes?: string }
  | { kind: "note"; id: string; notes: string }
  | { kind: "assignee"; id: string; assignee_id: string | null };

const alertPath = (id: string) => `/alerts/${encodeURIComponent(id)}`;

const CHANGES: { [K in AlertChange["kind"]]: (c: Extract<AlertChange, { kind: K }>) => Promise<Alert> } = {
  status: ({ id, status, notes }) =>
    apiFetch(`${alertPath(id)}/status`, { method: "PATCH", body: notes ? { status, notes } : { status } }),
  note: ({ id, notes }) => apiFetch(`${alertPath(id)}/notes`, { method: "POST", body: { notes } }),
  assignee: ({ id, assignee_id }) =>
    apiFetch(`${alertPath(id)}/assignee`, { method: "PATCH", body: { assignee_id } }),
};

/** After a change: the lists, the alert and the dashboard counters are read again. */
function refreshAlerts(client: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    client.invalidateQueries({ queryKey: ["alerts"] }),
    client.invalidateQueries({ queryKey: ["alert"] }),
    client.invalidateQueries({ queryKey: ["dashboard"] }),
  ]);
}

/** Triage of one alert (one API call per change). */
export function useAlertChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: AlertChange) => (CHANGES[change.kind] as (c: AlertChange) => Promise<Alert>)(change),
    onSuccess: () => refreshAlerts(client),
  });
}

/** One change for many alerts in one call (`POST /alerts/bulk`), with the outcome of each. */
export function useBulkAlertChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      ids: string[];
      status?: AlertStatus;
      notes?: string;
      assignee_id?: string | null;
    }) => apiFetch<BulkAlertResponse>("/alerts/bulk", { method: "POST", body }),
    onSuccess: () => refreshAlerts(client),
  });
}
