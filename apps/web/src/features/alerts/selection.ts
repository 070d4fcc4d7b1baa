import { useCallback, useMemo, useState } from "react";

/** The alerts ticked for a bulk change: a set of ids that survives paging and expanding groups. */
export interface Selection {
  ids: string[];
  has: (id: string) => boolean;
  toggle: (id: string) => void;
  /** Ticks (or unticks) all of `ids` at once: the "select the page" box. */
  setMany: (ids: string[], on: boolean) => void;
  clear: () => void;
}

/** Holds the ticked alerts of a page. */
export function useSelection(): Selection {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback(
    (id: string) =>
      setChosen((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const setMany = useCallback(
    (ids: string[], on: boolean) =>
      setChosen((current) => {
        const next = new Set(current);
        for (const id of ids) on ? next.add(id) : next.delete(id);
        return next;
      }),
    [],
  );
  const clear = useCallback(() => setChosen(new Set()), []);
  return useMemo(
    () => ({ ids: [...chosen], has: (id) => chosen.has(id), toggle, setMany, clear }),
    [chosen, toggle, setMany, clear],
  );
}
