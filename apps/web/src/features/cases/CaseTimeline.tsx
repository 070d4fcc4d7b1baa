import { Link } from "@tanstack/react-router";
import type { CaseDetail, CaseTimelineEntry } from "@vigie/contracts";
import { useState } from "react";
import type { CaseChange } from "../../api/cases.ts";
import { SeverityBadge } from "../../components/badges.tsx";
import { Panel } from "../../components/Panel.tsx";
import { type Translate, useFormat, useT } from "../../i18n/index.ts";

/** How a changed field's values read: statuses, severities and reasons translated, the rest as stored. */
function shownValue(t: Translate, field: string | null, value: string | null): string {
  if (value === null) return "—";
  if (field === "status") return t(`cases.status.${value as "open"}`);
  if (field === "severity") return t(`severity.${value as "high"}`);
  if (field === "closing_reason") return t(`cases.reason.${value as "benign"}`);
  return value;
}

/** What one entry says. */
function EntryBody({ entry }: { entry: CaseTimelineEntry }) {
  const t = useT();
  const fmt = useFormat();
  const kinds: Record<CaseTimelineEntry["kind"], () => React.ReactNode> = {
    created: () => t("cases.timeline.created"),
    alert: () => (
      <span className="flex flex-wrap items-center gap-1.5">
        {t("cases.timeline.alert")} {entry.to && <SeverityBadge severity={entry.to} />}
        <Link
          to="/alerts"
          search={{ alert: entry.ref ?? undefined }}
          className="min-w-0 break-words text-accent hover:underline"
        >
          {entry.text}
        </Link>
      </span>
    ),
    event: () => (
      <span>
        {t("cases.timeline.event", { when: fmt.dateTime(entry.event_time) })}{" "}
        <span className="break-words font-mono text-[12px]">{entry.text ?? t("cases.eventGone")}</span>
      </span>
    ),
    note: () => <p className="whitespace-pre-wrap break-words">{entry.text}</p>,
    change: () =>
      entry.text === "description"
        ? t("cases.timeline.description")
        : t("cases.timeline.change", {
            field: t(`cases.field.${entry.text as "status"}`),
            from: shownValue(t, entry.text, entry.from),
            to: shownValue(t, entry.text, entry.to),
          }),
  };
  return <>{kinds[entry.kind]()}</>;
}

/** The case's story, oldest first: creation, linked alerts, pinned events, notes and changes; a note box below. */
export function CaseTimeline({
  detail,
  onChange,
  busy,
}: {
  detail: CaseDetail;
  onChange: (c: CaseChange) => void;
  busy: boolean;
}) {
  const t = useT();
  const fmt = useFormat();
  const [note, setNote] = useState("");
  return (
    <Panel title={t("cases.timeline")} testId="case-timeline">
      <ol className="flex flex-col divide-y divide-line">
        {detail.timeline.map((entry, i) => (
          <li
            key={`${entry.kind}-${entry.ref ?? i}-${entry.at}`}
            className="flex flex-col gap-0.5 px-4 py-2 sm:flex-row sm:gap-3"
            data-testid={`timeline-${entry.kind}`}
          >
            <span className="shrink-0 text-[11.5px] tabular-nums text-muted sm:w-40">
              {fmt.dateTime(entry.at)} · {entry.by ?? "—"}
            </span>
            <div className="min-w-0 flex-1">
              <EntryBody entry={entry} />
            </div>
          </li>
        ))}
      </ol>
      <form
        className="flex flex-col gap-2 border-t border-line px-4 py-3"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ kind: "note", body: note });
          setNote("");
        }}
      >
        <textarea
          className="vg-input min-h-20"
          placeholder={t("cases.notePlaceholder")}
          aria-label={t("cases.note")}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="case-note"
        />
        <button
          type="submit"
          className="vg-btn vg-btn-primary self-end"
          disabled={!note.trim() || busy}
          data-testid="case-note-add"
        >
          {t("cases.addNote")}
        </button>
      </form>
    </Panel>
  );
}
