import { TRUNCATED } from "../../sanitize.ts";
import { toSyslogEvent } from "../event.ts";
import type { Batcher } from "./batcher.ts";
import type { ReceiverStats } from "./types.ts";

/** Where an accepted message goes and how it is counted. */
export interface AcceptContext {
  batcher: Batcher;
  stats: ReceiverStats;
  now: () => Date;
}

/** Turns one received message into a record and queues it for the sender's site; blank messages are ignored. */
export function acceptMessage(
  ctx: AcceptContext,
  text: string,
  truncated: boolean,
  siteId: string,
  senderIp: string,
): void {
  if (text.trim() === "") return;
  ctx.stats.received++;
  if (truncated) ctx.stats.truncated++;
  let record: unknown;
  try {
    record = toSyslogEvent(text, { now: ctx.now(), truncated });
  } catch {
    // Parsing is written not to throw; should it ever, the line is still kept, as generic.
    record = {
      source_type: "generic",
      event_type: "syslog",
      message: text,
      raw_log: text,
      metadata: truncated ? { [TRUNCATED]: true } : {},
    };
  }
  ctx.batcher.push(record, siteId, senderIp);
}
