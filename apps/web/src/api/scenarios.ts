import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ScenarioCatalogueItem } from "@vigie/contracts";
import { apiFetch } from "./client.ts";
import type { ScenarioRun } from "./types.ts";

/** The playbook catalogue. */
export function useScenarioCatalogue() {
  return useQuery({
    queryKey: ["scenarios", "available"],
    queryFn: ({ signal }) => apiFetch<ScenarioCatalogueItem[]>("/scenarios/available", { signal }),
  });
}

/** Runs that are running or paused; refreshed every few seconds while any is active, for progress. */
export function useRunningScenarios() {
  return useQuery({
    queryKey: ["scenarios", "running"],
    queryFn: ({ signal }) => apiFetch<ScenarioRun[]>("/scenarios/running", { signal }),
    refetchInterval: (query) => ((query.state.data?.length ?? 0) > 0 ? 2_000 : false),
  });
}

/** Starts a playbook. */
export function useStartScenario() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { filename: string; speed?: number; site_id?: string }) =>
      apiFetch<ScenarioRun>("/scenarios/start", { method: "POST", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["scenarios", "running"] }),
  });
}

/** The controls of a running scenario, keyed by the action name. */
export type ScenarioControl = { action: "stop" | "pause" | "resume" } | { action: "speed"; speed: number };

/** Pauses, resumes, stops or changes the speed of a run. */
export function useControlScenario() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ runId, control }: { runId: string; control: ScenarioControl }) => {
      const base = `/scenarios/${encodeURIComponent(runId)}`;
      return control.action === "speed"
        ? apiFetch<ScenarioRun>(`${base}/speed`, { method: "PUT", body: { speed: control.speed } })
        : apiFetch<ScenarioRun>(`${base}/${control.action}`, { method: "POST" });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ["scenarios", "running"] }),
  });
}
