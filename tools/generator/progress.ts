import type { BatchResult } from "./sender.ts";

/** Running totals of a generator run. */
export interface Totals {
  sent: number;
  created: number;
  rejected: number;
  failed: number;
  retries: number;
  lastErrors: string[];
}

/** Counts what was sent and words it for the terminal. */
export interface Progress {
  totals: Totals;
  add(batchSize: number, result: BatchResult): void;
  /** One progress line: totals and the rate achieved since the start. */
  line(nowMs: number): string;
  summary(nowMs: number): string;
}

const number = (n: number) => n.toLocaleString("en-US");

/** A progress counter for a run that started at `startMs`. */
export function createProgress(startMs: number): Progress {
  const totals: Totals = { sent: 0, created: 0, rejected: 0, failed: 0, retries: 0, lastErrors: [] };
  const rate = (nowMs: number) => (totals.sent / Math.max(0.001, (nowMs - startMs) / 1000)).toFixed(1);
  const counts = () =>
    `${number(totals.created)} stored, ${number(totals.rejected)} rejected, ${number(totals.failed)} failed, ${number(totals.retries)} retries`;
  return {
    totals,
    add(batchSize, result) {
      totals.sent += batchSize;
      totals.created += result.created;
      totals.rejected += result.rejected;
      totals.failed += result.failed;
      totals.retries += result.retries;
      if (result.errors.length > 0) totals.lastErrors = result.errors;
    },
    line(nowMs) {
      const errors = totals.lastErrors.length > 0 ? ` (last error: ${totals.lastErrors[0]})` : "";
      return `[generator] ${number(totals.sent)} sent · ${rate(nowMs)} events/s · ${counts()}${errors}`;
    },
    summary(nowMs) {
      const seconds = ((nowMs - startMs) / 1000).toFixed(1);
      return `[generator] done: ${number(totals.sent)} events in ${seconds} s (${rate(nowMs)} events/s) · ${counts()}`;
    },
  };
}
