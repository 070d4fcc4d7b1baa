import type { Playbook, PlaybookEvent } from "@vigie/contracts";
import type { Logger } from "pino";
import type { IngestSink } from "../../ingest/sink.ts";
import type { BusEvents } from "../../platform/bus/bus.ts";
import type { Clock } from "../../platform/clock.ts";
import { playbookEventRecord } from "./catalogue.ts";
import type { RunsRepository, ScenarioRun } from "./runs.repository.ts";
import type { Scheduler } from "./scheduler.ts";
import { StepWait } from "./step-wait.ts";

/** Each delay is stretched or shrunk by up to this share, so replays never look machine-made. */
export const JITTER = 0.2;

/** A control message of the `scenario.control` topic. */
export type RunControl = BusEvents["scenario.control"];

/** What the runner needs: where events go, where progress is kept, and its time sources. */
export interface RunnerDeps {
  runs: RunsRepository;
  sink: IngestSink;
  clock: Clock;
  scheduler: Scheduler;
  /** Uniform in [0, 1): the jitter source. */
  random: () => number;
  logger: Logger;
}

/** A run this node is playing. */
interface LiveRun {
  id: string;
  playbook: Playbook;
  siteId: string;
  speed: number;
  paused: boolean;
  stopped: boolean;
  wait: StepWait | null;
  done: Promise<void>;
}

/** How each control changes a live run and the wait it is in. */
const CONTROLS: Record<RunControl["action"], (run: LiveRun, speed?: number) => void> = {
  pause(run) {
    run.paused = true;
    run.wait?.pause();
  },
  resume(run) {
    run.paused = false;
    run.wait?.resume();
  },
  stop(run) {
    run.stopped = true;
    run.wait?.stop();
  },
  speed(run, speed) {
    if (speed === undefined) return;
    run.speed = speed;
    run.wait?.setSpeed(speed);
  },
};

/**
 * Plays playbooks on this node: before each step it waits `delay_seconds / speed` (± 20 % jitter), then
 * submits the step through the ingest pipeline with the run's id and site, and persists the count.
 * Status changes made by controls are written by whoever receives the request; the runner writes only
 * the end of a playback (completed or error).
 */
export class ScenarioRunner {
  readonly #live = new Map<string, LiveRun>();

  constructor(private readonly deps: RunnerDeps) {}

  /** Ids of the runs playing here. */
  get liveIds(): string[] {
    return [...this.#live.keys()];
  }

  /** Starts playing a stored run; resolves with a promise that settles when the playback ends. */
  play(run: ScenarioRun, playbook: Playbook): Promise<void> {
    const live: LiveRun = {
      id: run.id,
      playbook,
      siteId: run.site_id,
      speed: run.speed,
      paused: run.status === "paused",
      stopped: false,
      wait: null,
      done: Promise.resolve(),
    };
    this.#live.set(run.id, live);
    live.done = this.#playback(live).finally(() => this.#live.delete(run.id));
    return live.done;
  }

  /** Resolves when the run's playback here has ended (at once when it does not play here). */
  whenFinished(runId: string): Promise<void> {
    return this.#live.get(runId)?.done ?? Promise.resolve();
  }

  /** Applies a control to the run if it plays here (every node receives every control). */
  apply(control: RunControl): void {
    const live = this.#live.get(control.run_id);
    if (live) CONTROLS[control.action](live, control.speed);
  }

  /** Stops every local playback and waits for the steps in flight; returns the ids that were playing. */
  async stopAll(): Promise<string[]> {
    const live = [...this.#live.values()];
    for (const run of live) CONTROLS.stop(run);
    await Promise.all(live.map((run) => run.done));
    return live.map((run) => run.id);
  }

  async #playback(live: LiveRun): Promise<void> {
    const { runs, clock, logger } = this.deps;
    try {
      for (const [index, step] of live.playbook.events.entries()) {
        if (!(await this.#wait(live, step.delay_seconds))) return;
        await this.#emit(live, step, index + 1);
        await runs.recordProgress(live.id, index + 1, clock.now());
      }
      await runs.updateActive(live.id, { status: "completed" }, clock.now());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ err: error, run_id: live.id }, "scenario run failed");
      await runs
        .updateActive(live.id, { status: "error", error: message }, clock.now())
        .catch(() => undefined);
    }
  }

  /** Waits before a step; false when the run was stopped meanwhile. */
  async #wait(live: LiveRun, delaySeconds: number): Promise<boolean> {
    if (live.stopped) return false;
    const jitter = 1 + (this.deps.random() * 2 - 1) * JITTER;
    live.wait = new StepWait(this.deps.scheduler, delaySeconds * 1000 * jitter, {
      speed: live.speed,
      paused: live.paused,
    });
    const elapsed = await live.wait.done;
    live.wait = null;
    return elapsed && !live.stopped;
  }

  async #emit(live: LiveRun, step: PlaybookEvent, number: number): Promise<void> {
    const outcome = await this.deps.sink.submit([playbookEventRecord(step, live.siteId)], {
      receiver: "scenario",
      scenarioRunId: live.id,
      forcedSiteId: live.siteId,
    });
    const refused = outcome.errors[0];
    if (refused) throw new Error(`The pipeline refused step ${number}: ${refused.error}`);
  }
}
