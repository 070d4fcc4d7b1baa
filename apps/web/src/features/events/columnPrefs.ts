import { create } from "zustand";
import { persist } from "zustand/middleware";
import { useAuthStore } from "../../stores/auth.ts";

/** The columns of the events table shown by default, in order (ids of `eventColumns`). */
export const DEFAULT_COLUMNS = [
  "timestamp",
  "severity",
  "site",
  "source",
  "type",
  "source_ip",
  "dest_ip",
  "user",
  "host",
  "message",
  "status",
] as const;

interface ColumnPrefsState {
  /** Visible column ids in order, per user id; a user without an entry sees the defaults. */
  byUser: Record<string, string[]>;
  set: (user: string, columns: string[]) => void;
  reset: (user: string) => void;
}

/** Each analyst's choice and order of the events table's columns, kept in localStorage. */
export const useColumnPrefs = create<ColumnPrefsState>()(
  persist(
    (set) => ({
      byUser: {},
      set: (user, columns) => set((s) => ({ byUser: { ...s.byUser, [user]: columns } })),
      reset: (user) =>
        set((s) => {
          const { [user]: _dropped, ...others } = s.byUser;
          return { byUser: others };
        }),
    }),
    { name: "vigie.events.columns" },
  ),
);

/** The visible columns: the chosen ones, or the defaults. */
export function visibleColumns(chosen: string[] | undefined): string[] {
  return chosen?.length ? chosen : [...DEFAULT_COLUMNS];
}

/** Every column the chooser lists: the visible ones in their order, then the hidden defaults. */
export function chooserColumns(visible: string[]): { id: string; visible: boolean }[] {
  const hidden = DEFAULT_COLUMNS.filter((id) => !visible.includes(id));
  return [...visible.map((id) => ({ id, visible: true })), ...hidden.map((id) => ({ id, visible: false }))];
}

/** `visible` with `id` moved one place up (-1) or down (+1). */
export function moveColumn(visible: string[], id: string, by: -1 | 1): string[] {
  const from = visible.indexOf(id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= visible.length) return visible;
  const next = [...visible];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** `visible` with `id` shown (added last) or hidden. */
export function toggleColumn(visible: string[], id: string): string[] {
  return visible.includes(id) ? visible.filter((c) => c !== id) : [...visible, id];
}

/** The signed-in analyst's columns: the visible ids and how to change or reset them. */
export function useChosenColumns() {
  const user = useAuthStore((s) => s.user?.id ?? "");
  const chosen = useColumnPrefs((s) => s.byUser[user]);
  const set = useColumnPrefs((s) => s.set);
  const reset = useColumnPrefs((s) => s.reset);
  return {
    visible: visibleColumns(chosen),
    onChange: (columns: string[]) => set(user, columns),
    onReset: () => reset(user),
  };
}
