import type { LogStreamItem } from "@vigie/contracts";
import { beforeEach, describe, expect, it } from "vitest";
import { LIVE_BUFFER_SIZE, useLiveStore } from "./live.ts";

const event = (n: number): LogStreamItem => ({
  id: `e${n}`,
  timestamp: new Date(Date.UTC(2026, 10, 21, 8, 0, n)).toISOString(),
  site_id: "AUDIO_001",
  source_type: "auth",
  severity: "medium",
  event_type: "login_failure",
  source_ip: "10.0.0.1",
  dest_ip: null,
  hostname: null,
  username: "bob",
});

describe("live store", () => {
  beforeEach(() => useLiveStore.getState().clear());

  it("keeps newest first and caps the buffer", () => {
    for (let n = 0; n < LIVE_BUFFER_SIZE + 10; n++) useLiveStore.getState().pushEvent(event(n));
    const { events } = useLiveStore.getState();
    expect(events).toHaveLength(LIVE_BUFFER_SIZE);
    expect(events[0]!.id).toBe(`e${LIVE_BUFFER_SIZE + 9}`);
  });

  it("holds arrivals aside while paused and releases them on resume", () => {
    const store = useLiveStore.getState();
    store.pushEvent(event(1));
    store.setPaused(true);
    store.pushEvent(event(2));
    store.pushEvent(event(3));
    expect(useLiveStore.getState().events.map((e) => e.id)).toEqual(["e1"]);
    expect(useLiveStore.getState().pending).toHaveLength(2);
    useLiveStore.getState().setPaused(false);
    expect(useLiveStore.getState().events.map((e) => e.id)).toEqual(["e3", "e2", "e1"]);
    expect(useLiveStore.getState().pending).toHaveLength(0);
  });

  it("counts unseen alerts until they are marked seen", () => {
    const alert = {
      id: "a1",
      rule_name: "r",
      severity: "high",
      title: "r [x]",
      group_value: "x",
      matched_event_count: 3,
      status: "new",
      site_id: null,
    } as const;
    useLiveStore.getState().pushAlert(alert);
    useLiveStore.getState().pushAlert({ ...alert, id: "a2" });
    expect(useLiveStore.getState().unseenAlerts).toBe(2);
    useLiveStore.getState().markAlertsSeen();
    expect(useLiveStore.getState().unseenAlerts).toBe(0);
  });
});
