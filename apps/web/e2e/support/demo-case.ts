import type { VigieApi } from "./api.ts";

const DESCRIPTION =
  "Failed logins from one address block against several sites within minutes. Scope: which accounts were tried, whether any logon succeeded, and whether the block appears in other sites' firewall logs.";

/** The screenshots' case: made once per server from the newest three alerts, with a note, tasks and a pinned event. */
export async function demoCase(api: VigieApi): Promise<string> {
  const existing = await api.asAdmin<{ items: { id: string }[] }>("GET", "/api/v1/cases?q=Scope");
  if (existing.items[0]) return existing.items[0].id;
  const alerts = await api.asAdmin<{ items: { id: string; matched_event_ids: string[] }[] }>(
    "GET",
    "/api/v1/alerts?per_page=3&status=new,acknowledged,investigating",
  );
  const created = await api.asAdmin<{ id: string }>("POST", "/api/v1/cases", {
    alert_ids: alerts.items.map((a) => a.id),
    description: DESCRIPTION,
  });
  const at = `/api/v1/cases/${created.id}`;
  const event = alerts.items[0]?.matched_event_ids[0];
  if (event) await api.asAdmin("POST", `${at}/events`, { event_ids: [event] });
  await api.asAdmin("POST", `${at}/notes`, {
    body: "Called the site: nobody at the front desk tried to sign in at that time.",
  });
  for (const title of [
    "Check for a successful logon from the block",
    "Block the range at the firewall",
    "Reset the tried accounts",
  ])
    await api.asAdmin("POST", `${at}/tasks`, { title });
  const detail = await api.asAdmin<{ tasks: { id: string }[] }>("GET", at);
  await api.asAdmin("PATCH", `${at}/tasks/${detail.tasks[0]!.id}`, { done: true });
  await api.asAdmin("PATCH", at, { status: "in_progress" });
  return created.id;
}
