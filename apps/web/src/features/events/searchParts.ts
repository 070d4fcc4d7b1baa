import { SEARCH_FILTER_KEYS, type SearchFilters, SearchFiltersSchema } from "@vigie/contracts";
import type { SearchParts } from "../../api/savedSearches.ts";
import type { EventsSearch } from "../../routes/router.tsx";

/** The search of an Events URL: its text and the filters a search keeps (not the open event, not the page). */
export function searchPartsOf(search: Record<string, unknown>): SearchParts {
  const filters: Record<string, string> = {};
  for (const key of SEARCH_FILTER_KEYS) {
    const value = search[key];
    if (typeof value === "string" && value !== "") filters[key] = value;
  }
  const q = typeof search.q === "string" ? search.q.trim() : "";
  return { q, filters: filters as SearchFilters };
}

/** The Events URL state of a search. */
export function eventsSearchOf(parts: SearchParts): EventsSearch {
  return { ...(parts.filters as EventsSearch), ...(parts.q ? { q: parts.q } : {}) };
}

/** True when a search has neither text nor filters (every event). */
export const isEmptySearch = (parts: SearchParts) => !parts.q && Object.keys(parts.filters).length === 0;

/** One text per search, whatever the order of its filters: two searches with the same text are the same. */
export function searchKey(parts: SearchParts): string {
  return new URLSearchParams([["q", parts.q], ...Object.entries(parts.filters).sort()]).toString();
}

/** The search as URL query text (`q=sshd&site_id=AUDIO_004`): how the rules page receives it. */
export function searchToText(parts: SearchParts): string {
  const entries = Object.entries(parts.filters);
  return new URLSearchParams(parts.q ? [["q", parts.q], ...entries] : entries).toString();
}

/** A search read back from `searchToText`, or from storage: unknown or invalid filters are left out. */
export function searchFromText(text: string): SearchParts {
  return validParts(searchPartsOf(Object.fromEntries(new URLSearchParams(text))));
}

/** The parts with their filters checked against the API's schema (what it would refuse is dropped). */
export function validParts(parts: SearchParts): SearchParts {
  const filters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parts.filters)) {
    if (SearchFiltersSchema.safeParse({ [key]: value }).success) filters[key] = value;
  }
  return { q: parts.q.slice(0, 2000), filters: filters as SearchFilters };
}
