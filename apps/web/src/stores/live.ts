import type { LogStreamItem } from "@vigie/contracts";
import { create } from "zustand";
import type { AlertStreamItem } from "../api/types.ts";

/** Most recent live events kept in memory; older ones are reachable through the events page. */
export const LIVE_BUFFER_SIZE = 500;

export type ConnectionState = "connecting" | "open" | "closed";

interface LiveState {
  events: LogStreamItem[];
  alerts: AlertStreamItem[];
  paused: boolean;
  /** Events that arrived while paused, shown when the analyst resumes. */
  pending: LogStreamItem[];
  unseenAlerts: number;
  logsConnection: ConnectionState;
  alertsConnection: ConnectionState;
  pushEvent: (event: LogStreamItem) => void;
  pushAlert: (alert: AlertStreamItem) => void;
  setPaused: (paused: boolean) => void;
  markAlertsSeen: () => void;
  setConnection: (stream: "logs" | "alerts", state: ConnectionState) => void;
  clear: () => void;
}

const prepend = <T>(items: T[], head: T[]): T[] => head.concat(items).slice(0, LIVE_BUFFER_SIZE);

/** The live stream buffer: newest first, capped, with a pause that holds new arrivals aside. */
export const useLiveStore = create<LiveState>()((set) => ({
  events: [],
  alerts: [],
  paused: false,
  pending: [],
  unseenAlerts: 0,
  logsConnection: "closed",
  alertsConnection: "closed",
  pushEvent: (event) =>
    set((s) =>
      s.paused ? { pending: prepend(s.pending, [event]) } : { events: prepend(s.events, [event]) },
    ),
  pushAlert: (alert) =>
    set((s) => ({ alerts: prepend(s.alerts, [alert]), unseenAlerts: s.unseenAlerts + 1 })),
  setPaused: (paused) =>
    set((s) => (paused ? { paused } : { paused, events: prepend(s.events, s.pending), pending: [] })),
  markAlertsSeen: () => set({ unseenAlerts: 0 }),
  setConnection: (stream, state) =>
    set(stream === "logs" ? { logsConnection: state } : { alertsConnection: state }),
  clear: () => set({ events: [], alerts: [], pending: [], unseenAlerts: 0, paused: false }),
}));
