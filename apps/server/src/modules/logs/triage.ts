import type { EventStatus, LogEvent } from "@vigie/contracts";
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../../container.ts";
import { errors } from "../../http/errors.ts";
import { requestActor } from "../audit/audit.service.ts";

/** Changes an event's triage (both API shapes use it): store, publish `event.updated`, audit. */
export async function triageEvent(
  ctx: AppContext,
  request: FastifyRequest,
  id: string,
  change: { status?: EventStatus; assigned_to?: string | null },
): Promise<LogEvent> {
  const event = await ctx.events.updateTriage(id, change);
  if (!event) throw errors.notFound("Event");
  await ctx.bus.publish("event.updated", { event });
  await ctx.audit.record({
    ...requestActor(request),
    action: "event.triaged",
    target_type: "event",
    target_id: event.id,
    details: change,
  });
  return event;
}
