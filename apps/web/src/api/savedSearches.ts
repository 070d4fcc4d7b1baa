import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Page, SavedSearch, SavedSearchUpdate, SearchFilters, SearchToRule } from "@vigie/contracts";
import { apiFetch } from "./client.ts";

/** A search as the API keeps it: the search language's text and the Events form's filters. */
export interface SearchParts {
  q: string;
  filters: SearchFilters;
}

/** My saved searches, then those others share (`GET /saved-searches`, up to 200). */
export function useSavedSearches() {
  return useQuery({
    queryKey: ["saved-searches"],
    queryFn: ({ signal }) =>
      apiFetch<Page<SavedSearch>>("/saved-searches", { query: { per_page: 200 }, signal }),
  });
}

/** What the menu changes: a new search, a rename or reshare of one's own, a deletion. */
export type SavedSearchChange =
  | { kind: "create"; name: string; description: string | null; shared: boolean; search: SearchParts }
  | { kind: "update"; id: string; patch: SavedSearchUpdate }
  | { kind: "delete"; id: string };

const at = (id: string) => `/saved-searches/${encodeURIComponent(id)}`;

const CALLS: {
  [K in SavedSearchChange["kind"]]: (c: Extract<SavedSearchChange, { kind: K }>) => Promise<unknown>;
} = {
  create: (c) =>
    apiFetch<SavedSearch>("/saved-searches", {
      method: "POST",
      body: { name: c.name, description: c.description, shared: c.shared, ...c.search },
    }),
  update: (c) => apiFetch<SavedSearch>(at(c.id), { method: "PATCH", body: c.patch }),
  delete: (c) => apiFetch<{ deleted: true }>(at(c.id), { method: "DELETE" }),
};

/** One change to the saved searches; the list is read again after it. */
export function useSavedSearchChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: SavedSearchChange) =>
      (CALLS[change.kind] as (c: SavedSearchChange) => Promise<unknown>)(change),
    onSuccess: () => client.invalidateQueries({ queryKey: ["saved-searches"] }),
  });
}

/** A search in the rules' condition language, with what it leaves out (`POST /logs/query/to-rule`). */
export function useSearchToRule(search: SearchParts | null) {
  return useQuery({
    queryKey: ["search-to-rule", search],
    enabled: search !== null,
    retry: false,
    queryFn: ({ signal }) =>
      apiFetch<SearchToRule>("/logs/query/to-rule", { method: "POST", body: search, signal }),
  });
}
