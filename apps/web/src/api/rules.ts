import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Rule, RuleCreateInput, RuleException, RuleUpdate, SigmaImportResult } from "@vigie/contracts";
import { apiFetch } from "./client.ts";
import type { RuleBacktest } from "./types.ts";

/** All rules (`GET /rules` returns a plain array). */
export function useRules() {
  return useQuery({ queryKey: ["rules"], queryFn: ({ signal }) => apiFetch<Rule[]>("/rules", { signal }) });
}

/** What the rule form saves: a full rule on create, a patch on update. */
export type RuleSave = { id?: undefined; input: RuleCreateInput } | { id: string; input: RuleUpdate };

/** Creates or updates a rule; 422 details reach the form through ApiError.fieldErrors(). */
export function useSaveRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: RuleSave) =>
      id
        ? apiFetch<Rule>(`/rules/${encodeURIComponent(id)}`, { method: "PATCH", body: input })
        : apiFetch<Rule>("/rules", { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["rules"] }),
  });
}

/** Deletes a rule. */
export function useDeleteRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ deleted: boolean }>(`/rules/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["rules"] }),
  });
}

/** Replays stored events against a rule (its exceptions applied or not) without persisting anything. */
export function useBacktestRule() {
  return useMutation({
    mutationFn: ({ id, hours, exceptions }: { id: string; hours: number; exceptions: boolean }) =>
      apiFetch<RuleBacktest>(`/rules/${encodeURIComponent(id)}/test`, {
        method: "POST",
        body: { hours, exceptions },
      }),
  });
}

/** What a Sigma import sends: pasted YAML, or files (YAML or zip). */
export type SigmaSource = { text: string } | { files: File[] };

/** Previews (`dry_run`) or runs a Sigma import (`POST /rules/sigma`); a real import refreshes the rules. */
export function useSigmaImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ source, dryRun }: { source: SigmaSource; dryRun: boolean }) => {
      let body: FormData | string;
      if ("files" in source) {
        body = new FormData();
        for (const file of source.files) body.append("files", file, file.name);
      } else body = source.text;
      return apiFetch<SigmaImportResult>("/rules/sigma", {
        method: "POST",
        query: { dry_run: dryRun, filename: "pasted.yml" },
        body,
        contentType: "application/yaml",
      });
    },
    onSuccess: (result) => {
      if (!result.dry_run) void client.invalidateQueries({ queryKey: ["rules"] });
    },
  });
}

/** What `POST /rules/:id/exceptions` takes: a condition, or an alert and the fields to take from it. */
export type ExceptionCreate = { reason: string; expires_at?: string | null } & (
  | { condition: unknown }
  | { from_alert: string; fields: string[] }
);

const exceptionsPath = (ruleId: string) => `/rules/${encodeURIComponent(ruleId)}/exceptions`;

/** A rule's exceptions (`GET /rules/:id/exceptions`). */
export function useRuleExceptions(ruleId: string) {
  return useQuery({
    queryKey: ["rule-exceptions", ruleId],
    queryFn: ({ signal }) => apiFetch<RuleException[]>(exceptionsPath(ruleId), { signal }),
  });
}

/** Adds, changes or deletes a rule's exceptions; refreshes its list and the rules (their exception count). */
export function useExceptionWrite(ruleId: string) {
  const client = useQueryClient();
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ["rule-exceptions", ruleId] }),
      client.invalidateQueries({ queryKey: ["rules"] }),
    ]);
  const base = exceptionsPath(ruleId);
  return {
    create: useMutation({
      mutationFn: (body: ExceptionCreate) => apiFetch<RuleException>(base, { method: "POST", body }),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({
        id,
        patch,
      }: {
        id: string;
        patch: Partial<Pick<RuleException, "enabled" | "reason">>;
      }) => apiFetch<RuleException>(`${base}/${encodeURIComponent(id)}`, { method: "PATCH", body: patch }),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (id: string) =>
        apiFetch<{ deleted: boolean }>(`${base}/${encodeURIComponent(id)}`, { method: "DELETE" }),
      onSuccess: refresh,
    }),
  };
}
