import { Link } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import type { AlertStreamItem } from "../api/types.ts";
import { useT } from "../i18n/index.ts";
import { useLiveStore } from "../stores/live.ts";
import { useSignalStore } from "../stores/signals.ts";
import { SeverityBadge } from "./badges.tsx";

const LOUD = new Set(["critical", "high"]);
const TOAST_MS = 12_000;
const MAX_TOASTS = 3;

/** A short two-tone chime (no audio file to ship): Web Audio, silent where the browser refuses. */
function chime(): void {
  try {
    const audio = new AudioContext();
    for (const [i, hz] of [880, 660].entries()) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = hz;
      gain.gain.setValueAtTime(0.08, audio.currentTime + i * 0.15);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + i * 0.15 + 0.14);
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + i * 0.15);
      tone.stop(audio.currentTime + i * 0.15 + 0.15);
    }
    setTimeout(() => void audio.close(), 600);
  } catch {
    // no audio: the toast and the title still say it
  }
}

/** Announces one loud alert by sound and system notification, as the user chose. */
function announce(alert: AlertStreamItem, title: string): void {
  const { sound, notify } = useSignalStore.getState();
  if (sound) chime();
  if (notify && typeof Notification !== "undefined" && Notification.permission === "granted") {
    const note = new Notification(title, { body: alert.title, tag: alert.id });
    note.onclick = () => {
      window.focus();
      window.location.assign(`/alerts?alert=${encodeURIComponent(alert.id)}`);
    };
  }
}

/** New-alert signals: toasts for high and critical alerts (with a link), the unseen count in the tab title. */
export function AlertSignals() {
  const t = useT();
  const alerts = useLiveStore((s) => s.alerts);
  const unseen = useLiveStore((s) => s.unseenAlerts);
  const [toasts, setToasts] = useState<AlertStreamItem[]>([]);
  const shown = useRef(new Set<string>());

  useEffect(() => {
    const base = document.title.replace(/^\(\d+\) /, "");
    document.title = unseen > 0 ? `(${unseen}) ${base}` : base;
  }, [unseen]);

  useEffect(() => {
    const fresh = alerts.filter((a) => LOUD.has(a.severity) && !shown.current.has(a.id));
    if (!fresh.length) return;
    for (const a of fresh) {
      shown.current.add(a.id);
      announce(a, t("signals.newAlert", { severity: t(`severity.${a.severity}`) }));
    }
    setToasts((current) => [...fresh, ...current].slice(0, MAX_TOASTS));
    const ids = fresh.map((a) => a.id);
    const timer = setTimeout(
      () => setToasts((current) => current.filter((a) => !ids.includes(a.id))),
      TOAST_MS,
    );
    return () => clearTimeout(timer);
  }, [alerts, t]);

  if (!toasts.length) return null;
  return (
    <section
      aria-live="polite"
      aria-label={t("signals.region")}
      className="pointer-events-none fixed right-3 bottom-3 z-50 flex w-[22rem] max-w-[calc(100vw-1.5rem)] flex-col gap-2"
    >
      {toasts.map((a) => (
        <div
          key={a.id}
          className="vg-panel pointer-events-auto flex items-start gap-2 p-3 shadow-lg"
          data-testid="alert-toast"
        >
          <SeverityBadge severity={a.severity} />
          <div className="min-w-0 flex-1">
            <p className="truncate font-medium" title={a.title}>
              {a.title}
            </p>
            <p className="text-[12px] text-muted">{a.site_id ?? ""}</p>
          </div>
          <Link
            to="/alerts"
            search={{ alert: a.id }}
            className="vg-btn shrink-0"
            data-testid="alert-toast-open"
          >
            {t("signals.open")}
          </Link>
          <button
            type="button"
            className="shrink-0 px-1 text-muted hover:text-fg"
            aria-label={t("signals.dismiss")}
            onClick={() => setToasts((current) => current.filter((x) => x.id !== a.id))}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
