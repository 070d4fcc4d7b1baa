import { useT } from "../i18n/index.ts";
import { type ConnectionState, useLiveStore } from "../stores/live.ts";

const CONNECTION_DOT: Record<ConnectionState, string> = {
  open: "bg-emerald-500",
  connecting: "bg-amber-400 animate-pulse",
  closed: "bg-red-500",
};

/** The worse of the two stream states: "live" only when both streams are open. */
function overall(a: ConnectionState, b: ConnectionState): ConnectionState {
  if (a === "closed" || b === "closed") return "closed";
  return a === "open" && b === "open" ? "open" : "connecting";
}

/** The live streams' state as a coloured dot and a word; `compact` keeps the word for screen readers only. */
export function LiveIndicator({ compact = false, testId }: { compact?: boolean; testId?: string }) {
  const t = useT();
  const connection = useLiveStore((s) => overall(s.logsConnection, s.alertsConnection));
  return (
    <div className="flex items-center gap-2 text-[12px]" data-testid={testId} data-state={connection}>
      <span aria-hidden="true" className={`size-2 rounded-full ${CONNECTION_DOT[connection]}`} />
      <span className={compact ? "sr-only" : "text-muted"}>{t(`live.${connection}`)}</span>
    </div>
  );
}
