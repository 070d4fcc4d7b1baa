import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { type LogFilters, useSearchFields, useTopValues } from "../../api/logs.ts";
import { useFormat, useT } from "../../i18n/index.ts";
import { fieldDescription } from "./fieldInfo.ts";
import {
  applySuggestion,
  fieldSuggestions,
  type Suggestion,
  valueSuggestions,
  type Wanted,
  wantedAt,
} from "./suggest.ts";

/** How long typing must pause before values are asked for. */
const DEBOUNCE_MS = 250;

/** `value`, once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Kinds of field that take no wildcard: their values are narrowed here only. */
const EXACT_KINDS = new Set(["number", "time", "uuid"]);

/** The search of a field's values starting with what is typed (`hostname:recep*`), when it is one plain word. */
function startsWith(field: string, prefix: string): string | undefined {
  return /^[\w.@-]+$/.test(prefix) ? `${field}:${prefix}*` : undefined;
}

/** The suggestions for what is wanted: field names from the registry, values from the field's top values. */
function useSuggestions(wanted: Wanted | null, filters: LogFilters): Suggestion[] {
  const t = useT();
  const fields = useSearchFields();
  const settled = useDebounced(wanted, DEBOUNCE_MS);
  const asked = settled?.kind === "value" ? settled : undefined;
  const kind = fields.data?.find((f) => f.name === asked?.field.toLowerCase())?.kind;
  const q = asked && !EXACT_KINDS.has(kind ?? "") ? startsWith(asked.field, asked.prefix) : undefined;
  const top = useTopValues(asked?.field, { ...filters, q });
  return useMemo(() => {
    if (!wanted) return [];
    if (wanted.kind === "field") {
      const named = (fields.data ?? []).map((f) => ({
        name: f.name,
        description: fieldDescription(t, f.name),
      }));
      return fieldSuggestions(named, wanted.prefix);
    }
    const known = fields.data?.find((f) => f.name === wanted.field.toLowerCase())?.values;
    const values =
      known?.map((value) => ({ value })) ?? (top.data?.field === wanted.field ? top.data.values : []);
    return valueSuggestions(wanted.field, values, wanted.prefix);
  }, [wanted, fields.data, top.data, t]);
}

/**
 * The search box with autocomplete (WAI-ARIA combobox, list popup): field names with their description while
 * a word is typed, values after `field:` (the field's top values under the other filters). Arrows move,
 * Enter or Tab accepts, Escape closes; Enter with nothing chosen submits the form as before.
 */
export function QueryInput({
  defaultValue,
  filters,
  invalid,
  describedBy,
}: {
  defaultValue: string;
  /** The other filters applied: value suggestions count under them. */
  filters: LogFilters;
  invalid: boolean;
  describedBy?: string;
}) {
  const t = useT();
  const fmt = useFormat();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(defaultValue);
  const [caret, setCaret] = useState(0);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const wanted = useMemo(() => (open ? wantedAt(value, caret) : null), [open, value, caret]);
  const suggestions = useSuggestions(wanted, filters);
  const expanded = open && suggestions.length > 0;
  const current = expanded && active >= 0 ? suggestions[active] : undefined;

  const edit = (next: string, at: number) => {
    setValue(next);
    setCaret(at);
    setActive(-1);
  };
  const accept = (s: Suggestion) => {
    const next = applySuggestion(value, caret, s.insert);
    edit(next.q, next.caret);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!expanded) return setOpen(true);
      e.preventDefault();
      const last = suggestions.length - 1;
      const down = e.key === "ArrowDown";
      setActive((i) => (down ? (i >= last ? 0 : i + 1) : i <= 0 ? last : i - 1));
    } else if ((e.key === "Enter" || e.key === "Tab") && current) {
      e.preventDefault();
      accept(current);
    } else if (e.key === "Escape" && expanded) {
      e.preventDefault();
      setOpen(false);
    }
  };
  return (
    <div className="relative min-w-0 flex-1 max-sm:basis-full">
      <input
        ref={input}
        name="q"
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={current ? `${listId}-${active}` : undefined}
        value={value}
        onChange={(e) => {
          edit(e.target.value, e.target.selectionStart ?? e.target.value.length);
          setOpen(true);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        placeholder={t("events.searchPlaceholder")}
        aria-label={t("common.search")}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        className="vg-input w-full font-mono text-[12.5px]"
        data-testid="event-search"
      />
      <div
        id={listId}
        role="listbox"
        aria-label={t("events.suggestions")}
        hidden={!expanded}
        className="absolute top-full right-0 left-0 z-30 mt-1 max-h-72 overflow-auto rounded-md border border-line bg-panel py-1 shadow-xl"
        data-testid="search-suggestions"
      >
        {expanded &&
          suggestions.map((s, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the box's (aria-activedescendant), as the combobox pattern wants
            <div
              key={s.id}
              id={`${listId}-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              // Keeps the focus in the box: a click must not blur it before the choice is taken.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => accept(s)}
              className="flex cursor-pointer items-baseline gap-3 px-3 py-1 text-[12.5px] aria-selected:bg-accent/15 hover:bg-raised"
              data-testid="search-suggestion"
            >
              <span className="shrink-0 font-mono">{s.label}</span>
              {s.detail && <span className="min-w-0 truncate text-[12px] text-muted">{s.detail}</span>}
              {s.count !== undefined && (
                <span className="ml-auto tabular-nums text-[12px] text-muted">{fmt.number(s.count)}</span>
              )}
            </div>
          ))}
      </div>
    </div>
  );
}
