import type { ScenarioCatalogueItem } from "@vigie/contracts";
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/client.ts";
import {
  useControlScenario,
  useRunningScenarios,
  useScenarioCatalogue,
  useStartScenario,
} from "../../api/scenarios.ts";
import { useSites } from "../../api/sites.ts";
import type { ScenarioRun } from "../../api/types.ts";
import { StatusBadge } from "../../components/badges.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { EmptyState, QueryView } from "../../components/states.tsx";
import { useT } from "../../i18n/index.ts";
import { hasRole, useRole } from "../../stores/auth.ts";

/** ATT&CK ids as small chips, tactics (TA…) tinted apart from techniques. */
function Chips({ ids }: { ids: string[] }) {
  return (
    <ul className="flex flex-wrap gap-1">
      {ids.map((id) => (
        <li
          key={id}
          className={`rounded px-1.5 py-px font-mono text-[11px] ${id.startsWith("TA") ? "bg-accent/15 text-fg" : "bg-raised text-muted"}`}
        >
          {id}
        </li>
      ))}
    </ul>
  );
}

/** The sites a run may be aimed at; blank keeps the sites written in the playbook. */
function SiteSelect() {
  const t = useT();
  const sites = useSites();
  return (
    <select name="site_id" className="vg-input w-44" defaultValue="">
      <option value="">{t("scenarios.playbookSite")}</option>
      {(sites.data ?? [])
        .map((s) => s.site_id)
        .sort()
        .map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
    </select>
  );
}

/** One playbook with its start controls (speed and target site), for supervisors and admins. */
function PlaybookCard({ playbook, canRun }: { playbook: ScenarioCatalogueItem; canRun: boolean }) {
  const t = useT();
  const start = useStartScenario();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const site = String(data.get("site_id") ?? "").trim();
    start.mutate({
      filename: playbook.filename,
      speed: Number(data.get("speed")) || 1,
      ...(site ? { site_id: site } : {}),
    });
  };
  return (
    <article
      className="vg-panel flex flex-col gap-2 p-4"
      data-testid="playbook-card"
      data-filename={playbook.filename}
    >
      <div className="flex items-baseline gap-2">
        <h2 className="flex-1 font-semibold">{playbook.name}</h2>
        <span className="text-[12px] text-muted">
          {t("scenarios.eventCount", { count: playbook.event_count })}
        </span>
      </div>
      <p className="text-muted">{playbook.description}</p>
      <Chips ids={[...playbook.mitre_tactics, ...playbook.mitre_techniques]} />
      {canRun && (
        <form onSubmit={submit} className="mt-1 flex flex-wrap items-end gap-2">
          <label className="flex flex-col gap-1">
            <span className="vg-label">{t("scenarios.speed")}</span>
            <input
              name="speed"
              type="number"
              min={0.1}
              max={10}
              step={0.1}
              defaultValue={1}
              className="vg-input w-20"
            />
          </label>
          {/* biome-ignore lint/a11y/noLabelWithoutControl: SiteSelect renders the <select> this label names */}
          <label className="flex flex-col gap-1">
            <span className="vg-label">{t("scenarios.site")}</span>
            <SiteSelect />
          </label>
          <button type="submit" className="vg-btn-primary" disabled={start.isPending}>
            {t("scenarios.start")}
          </button>
          {start.isSuccess && (
            <span role="status" className="text-emerald-600 dark:text-emerald-400">
              {t("scenarios.started")}
            </span>
          )}
          {start.error instanceof ApiError && (
            <p role="alert" className="w-full text-red-600 dark:text-red-400">
              {start.error.body.message}
            </p>
          )}
        </form>
      )}
    </article>
  );
}

/** A running or paused run with its progress and controls. */
function RunRow({ run, canRun }: { run: ScenarioRun; canRun: boolean }) {
  const t = useT();
  const control = useControlScenario();
  const [speed, setSpeed] = useState(String(run.speed));
  const total = run.event_count ?? 0;
  const progress = total > 0 ? Math.min(100, (run.events_generated / total) * 100) : 0;
  const act = (c: Parameters<typeof control.mutate>[0]["control"]) =>
    control.mutate({ runId: run.id, control: c });
  return (
    <li
      className="flex flex-wrap items-center gap-3 py-2"
      data-testid="scenario-run"
      data-status={run.status}
    >
      <span className="min-w-48 flex-1 font-medium">{run.name ?? run.filename}</span>
      <StatusBadge status={run.status} />
      <span className="font-mono text-[12px] text-muted">{run.site_id ?? ""}</span>
      <div className="flex w-48 items-center gap-2" title={`${run.events_generated} / ${total || "?"}`}>
        <div
          role="progressbar"
          aria-label={t("scenarios.progress")}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(progress)}
          className="h-1.5 flex-1 overflow-hidden rounded-full bg-raised"
        >
          <div className="h-full rounded-full bg-accent" style={{ width: `${progress}%` }} />
        </div>
        <span className="tabular-nums text-[12px]">
          {run.events_generated}
          {total ? `/${total}` : ""}
        </span>
      </div>
      {canRun && (
        <div className="flex items-center gap-1.5">
          {run.status === "paused" ? (
            <button type="button" className="vg-btn" onClick={() => act({ action: "resume" })}>
              {t("scenarios.resume")}
            </button>
          ) : (
            <button type="button" className="vg-btn" onClick={() => act({ action: "pause" })}>
              {t("scenarios.pause")}
            </button>
          )}
          <button type="button" className="vg-btn-danger" onClick={() => act({ action: "stop" })}>
            {t("scenarios.stop")}
          </button>
          <input
            type="number"
            min={0.1}
            max={10}
            step={0.1}
            value={speed}
            onChange={(e) => setSpeed(e.target.value)}
            aria-label={t("scenarios.speed")}
            className="vg-input w-20"
          />
          <button
            type="button"
            className="vg-btn"
            onClick={() => act({ action: "speed", speed: Number(speed) })}
          >
            {t("scenarios.setSpeed")}
          </button>
        </div>
      )}
      {control.error instanceof ApiError && (
        <p role="alert" className="w-full text-red-600 dark:text-red-400">
          {control.error.body.message}
        </p>
      )}
    </li>
  );
}

/** `/scenarios`: the attack playbook catalogue and the runs in progress. */
export function ScenariosPage() {
  const t = useT();
  const canRun = hasRole(useRole(), "supervisor");
  const catalogue = useScenarioCatalogue();
  const running = useRunningScenarios();
  return (
    <>
      <PageHeader title={t("nav.scenarios")} />
      <div className="flex min-h-0 flex-1 flex-col gap-5 overflow-auto p-3 sm:p-5">
        <section className="vg-panel px-4 py-2" data-testid="running-scenarios">
          <h2 className="vg-title py-2">{t("scenarios.running")}</h2>
          <QueryView
            query={running}
            isEmpty={(d) => d.length === 0}
            empty={<p className="pb-2 text-muted">{t("scenarios.noneRunning")}</p>}
          >
            {(runs) => (
              <ul className="divide-y divide-line/60">
                {runs.map((run) => (
                  <RunRow key={run.id} run={run} canRun={canRun} />
                ))}
              </ul>
            )}
          </QueryView>
        </section>
        <QueryView
          query={catalogue}
          isEmpty={(d) => d.length === 0}
          empty={<EmptyState title={t("scenarios.empty")} />}
        >
          {(list) => (
            <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
              {list.map((p) => (
                <PlaybookCard key={p.filename} playbook={p} canRun={canRun} />
              ))}
            </div>
          )}
        </QueryView>
      </div>
    </>
  );
}
