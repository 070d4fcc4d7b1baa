import path from "node:path";
import type { ScenarioCatalogueItem } from "@vigie/contracts";
import type { Logger } from "pino";
import type { Config } from "../../config.ts";
import { errors } from "../../http/errors.ts";
import type { IngestSink } from "../../ingest/sink.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import { serverPath } from "../../platform/paths.ts";
import type { AuditEntryInput, AuditLog } from "../audit/audit.service.ts";
import { SitesRepository } from "../sites/sites.repository.ts";
import { type Catalogue, catalogueItems, findPlaybook, loadCatalogue } from "./catalogue.ts";
import { type RunControl, ScenarioRunner } from "./runner.ts";
import { type RunChange, RunsRepository, type ScenarioRun } from "./runs.repository.ts";
import { type Scheduler, systemScheduler } from "./scheduler.ts";

/** The repository's `scenarios/` folder, used when `VIGIE_SCENARIOS_DIR` is not set. */
export const DEFAULT_SCENARIOS_DIR = serverPath("../../scenarios");
/** On several nodes, a run its node has not touched for this long is taken for abandoned. */
export const RUN_LEASE_MS = 90_000;
const ABANDONED = "Vigie stopped while the run was active";

/** What the scenario service is built from (the container's adapters; tests add their own timers). */
export interface ScenarioServiceDeps {
  config: Pick<Config, "VIGIE_SCENARIOS_DIR" | "REDIS_URL">;
  db: Database;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  sink: IngestSink;
  audit: Pick<AuditLog, "record">;
  scheduler?: Scheduler;
  random?: () => number;
}

/** Who asked for a change, as the audit log records it. */
export type Origin = Pick<AuditEntryInput, "actor" | "ip">;

/** A run to start: a catalogue file name, a speed (0.1–10) and optionally another site than the playbook's. */
export interface StartRequest {
  filename: string;
  speed: number;
  site_id?: string;
}

/** How each control changes a stored run (null: nothing to change) and how the audit log names it. */
const CONTROLS: Record<
  RunControl["action"],
  { audit: string; change(run: ScenarioRun, speed?: number): RunChange | null }
> = {
  pause: {
    audit: "scenario.paused",
    change: (run) => (run.status === "paused" ? null : { status: "paused" }),
  },
  resume: {
    audit: "scenario.resumed",
    change: (run) => (run.status === "running" ? null : { status: "running" }),
  },
  stop: { audit: "scenario.stopped", change: () => ({ status: "stopped" }) },
  speed: { audit: "scenario.speed_changed", change: (_run, speed) => ({ speed }) },
};

/**
 * Scenarios: the playbook catalogue, runs started here and played by this node's runner, controls
 * published on the bus so the node playing the run applies them, and recovery of abandoned runs.
 */
