import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CaseDetail, CaseSummary, CaseUpdate, ObservableKind, Page } from "@vigie/contracts";
import { useAuthStore } from "../stores/auth.ts";
import { API_BASE, apiFetch } from "./client.ts";

/** Filters of `GET /cases` (docs/CASES.md). */
export interface CaseFilters {
  status?: string;
  severity?: string;
  /** `me`, `unassigned` or a user id. */
  assignee?: string;
  q?: string;
  /** Only the cases holding this alert. */
  alert_id?: string;
  page?: number;
}

/** One page of cases, most recently changed first. */
export function useCases(filters: CaseFilters, enabled = true) {
  return useQuery({
    queryKey: ["cases", filters],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      apiFetch<Page<CaseSummary>>("/cases", { query: { ...filters, per_page: 50 }, signal }),
  });
}

/** One case with its alerts, events, tasks, observables and timeline. */
export function useCase(id: string) {
  return useQuery({
    queryKey: ["case", id],
    queryFn: ({ signal }) => apiFetch<CaseDetail>(`/cases/${encodeURIComponent(id)}`, { signal }),
  });
}

/** Every change a case page or the alerts page makes, one API call each. */
export type CaseChange =
  | { kind: "update"; patch: CaseUpdate }
  | { kind: "alerts"; alert_ids: string[] }
  | { kind: "removeAlert"; alert_id: string }
  | { kind: "note"; body: string }
  | { kind: "task"; title: string }
  | { kind: "toggleTask"; task_id: string; done: boolean }
  | { kind: "deleteTask"; task_id: string }
  | { kind: "observable"; observable: { kind: ObservableKind; value: string } }
  | { kind: "deleteObservable"; observable_id: string };

const at = (id: string, tail = "") => `/cases/${encodeURIComponent(id)}${tail}`;
const part = (value: string) => encodeURIComponent(value);

const CALLS: {
  [K in CaseChange["kind"]]: (id: string, c: Extract<CaseChange, { kind: K }>) => Promise<CaseDetail>;
} = {
  update: (id, c) => apiFetch(at(id), { method: "PATCH", body: c.patch }),
  alerts: (id, c) => apiFetch(at(id, "/alerts"), { method: "POST", body: { alert_ids: c.alert_ids } }),
  removeAlert: (id, c) => apiFetch(at(id, `/alerts/${part(c.alert_id)}`), { method: "DELETE" }),
  note: (id, c) => apiFetch(at(id, "/notes"), { method: "POST", body: { body: c.body } }),
  task: (id, c) => apiFetch(at(id, "/tasks"), { method: "POST", body: { title: c.title } }),
  toggleTask: (id, c) =>
    apiFetch(at(id, `/tasks/${part(c.task_id)}`), { method: "PATCH", body: { done: c.done } }),
  deleteTask: (id, c) => apiFetch(at(id, `/tasks/${part(c.task_id)}`), { method: "DELETE" }),
  observable: (id, c) => apiFetch(at(id, "/observables"), { method: "POST", body: c.observable }),
  deleteObservable: (id, c) =>
    apiFetch(at(id, `/observables/${part(c.observable_id)}`), { method: "DELETE" }),
};

/** A change to one case; the case and the lists are refreshed with its answer. */
export function useCaseChange(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: CaseChange) =>
      (CALLS[change.kind] as (id: string, c: CaseChange) => Promise<CaseDetail>)(id, change),
    onSuccess: (detail) => {
      client.setQueryData(["case", detail.id], detail);
      void client.invalidateQueries({ queryKey: ["cases"] });
    },
  });
}

/** Opens a case from alerts (or by hand); the lists are refreshed. */
export function useCreateCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { alert_ids?: string[]; title?: string }) =>
      apiFetch<CaseDetail>("/cases", { method: "POST", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["cases"] }),
  });
}

/** Links alerts to a chosen case. */
export function useAddAlertsToCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ caseId, alert_ids }: { caseId: string; alert_ids: string[] }) =>
      apiFetch<CaseDetail>(at(caseId, "/alerts"), { method: "POST", body: { alert_ids } }),
    onSuccess: (detail) => {
      client.setQueryData(["case", detail.id], detail);
      void client.invalidateQueries({ queryKey: ["cases"] });
    },
  });
}

/**
 * Opens the printable report in a new tab: fetched with the session (a new tab cannot send it), then shown
 * from a blob URL; the report carries no script and styles itself with attributes only.
 */
export async function openCaseReport(id: string, tab: Window | null): Promise<void> {
  const token = useAuthStore.getState().token;
  const response = await fetch(`${API_BASE}${at(id, "/report")}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) {
    tab?.close();
    throw new Error(`HTTP ${response.status}`);
  }
  const url = URL.createObjectURL(new Blob([await response.text()], { type: "text/html" }));
  if (tab) tab.location.href = url;
  else window.location.assign(url);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
