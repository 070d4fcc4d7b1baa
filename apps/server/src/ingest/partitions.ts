import type pg from "pg";

/** The UTC day (YYYY-MM-DD) of a time: the events partition it belongs to. */
export function dayOf(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/** The oldest day retention keeps at `now` with a window of `days`: every older day is dropped. */
export function firstKeptDay(now: Date, days: number): string {
  return dayOf(new Date(now.getTime() - days * 86_400_000));
}

/** Tables partitioned by event day, created and dropped together: the events and their search index. */
const DAILY_TABLES = ["events", "event_search"] as const;

function partitionName(table: (typeof DAILY_TABLES)[number], day: string): string {
  return `${table}_p${day.replaceAll("-", "")}`;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Creates daily partitions of `events` (and of its search index) on demand and remembers which exist. */
export class PartitionManager {
  private readonly known = new Set<string>();

  constructor(private readonly pool: pg.Pool) {}

  /** Makes sure a partition exists for each day (idempotent, safe with several nodes). */
  async ensure(days: Iterable<string>): Promise<void> {
    for (const day of days) {
      if (this.known.has(day)) continue;
      await this.create(day);
      this.known.add(day);
    }
  }

  /** Existing partition days, oldest first (for retention). */
  async list(): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events' ORDER BY c.relname`,
    );
    return rows.map((r) => r.name.replace(/^events_p(\d{4})(\d\d)(\d\d)$/, "$1-$2-$3"));
  }

  /** Drops one day of events and of their search index at once (retention). */
  async drop(day: string): Promise<void> {
    for (const table of DAILY_TABLES)
      await this.pool.query(`DROP TABLE IF EXISTS ${partitionName(table, day)}`);
    this.known.delete(day);
  }

  private async create(day: string): Promise<void> {
    if (!/^\d{4}-\d\d-\d\d$/.test(day)) throw new Error(`Bad partition day ${day}`);
    for (const table of DAILY_TABLES) {
      const sql = `CREATE TABLE IF NOT EXISTS ${partitionName(table, day)} PARTITION OF ${table}
        FOR VALUES FROM ('${day} 00:00:00+00') TO ('${nextDay(day)} 00:00:00+00')`;
      try {
        await this.pool.query(sql);
      } catch (error) {
        // Another node created it between our check and our statement: that is the outcome we wanted.
        const code = (error as { code?: string }).code;
        if (code !== "42P07" && code !== "23505") throw error;
      }
    }
  }
}