export class ScenarioService {
  readonly runs: RunsRepository;
  readonly runner: ScenarioRunner;
  readonly #sites: SitesRepository;
  readonly #leaseMs: number | null;
  #catalogue: Promise<Catalogue> | null = null;
  #unsubscribe: (() => void) | null = null;
  #heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly deps: ScenarioServiceDeps) {
    this.runs = new RunsRepository(deps.db);
    this.#sites = new SitesRepository(deps.db);
    // One node (in-process bus): every run still active at start was left by a crash.
    this.#leaseMs = deps.config.REDIS_URL ? RUN_LEASE_MS : null;
    this.runner = new ScenarioRunner({
      runs: this.runs,
      sink: deps.sink,
      clock: deps.clock,
      scheduler: deps.scheduler ?? systemScheduler,
      random: deps.random ?? Math.random,
      logger: deps.logger,
    });
  }

  /** The playbooks, loaded once; broken files are logged and left out. */
  catalogue(): Promise<Catalogue> {
    this.#catalogue ??= loadCatalogue(
      path.resolve(this.deps.config.VIGIE_SCENARIOS_DIR ?? DEFAULT_SCENARIOS_DIR),
    ).then((catalogue) => {
      for (const problem of catalogue.problems)
        this.deps.logger.warn(problem, "scenario playbook not loaded");
      return catalogue;
    });
    return this.#catalogue;
  }

  /** `GET /scenarios/available`. */
  async available(): Promise<ScenarioCatalogueItem[]> {
    return catalogueItems(await this.catalogue());
  }

  /** Starts playing a catalogue playbook on this node; 404 for any name outside the catalogue. */
  async startRun(request: StartRequest, origin: Origin): Promise<ScenarioRun> {
    const playbook = findPlaybook(await this.catalogue(), request.filename);
    if (!playbook) throw errors.notFound("Scenario");
    if (request.site_id && !(await this.#sites.find(request.site_id))) {
      throw errors.validation("Unknown site", [
        { field: "site_id", message: "No site has this id", type: "unknown_site" },
      ]);
    }
    const run = await this.runs.insert(
      {
        filename: request.filename,
        name: playbook.name,
        speed: request.speed,
        siteId: request.site_id ?? playbook.site_id,
        eventCount: playbook.events.length,
        startedBy: origin.actor?.id ?? null,
      },
      this.deps.clock.now(),
    );
    void this.runner.play(run, playbook);
    await this.#audit(origin, "scenario.started", run, {
      filename: run.filename,
      speed: run.speed,
      site_id: run.site_id,
    });
    return run;
  }

  /** Pauses, resumes, stops or changes the speed of a run, whichever node plays it. */
  async control(runId: string, control: Omit<RunControl, "run_id">, origin: Origin): Promise<ScenarioRun> {
    const run = await this.runs.get(runId);
    if (!run) throw errors.notFound("Scenario run");
    if (run.status !== "running" && run.status !== "paused")
      throw errors.conflict(`The run is already ${run.status}`);
    const { audit, change } = CONTROLS[control.action];
    const wanted = change(run, control.speed);
    if (!wanted) return run;
    const updated = await this.runs.updateActive(run.id, wanted, this.deps.clock.now());
    if (!updated) throw errors.conflict("The run has just finished");
    await this.deps.bus.publish("scenario.control", { run_id: run.id, ...control });
    await this.#audit(origin, audit, updated, control.speed === undefined ? {} : { speed: control.speed });
    return updated;
  }

  /** Follows controls, marks abandoned runs stopped, and on several nodes keeps this node's runs alive. */
  async start(): Promise<void> {
    if (this.#unsubscribe) return;
    this.#unsubscribe = this.deps.bus.subscribe("scenario.control", (control) => this.runner.apply(control));
    const now = this.deps.clock.now();
    const staleBefore = this.#leaseMs === null ? null : new Date(now.getTime() - this.#leaseMs);
    const abandoned = await this.runs.stopAbandoned(staleBefore, now);
    if (abandoned.length)
      this.deps.logger.warn({ runs: abandoned }, "scenario runs left active by a crash marked stopped");
    if (this.#leaseMs !== null)
      this.#heartbeat = setInterval(() => void this.#beat(), this.#leaseMs / 3).unref();
    await this.catalogue();
  }

  /** Stops this node's playbacks (marked stopped) and stops following controls. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    for (const id of await this.runner.stopAll()) {
      await this.runs.updateActive(id, { status: "stopped", error: ABANDONED }, this.deps.clock.now());
    }
  }

  async #beat(): Promise<void> {
    const now = this.deps.clock.now();
    try {
      await this.runs.touch(this.runner.liveIds, now);
      await this.runs.stopAbandoned(new Date(now.getTime() - this.#leaseMs!), now);
    } catch (error) {
      this.deps.logger.error({ err: error }, "scenario heartbeat failed");
    }
  }

  #audit(origin: Origin, action: string, run: ScenarioRun, details: Record<string, unknown>): Promise<void> {
    return this.deps.audit.record({
      ...origin,
      action,
      target_type: "scenario_run",
      target_id: run.id,
      details,
    });
  }
}
