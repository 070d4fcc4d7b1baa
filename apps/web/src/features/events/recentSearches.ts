import { useEffect, useState } from "react";
import type { SearchParts } from "../../api/savedSearches.ts";
import { useAuthStore } from "../../stores/auth.ts";
import { isEmptySearch, searchKey, searchPartsOf, validParts } from "./searchParts.ts";

/** How many recent searches are kept. */
export const MAX_RECENT = 10;

const storageKey = (userId: string) => `vigie.recentSearches.${userId}`;

/** The user's recent searches, newest first (nothing when storage holds something unreadable). */
export function readRecent(userId: string, storage: Storage = localStorage): SearchParts[] {
  try {
    const stored: unknown = JSON.parse(storage.getItem(storageKey(userId)) ?? "[]");
    if (!Array.isArray(stored)) return [];
    return stored
      .filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null)
      .map((item) => validParts(searchPartsOf({ ...(item.filters as object), q: item.q })))
      .slice(0, MAX_RECENT);
  } catch {
    return [];
  }
}

/** Puts a search first (once: an earlier copy moves up), keeps the last ten, and returns them. */
export function rememberSearch(userId: string, parts: SearchParts, storage: Storage = localStorage) {
  const recent = readRecent(userId, storage);
  if (isEmptySearch(parts)) return recent;
  const key = searchKey(parts);
  const next = [parts, ...recent.filter((r) => searchKey(r) !== key)].slice(0, MAX_RECENT);
  try {
    storage.setItem(storageKey(userId), JSON.stringify(next));
  } catch {
    // Storage full or refused (private mode): the list lives for this page only.
  }
  return next;
}

/** Records each search the user runs on the Events page (kept in this browser, per user) and lists them. */
export function useRecentSearches(parts: SearchParts): SearchParts[] {
  const userId = useAuthStore((s) => s.user?.id ?? "");
  const key = searchKey(parts);
  const [recent, setRecent] = useState<SearchParts[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `parts`, a new object each render
  useEffect(() => {
    if (userId) setRecent(rememberSearch(userId, parts));
  }, [userId, key]);
  return recent;
}
