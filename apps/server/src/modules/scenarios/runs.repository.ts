import type { ScenarioRunStatus } from "@vigie/contracts";
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { scenarioRuns } from "../../platform/db/schema/scenarios.ts";
import { newId } from "../../platform/ids.ts";
import { isUuid } from "../users/users.repository.ts";

const ACTIVE: ScenarioRunStatus[] = ["running", "paused"];

/** A scenario run as the API returns it. */
export type ScenarioRun = ReturnType<typeof toRun>;

/** What a new run records. */
export interface NewRun {
  filename: string;
  name: string;
  speed: number;
  siteId: string;
  eventCount: number;
  startedBy: string | null;
}

/** A change to an active run: a control, or the end of its playback. */
export interface RunChange {
  status?: ScenarioRunStatus;
  speed?: number;
  error?: string;
}

/** The `scenario_runs` table; every write to a run goes through here. */
export class RunsRepository {
  constructor(private readonly db: Database) {}

  /** Records a run that starts now, status running. */
  async insert(run: NewRun, now: Date): Promise<ScenarioRun> {
    const [row] = await this.db.orm
      .insert(scenarioRuns)
      .values({ id: newId(), ...run, status: "running", startedAt: now, updatedAt: now })
      .returning();
    return toRun(row!);
  }

  /** One run, or null for an unknown or malformed id. */
  async get(id: string): Promise<ScenarioRun | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.orm.select().from(scenarioRuns).where(eq(scenarioRuns.id, id));
    return row ? toRun(row) : null;
  }

  /** Runs that are running or paused, newest first. */
  async listActive(): Promise<ScenarioRun[]> {
    const rows = await this.db.orm
      .select()
      .from(scenarioRuns)
      .where(inArray(scenarioRuns.status, ACTIVE))
      .orderBy(desc(scenarioRuns.startedAt));
    return rows.map(toRun);
  }

  /** Applies `change` if the run is still active; null when it is unknown or already finished. */
  async updateActive(id: string, change: RunChange, now: Date): Promise<ScenarioRun | null> {
    if (!isUuid(id)) return null;
    const finished = change.status !== undefined && !ACTIVE.includes(change.status);
    const [row] = await this.db.orm
      .update(scenarioRuns)
      .set({ ...change, updatedAt: now, ...(finished ? { finishedAt: now } : {}) })
      .where(and(eq(scenarioRuns.id, id), inArray(scenarioRuns.status, ACTIVE)))
      .returning();
    return row ? toRun(row) : null;
  }

  /** Persists how many events the run has emitted. */
  async recordProgress(id: string, eventsGenerated: number, now: Date): Promise<void> {
    await this.db.orm
      .update(scenarioRuns)
      .set({ eventsGenerated, updatedAt: now })
      .where(eq(scenarioRuns.id, id));
  }

  /** Heartbeat of the runs a node is playing, so no other node takes them for abandoned. */
  async touch(ids: string[], now: Date): Promise<void> {
    if (!ids.length) return;
    await this.db.orm
      .update(scenarioRuns)
      .set({ updatedAt: now })
      .where(and(inArray(scenarioRuns.id, ids), inArray(scenarioRuns.status, ACTIVE)));
  }

  /** Marks stopped the active runs not updated since `staleBefore` (null: all of them), whose node died; returns their ids. */
  async stopAbandoned(staleBefore: Date | null, now: Date): Promise<string[]> {
    const active = inArray(scenarioRuns.status, ACTIVE);
    const rows = await this.db.orm
      .update(scenarioRuns)
      .set({
        status: "stopped",
        updatedAt: now,
        finishedAt: now,
        error: "Vigie stopped while the run was active",
      })
      .where(staleBefore ? and(active, lt(scenarioRuns.updatedAt, staleBefore)) : active)
      .returning({ id: scenarioRuns.id });
    return rows.map((row) => row.id);
  }
}

function toRun(row: typeof scenarioRuns.$inferSelect) {
  return {
    id: row.id,
    filename: row.filename,
    name: row.name,
    status: row.status,
    speed: row.speed,
    site_id: row.siteId,
    events_generated: row.eventsGenerated,
    event_count: row.eventCount,
    started_by: row.startedBy,
    started_at: row.startedAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    finished_at: row.finishedAt?.toISOString() ?? null,
    error: row.error,
  };
}
