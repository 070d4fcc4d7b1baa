import type { CaseDetail, ObservableKind } from "@vigie/contracts";
import { errors } from "../../http/errors.ts";
import type { ChangeOrigin } from "../rules/audit-port.ts";
import type { CaseItemsRepository } from "./case-items.repository.ts";
import { distinctObservables, entityObservables, hashObservables } from "./case-observables.ts";
import { type CasesService, unknownIds } from "./cases.service.ts";

/**
 * What hangs on a case: linked alerts, pinned events, notes, tasks and observables. Each change goes through
 * `CasesService.change` (locked case, one transaction, audited, published).
 */
export class CaseItemsService {
  constructor(
    private readonly cases: CasesService,
    private readonly items: CaseItemsRepository,
  ) {}

  /** Links alerts (422 for unknown ones) and adds their observables. */
  addAlerts(id: string, alertIds: string[], origin: ChangeOrigin): Promise<CaseDetail> {
    return this.cases.change(id, origin, async (client, row, by) => {
      const unique = [...new Set(alertIds)];
      const alerts = await this.items.alerts(client, unique);
      const missing = unique.filter((a) => !alerts.some((found) => found.id === a));
      if (missing.length) throw unknownIds("alert_ids", "alert", missing);
      const linked = await this.items.linkAlerts(client, row.id, unique, by);
      const fresh = alerts.filter((a) => linked.includes(a.id));
      const found = [...entityObservables(fresh), ...(await hashObservables(client, fresh))];
      await this.items.addObservables(client, row.id, distinctObservables(found), by);
      return linked.length ? [{ action: "case.alerts_added", details: { alert_ids: linked } }] : [];
    });
  }

  /** Unlinks one alert (404 when it is not linked); its observables stay. */
  removeAlert(id: string, alertId: string, origin: ChangeOrigin): Promise<CaseDetail> {
    return this.cases.change(id, origin, async (client, row) => {
      if (!(await this.items.unlinkAlert(client, row.id, alertId)))
        throw errors.notFound("Alert in this case");
      return [{ action: "case.alert_removed", details: { alert_id: alertId } }];
    });
  }

  /** Pins stored events (422 for unknown ones). */
  pinEvents(id: string, eventIds: string[], origin: ChangeOrigin): Promise<CaseDetail> {
    return this.cases.change(id, origin, async (client, row, by) => {
      const unique = [...new Set(eventIds)];
      const events = await this.items.events(client, unique);
      const missing = unique.filter((e) => !events.some((found) => found.id === e));
      if (missing.length) throw unknownIds("event_ids", "event", missing);
      const pinned = await this.items.pinEvents(client, row.id, events, by);
      return pinned.length ? [{ action: "case.events_pinned", details: { event_ids: pinned } }] : [];
    });
  }

  /** Unpins one event (404 when it is not pinned). */
  unpinEvent(id: string, eventId: string, origin: ChangeOrigin): Promise<CaseDetail> {
    return this.cases.change(id, origin, async (client, row) => {
      if (!(await this.items.unpinEvent(client, row.id, eventId)))
        throw errors.notFound("Event in this case");
      return [{ action: "case.event_unpinned", details: { event_id: eventId } }];
    });
  }

  /** Adds a note to the timeline. */
  addNote(id: string, body: string, origin: ChangeOrigin): Promise<CaseDetail> {
    return this.cases.change(id, origin, async (client, row, by) => {
      const noteId = await this.items.addNote(client, row.id, body, by);
      return [{ action: "case.note_added", details: { note_id: noteId, body } }];
    });
  }

  /** Adds a task at the end of the checklist. */
  addTask(id: string, title: string, origin: ChangeOrigin): Promise<CaseDetail> {
    return this.cases.change(id, origin, async (client, row, by) => {
      const task = await this.items.addTask(client, row.id, title, by.at);
      return [{ action: "case.task_added", details: { task_id: task.id, title } }];
    });
  }

  /** Ticks or unticks a task (404 when the case has no such task). */
  setTask(id: string, taskId: string, done: boolean, origin: ChangeOrigin): Promise<CaseDetail> {
    return this.cases.change(id, origin, async (client, row, by) => {
      const result = await this.items.setTaskDone(client, row.id, taskId, done, by);
      if (!result) throw errors.notFound("Task");
      if (!result.changed) return [];
      const action = done ? "case.task_done" : "case.task_reopened";
      return [{ action, details: { task_id: taskId, title: result.task.title } }];
    });
  }

  /** Deletes a task (404 when the case has no such task). */
  deleteTask(id: string, taskId: string, origin: ChangeOrigin): Promise<CaseDetail> {
    return this.cases.change(id, origin, async (client, row) => {
      const title = await this.items.deleteTask(client, row.id, taskId);
      if (title === null) throw errors.notFound("Task");
      return [{ action: "case.task_deleted", details: { task_id: taskId, title } }];
    });
  }

  /** Adds an observable by hand; 409 when the case already holds it. */
  addObservable(id: string, kind: ObservableKind, value: string, origin: ChangeOrigin): Promise<CaseDetail> {
    return this.cases.change(id, origin, async (client, row, by) => {
      const normal = kind === "hash" || kind === "host" || kind === "domain" ? value.toLowerCase() : value;
      const [added] = await this.items.addObservables(client, row.id, [{ kind, value: normal }], by);
      if (!added) throw errors.conflict(`The case already has the ${kind} ${normal}`);
      return [{ action: "case.observable_added", details: { observable_id: added.id, kind, value: normal } }];
    });
  }

  /** Deletes an observable (404 when the case has no such observable). */
  deleteObservable(id: string, observableId: string, origin: ChangeOrigin): Promise<CaseDetail> {
    return this.cases.change(id, origin, async (client, row) => {
      const gone = await this.items.deleteObservable(client, row.id, observableId);
      if (!gone) throw errors.notFound("Observable");
      return [{ action: "case.observable_deleted", details: { kind: gone.kind, value: gone.value } }];
    });
  }
}
