import type { CaseCreate, CaseDetail, CaseSummary, CaseUpdate } from "@vigie/contracts";
import { SEVERITIES } from "@vigie/contracts";
import type pg from "pg";
import { errors } from "../../http/errors.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import { newId } from "../../platform/ids.ts";
import { inTransaction } from "../alerts/transaction.ts";
import type { AuditSink, ChangeOrigin } from "../rules/audit-port.ts";
import { changesOf } from "./case-changes.ts";
import type { CaseDetailRepository } from "./case-detail.repository.ts";
import type { CaseItemsRepository } from "./case-items.repository.ts";
import { distinctObservables, entityObservables, hashObservables } from "./case-observables.ts";
import { type CaseRow, toCase } from "./case-row.ts";
import type { Actor, CaseFilter, CasesRepository } from "./cases.repository.ts";

/** What the cases service works with. */
export interface CasesDeps {
  db: Database;
  cases: CasesRepository;
  items: CaseItemsRepository;
  detail: CaseDetailRepository;
  bus: Bus;
  clock: Clock;
  audit: AuditSink;
}

/** One audited change of a case: `case.<verb>` and its details. */
export interface CaseAudit {
  action: string;
  details: Record<string, unknown>;
}

/** A change's work inside the transaction: what to audit (nothing: the change changed nothing). */
export type CaseWork = (client: pg.PoolClient, row: CaseRow, by: Actor) => Promise<CaseAudit[]>;

const rank = (severity: string) => SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]);

/** A 422 naming the ids of a field that match nothing. */
export function unknownIds(field: string, what: string, ids: string[]) {
  return errors.validation(`Unknown ${what}: ${ids.slice(0, 10).join(", ")}`, [
    { field, message: `No such ${what}`, type: `unknown_${what}` },
  ]);
}

/**
 * Cases (docs/CASES.md): created from alerts or by hand, changed by any analyst, each change made in one
 * transaction on the locked case, then audited and published (`case.changed`) so open consoles refresh.
 */
export class CasesService {
  constructor(private readonly deps: CasesDeps) {}

  /** One page of cases, most recently changed first. */
  list(filter: CaseFilter, offset: number, limit: number) {
    return this.deps.cases.list(filter, { offset, limit });
  }

  /** One case with its alerts, events, tasks, observables and timeline; 404 when unknown. */
  async get(id: string): Promise<CaseDetail> {
    const row = await this.deps.cases.get(this.deps.db.reads, id);
    if (!row) throw errors.notFound("Case");
    return { ...toCase(row), ...(await this.deps.detail.parts(this.deps.db.reads, row.id)) };
  }

  /**
   * A new case, from alerts (title from the first, severity the highest, observables from their entities and
   * events' hashes) or by hand; 422 for an unknown alert or assignee.
   */
  async create(body: CaseCreate, origin: ChangeOrigin): Promise<CaseDetail> {
    const by = this.#actor(origin);
    const id = newId();
    const { db, cases, items } = this.deps;
    const alertIds = [...new Set(body.alert_ids ?? [])];
    await inTransaction(db, async (client) => {
      const alerts = await items.alerts(client, alertIds);
      const missing = alertIds.filter((a) => !alerts.some((found) => found.id === a));
      if (missing.length) throw unknownIds("alert_ids", "alert", missing);
      const user = body.assignee_id ? await this.#assignee(client, body.assignee_id) : null;
      const severity =
        body.severity ?? alerts.map((a) => a.severity).sort((a, b) => rank(a) - rank(b))[0] ?? "medium";
      const title = body.title ?? alerts[0]!.title;
      await cases.insert(client, id, { ...body, title, severity }, by);
      if (user) await cases.recordChange(client, id, "assignee", null, user.username, by);
      if (alerts.length) {
        await items.linkAlerts(client, id, alertIds, by);
        const found = [...entityObservables(alerts), ...(await hashObservables(client, alerts))];
        await items.addObservables(client, id, distinctObservables(found), by);
      }
    });
    await this.#after(id, origin, [{ action: "case.created", details: { alert_ids: alertIds } }]);
    return this.get(id);
  }

  /** Changes the case's own fields; closing needs a reason, reopening clears it. */
  update(id: string, patch: CaseUpdate, origin: ChangeOrigin): Promise<CaseDetail> {
    return this.change(id, origin, async (client, row, by) => {
      const user = patch.assignee_id ? await this.#assignee(client, patch.assignee_id) : null;
      const { fields, moves } = changesOf(row, patch, by.at);
      // The timeline names people as they were called then.
      for (const m of moves)
        if (m.field === "assignee") Object.assign(m, { from: row.assignee, to: user?.username ?? null });
      if (!moves.length) return [];
      await this.deps.cases.update(client, row.id, fields, by.at);
      for (const m of moves) await this.deps.cases.recordChange(client, row.id, m.field, m.from, m.to, by);
      const details = Object.fromEntries(moves.map((m) => [m.field, { from: m.from, to: m.to }]));
      return [
        {
          action: patch.status === "closed" && row.status !== "closed" ? "case.closed" : "case.updated",
          details,
        },
      ];
    });
  }

  /**
   * Runs one change on the locked case (404 when unknown), stamps it, and after the commit audits what the
   * work reports and publishes `case.changed`; a change that changed nothing records nothing.
   */
  async change(id: string, origin: ChangeOrigin, work: CaseWork): Promise<CaseDetail> {
    const by = this.#actor(origin);
    const audits = await inTransaction(this.deps.db, async (client) => {
      const row = await this.deps.cases.get(client, id, true);
      if (!row) throw errors.notFound("Case");
      const done = await work(client, row, by);
      if (done.length) await this.deps.cases.touch(client, row.id, by.at);
      return done;
    });
    if (audits.length) await this.#after(id, origin, audits);
    return this.get(id);
  }

  /** Audits the changes, then tells every node's consoles. */
  async #after(id: string, origin: ChangeOrigin, audits: CaseAudit[]): Promise<void> {
    await this.deps.audit.recordMany(
      audits.map((a) => ({
        ...origin,
        action: a.action,
        target_type: "case",
        target_id: id,
        details: a.details,
      })),
    );
    const row = await this.deps.cases.get(this.deps.db.pool, id);
    if (row)
      await this.deps.bus.publish("case.changed", {
        case: toCase(row) as CaseSummary & Record<string, unknown>,
      });
  }

  /** The active user an assignee id names; 422 otherwise. */
  async #assignee(client: pg.PoolClient, id: string) {
    const user = await this.deps.cases.activeUser(client, id);
    if (!user)
      throw errors.validation("The assignee is not an active user", [
        { field: "assignee_id", message: "Unknown or deactivated user", type: "unknown_user" },
      ]);
    return user;
  }

  #actor(origin: ChangeOrigin): Actor {
    return {
      id: origin.actor?.id ?? null,
      username: origin.actor?.username ?? null,
      at: this.deps.clock.now(),
    };
  }
}
