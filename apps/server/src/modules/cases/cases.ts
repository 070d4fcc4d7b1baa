import type { Bus } from "../../platform/bus/bus.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import type { AuditSink } from "../rules/audit-port.ts";
import { CaseDetailRepository } from "./case-detail.repository.ts";
import { CaseItemsRepository } from "./case-items.repository.ts";
import { CaseItemsService } from "./case-items.service.ts";
import { CasesRepository } from "./cases.repository.ts";
import { CasesService } from "./cases.service.ts";

/** The cases services, built in one place for the container. */
export function createCases(deps: { db: Database; bus: Bus; clock: Clock; audit: AuditSink }) {
  const items = new CaseItemsRepository();
  const cases = new CasesService({
    ...deps,
    cases: new CasesRepository(deps.db),
    items,
    detail: new CaseDetailRepository(),
  });
  return { cases, caseItems: new CaseItemsService(cases, items) };
}
