import type { LogStreamItem } from "@vigie/contracts";
import { useEffect } from "react";
import { useAuthStore } from "../stores/auth.ts";
import { useLiveStore } from "../stores/live.ts";
import { apiUrl } from "./client.ts";
import { queryClient } from "./queryClient.ts";
import type { AlertStreamItem } from "./types.ts";

/**
 * How often live arrivals may refresh aggregate queries: event counts (the dashboard's, the sites', the events
 * list's histogram) every 30 s (a busy, idle dashboard tab then makes about 12 requests a minute: the live
 * rows themselves are pushed), alert lists every 5 s.
 */
const EVENT_REFRESH_MS = 30_000;
const ALERT_REFRESH_MS = 5_000;
const RECONNECT_MS = 5_000;

/**
 * Calls `fn` at most once per `ms`: the first call after a quiet period runs a second later (news shows at
 * once), later ones wait for the period's end, so a burst of events costs one refetch per period.
 */
function throttle(fn: () => void, ms: number): () => void {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer) return;
    const wait = Math.max(1_000, last + ms - Date.now());
    timer = setTimeout(() => {
      timer = undefined;
      last = Date.now();
      fn();
    }, wait);
  };
}

const refreshOnEvents = throttle(() => {
  void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
  void queryClient.invalidateQueries({ queryKey: ["sites"] });
  void queryClient.invalidateQueries({ queryKey: ["logs", "histogram"] });
}, EVENT_REFRESH_MS);

const refreshOnAlerts = throttle(() => {
  void queryClient.invalidateQueries({ queryKey: ["alerts"] });
  void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
}, ALERT_REFRESH_MS);

const refreshCases = throttle(() => {
  void queryClient.invalidateQueries({ queryKey: ["cases"] });
}, ALERT_REFRESH_MS);

/** Parses one SSE data payload; malformed frames are dropped rather than breaking the stream. */
function parseFrame<T>(data: string): T | null {
  try {
    const value = JSON.parse(data) as unknown;
    return value && typeof value === "object" ? (value as T) : null;
  } catch {
    return null;
  }
}

/** Opens one SSE stream, reopening it after errors, and returns its closer. */
function openStream(
  name: "logs" | "alerts",
  token: string,
  onItem: (data: string) => void,
  others: Record<string, (data: string) => void> = {},
): () => void {
  const { setConnection } = useLiveStore.getState();
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = () => {
    setConnection(name, "connecting");
    source = new EventSource(apiUrl(`/${name}/stream`, { token }));
    source.addEventListener(name === "logs" ? "log" : "alert", (e) =>
      onItem((e as MessageEvent<string>).data),
    );
    for (const [event, handle] of Object.entries(others))
      source.addEventListener(event, (e) => handle((e as MessageEvent<string>).data));
    source.onopen = () => setConnection(name, "open");
    source.onerror = () => {
      if (source?.readyState !== EventSource.CLOSED) return setConnection(name, "connecting");
      setConnection(name, "closed");
      retry = setTimeout(connect, RECONNECT_MS);
    };
  };
  connect();
  return () => {
    clearTimeout(retry);
    source?.close();
    setConnection(name, "closed");
  };
}

/** Keeps the live log and alert streams open while signed in, feeding the live store. */
export function useLiveStreams(): void {
  const token = useAuthStore((s) => s.token);
  useEffect(() => {
    if (!token || typeof EventSource === "undefined") return;
    const { pushEvent, pushAlert } = useLiveStore.getState();
    const closeLogs = openStream("logs", token, (data) => {
      const item = parseFrame<LogStreamItem>(data);
      if (!item) return;
      pushEvent(item);
      refreshOnEvents();
    });
    const closeAlerts = openStream(
      "alerts",
      token,
      (data) => {
        const item = parseFrame<AlertStreamItem>(data);
        if (!item) return;
        // A change to a known alert (another analyst's triage, a merged firing) is news for the lists and the
        // open drawer, not a new alert to announce.
        if (item.change === "updated") {
          void queryClient.invalidateQueries({ queryKey: ["alert", item.id] });
        } else pushAlert(item);
        refreshOnAlerts();
      },
      {
        // Cases travel on the alerts stream (`event: case`): the lists and the open case are read again.
        case: (data) => {
          const item = parseFrame<{ id: string }>(data);
          if (!item) return;
          void queryClient.invalidateQueries({ queryKey: ["case", item.id] });
          refreshCases();
        },
      },
    );
    return () => {
      closeLogs();
      closeAlerts();
    };
  }, [token]);
}
