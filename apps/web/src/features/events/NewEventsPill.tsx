import { useT } from "../../i18n/index.ts";

/** "N new events" over the top of the table: live rows held while the analyst reads; a click shows them. */
export function NewEventsPill({ count, onClick }: { count: number; onClick: () => void }) {
  const t = useT();
  return (
    <button
      type="button"
      onClick={onClick}
      className="absolute top-9 left-1/2 z-20 -translate-x-1/2 rounded-full bg-accent px-3 py-1 text-[12.5px] font-semibold text-accent-fg shadow-lg hover:brightness-110"
      data-testid="new-events-pill"
    >
      <span aria-hidden="true">↑ </span>
      {t("events.newEvents", { count })}
    </button>
  );
}
