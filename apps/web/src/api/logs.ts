import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  EventHistogram,
  EventStatus,
  LogEvent,
  Page,
  SearchFieldInfo,
  TopValues,
} from "@vigie/contracts";
import { ApiError, apiFetch } from "./client.ts";

/** Every filter `GET /logs` accepts (CONTRACT §4.1), with `q` in the search language (docs/SEARCH.md). */
export interface LogFilters {
  q?: string;
  /** A window relative to now (`24h`): `from` is computed at each fetch, so the list keeps moving. */
  range?: string;
  sort?: string;
  order?: "asc" | "desc";
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

/** The relative time windows offered, in minutes. */
export const TIME_RANGES = { "15m": 15, "1h": 60, "24h": 1440, "7d": 10080, "30d": 43200 } as const;
export type TimeRange = keyof typeof TIME_RANGES;

/** `range` → `from`, at the time of the call; an absolute `from` wins (events and alerts alike). */
export function withTimeRange<F extends { range?: string; from?: string }>(
  { range, ...rest }: F,
  now = Date.now(),
): Omit<F, "range"> {
  const minutes = range ? TIME_RANGES[range as TimeRange] : undefined;
  if (!minutes || rest.from) return rest;
  return { ...rest, from: new Date(now - minutes * 60_000).toISOString() };
}

/** One page of events: every filter applies together, free text included. */
export function useLogs(filters: LogFilters) {
  return useQuery({
    queryKey: ["logs", filters],
    placeholderData: keepPreviousData,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 3,
    queryFn: ({ signal }) =>
      apiFetch<Page<LogEvent>>("/logs", { query: { ...withTimeRange(filters) }, signal }),
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

/** The fields of the search language (the server's registry): fetched once, they do not change. */
export function useSearchFields() {
  return useQuery({
    queryKey: ["log-fields"],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: ({ signal }) => apiFetch<{ fields: SearchFieldInfo[] }>("/logs/fields", { signal }),
    select: (data) => data.fields,
  });
}

/** The filters a top-values request takes: the list's, without paging and order. */
function topFilters({ page: _p, per_page: _pp, sort: _s, order: _o, ...rest }: LogFilters) {
  return withTimeRange(rest);
}

/** The most frequent values of `field` under `filters`; idle while `field` is undefined. */
export function useTopValues(field: string | undefined, filters: LogFilters, limit = 10) {
  return useQuery({
    queryKey: ["log-top", field, filters, limit],
    enabled: Boolean(field),
    retry: false,
    queryFn: ({ signal }) =>
      apiFetch<TopValues>(`/logs/fields/${encodeURIComponent(field!)}/top`, {
        query: { ...topFilters(filters), limit },
        signal,
      }),
  });
}

/** The histogram of exactly the list's filters (paging and sort do not change it). */
export function useLogHistogram({
  page: _page,
  per_page: _perPage,
  sort: _sort,
  order: _order,
  ...filters
}: LogFilters) {
  return useQuery({
    queryKey: ["logs", "histogram", filters],
    placeholderData: keepPreviousData,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 3,
    queryFn: ({ signal }) =>
      apiFetch<EventHistogram>("/logs/histogram", { query: { ...withTimeRange(filters) }, signal }),
  });
}
