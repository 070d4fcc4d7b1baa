import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { IconButton } from "../../components/IconButton.tsx";
import { useT } from "../../i18n/index.ts";
import { chooserColumns, moveColumn, toggleColumn } from "./columnPrefs.ts";
import { FIELD_NAME } from "./fieldInfo.ts";

/**
 * "Columns": which columns of the events table show and in which order, any field added as a column
 * (`normalized.src_country`), and a reset to the defaults. Unticking a field column removes it.
 */
export function ColumnChooser({
  visible,
  labelOf,
  onChange,
  onReset,
}: {
  visible: string[];
  labelOf: (id: string) => string;
  onChange: (visible: string[]) => void;
  onReset: () => void;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const panelId = useId();
  const box = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !box.current?.contains(e.target as Node)) {
        setOpen(false);
        if (e instanceof KeyboardEvent) opener.current?.focus();
      }
    };
    window.addEventListener("keydown", close);
    window.addEventListener("pointerdown", close);
    return () => {
      window.removeEventListener("keydown", close);
      window.removeEventListener("pointerdown", close);
    };
  }, [open]);
  const add = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const input = e.currentTarget.elements.namedItem("column") as HTMLInputElement;
    const name = input.value.trim();
    if (!FIELD_NAME.test(name)) return setInvalid(true);
    setInvalid(false);
    if (!visible.includes(name)) onChange([...visible, name]);
    input.value = "";
  };
  const columns = chooserColumns(visible);
  return (
    <div ref={box} className="relative">
      <button
        ref={opener}
        type="button"
        className="vg-btn"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        data-testid="columns-button"
      >
        {t("events.columns")}
      </button>
      {open && (
        <div
          id={panelId}
          className="absolute right-0 z-30 mt-1 flex w-72 flex-col gap-2 rounded-md border border-line bg-panel p-3 shadow-xl"
          data-testid="column-chooser"
        >
          <fieldset>
            <legend className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-muted">
              {t("events.columns.title")}
            </legend>
            <ul className="flex max-h-72 flex-col overflow-auto">
              {columns.map(({ id, visible: shown }, index) => (
                <li key={id} className="flex items-center gap-1 py-0.5 text-[12.5px]">
                  <label className="flex min-w-0 flex-1 items-center gap-2">
                    <input
                      type="checkbox"
                      checked={shown}
                      onChange={() => onChange(toggleColumn(visible, id))}
                      data-testid={`column-${id}`}
                    />
                    <span className="truncate">{labelOf(id)}</span>
                  </label>
                  {shown && (
                    <>
                      <IconButton
                        label={t("events.columns.up", { column: labelOf(id) })}
                        disabled={index === 0}
                        onClick={() => onChange(moveColumn(visible, id, -1))}
                      >
                        ↑
                      </IconButton>
                      <IconButton
                        label={t("events.columns.down", { column: labelOf(id) })}
                        disabled={index === visible.length - 1}
                        onClick={() => onChange(moveColumn(visible, id, 1))}
                      >
                        ↓
                      </IconButton>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </fieldset>
          <form onSubmit={add} className="flex flex-col gap-1">
            <label className="text-[12px] text-muted" htmlFor={`${panelId}-add`}>
              {t("events.columns.add")}
            </label>
            <div className="flex gap-1">
              <input
                id={`${panelId}-add`}
                name="column"
                className="vg-input min-w-0 flex-1 font-mono text-[12px]"
                placeholder={t("events.columns.addPlaceholder")}
                aria-invalid={invalid || undefined}
                spellCheck={false}
                data-testid="column-add"
              />
              <button type="submit" className="vg-btn">
                {t("events.columns.addButton")}
              </button>
            </div>
            {invalid && (
              <p role="alert" className="text-[12px] text-red-700 dark:text-red-300">
                {t("events.columns.invalid")}
              </p>
            )}
          </form>
          <button type="button" className="vg-btn" onClick={onReset} data-testid="columns-reset">
            {t("events.columns.reset")}
          </button>
        </div>
      )}
    </div>
  );
}
