import type { Rule } from "@vigie/contracts";
import type { Logger } from "pino";
import type { Bus } from "../platform/bus/bus.ts";
import type { Clock } from "../platform/clock.ts";
import type { CommitEvaluation } from "./commit-queue.ts";
import type { WindowStore } from "./state/window-store.ts";
import type { PendingRange } from "./stored-events.ts";
import type { DetectionEvent } from "./types.ts";

/** What the engine needs from the rest of the application. */
export interface EngineDeps {
  bus: Bus;
  rules: {
    /** The enabled rules as prepared for compiling, and when to prepare them again (an exception expires). */
    listEnabled(): Promise<{ rules: Rule[]; reload_at: Date | null }>;
    disableForError(ruleId: string, error: string): Promise<void>;
  };
  alerts: {
    /** Readies alert storage (the action queue) so the first alert is not slower than the others. */
    prepare(): Promise<void>;
    /** Marks events evaluated and stores the alerts of their firings, in one transaction. */
    commitEvaluation: CommitEvaluation;
  };
  store: WindowStore;
  /**
   * A new private store, when `store` is shared by several nodes: recovery evaluates on it, rebuilt from
   * the evaluated events, because a node that died may have claimed firings in the shared store that it
   * never committed (re-evaluating there would find them cooling down and raise nothing).
   */
  recoveryStore?: () => WindowStore;
  /**
   * Stored events already evaluated, with event time after `from` (of `eventTypes` when given), in time
   * order, at most the newest `limit`.
   */
  history(from: Date, limit: number, eventTypes?: readonly string[]): AsyncIterable<DetectionEvent>;
  /** Event time of the oldest stored event, null when none (how far back a first-seen history reaches). */
  oldestEventTime?(): Promise<Date | null>;
  /** The stored events not evaluated yet, in time order, page after page (see `pendingStoredEvents`). */
  pending(range: PendingRange): AsyncIterable<DetectionEvent[]>;
  clock: Clock;
  logger: Logger;
  /** The sweep's timing (tests shorten it). */
  sweep?: { everyMs: number; staleAfterMs: number };
}

/** Counters for /metrics and the benchmark. */
export interface EngineStats {
  events: number;
  /** Rule × event evaluations (events times enabled rules). */
  evaluations: number;
  firings: number;
  alerts: number;
  dropped: number;
  replayed: number;
  /** Pending events evaluated with firing at start or by the sweep (missed or interrupted before). */
  recovered: number;
  /** Rules disabled because they could not be compiled or evaluated. */
  rule_failures: number;
  /** Time spent evaluating, in milliseconds. */
  busy_ms: number;
}

/** Told the evaluation time (seconds) and the size of each evaluated batch. */
export type BatchObserver = (seconds: number, events: number) => void;
