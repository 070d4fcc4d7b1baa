import type { Bus } from "../../platform/bus/bus.ts";
import { SseChannel, type SseChannelLimits } from "./sse-channel.ts";
import { type AlertChange, alertMessage, caseMessage, logMessage } from "./stream-items.ts";

/** How a hub paces and sizes its streams. */
export interface SseHubOptions extends SseChannelLimits {
  keepaliveMs: number;
}

/** Defaults: a keepalive every 3 s, 10,000 messages of history per stream, 1 MiB of backlog per client. */
export const SSE_DEFAULTS: SseHubOptions = {
  keepaliveMs: 3_000,
  historySize: 10_000,
  maxBufferedBytes: 1024 * 1024,
};

/**
 * This node's SSE streams, fed by the bus's fan-out: every node sees every committed event and
 * alert, whichever node stored it, so a client may connect (and resume) anywhere.
 */
export class SseHub {
  readonly logs: SseChannel;
  readonly alerts: SseChannel;
  private readonly stops: (() => void)[];
  private readonly keepalive: NodeJS.Timeout;

  constructor(bus: Bus, options: SseHubOptions = SSE_DEFAULTS) {
    this.logs = new SseChannel(options);
    this.alerts = new SseChannel(options);
    const publishAlert =
      (change: AlertChange) =>
      ({ alert }: { alert: Record<string, unknown> }) => {
        const message = alertMessage(alert, change);
        if (message) this.alerts.publish([message]);
      };
    this.stops = [
      bus.subscribe("events.ingested", ({ events }) => this.logs.publish(events.map(logMessage))),
      bus.subscribe("alert.raised", publishAlert("raised")),
      bus.subscribe("alert.updated", publishAlert("updated")),
      bus.subscribe("case.changed", ({ case: changed }) => {
        const message = caseMessage(changed);
        if (message) this.alerts.publish([message]);
      }),
      // A changed user (deactivated, demoted) reconnects and is authenticated afresh; resume loses nothing.
      bus.subscribe("users.changed", ({ user_id }) => {
        for (const channel of [this.logs, this.alerts])
          channel.disconnect((client) => client.userId === user_id);
      }),
    ];
    this.keepalive = setInterval(() => {
      this.logs.comment("keepalive");
      this.alerts.comment("keepalive");
    }, options.keepaliveMs).unref();
  }

  /** Ends every stream and stops listening. */
  close(): void {
    for (const stop of this.stops) stop();
    clearInterval(this.keepalive);
    this.logs.disconnect();
    this.alerts.disconnect();
  }
}
