import type { SigmaImportResult } from "@vigie/contracts";
import { useState } from "react";
import { ApiError } from "../../api/client.ts";
import { type SigmaSource, useSigmaImport } from "../../api/rules.ts";
import { Drawer } from "../../components/Drawer.tsx";
import { useFormat, useT } from "../../i18n/index.ts";

const STATUS_TONE: Record<string, string> = {
  created: "text-emerald-700 dark:text-emerald-400",
  updated: "text-sky-700 dark:text-sky-400",
  skipped: "text-amber-800 dark:text-amber-400",
};

/** What an import did or would do, rule by rule: status, the sources it reads, or why it was skipped. */
export function ImportOutcome({ result }: { result: SigmaImportResult }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <div className="flex flex-col gap-2" data-testid="sigma-result">
      <p className="font-medium">
        {t(result.dry_run ? "sigma.previewSummary" : "sigma.importSummary", {
          created: fmt.number(result.created),
          updated: fmt.number(result.updated),
          skipped: fmt.number(result.skipped),
          unsourced: fmt.number(result.no_matching_source),
        })}
      </p>
      <div className="max-h-[50vh] overflow-auto rounded-md border border-line">
        <table className="w-full text-[12.5px]">
          <thead className="sticky top-0 bg-panel">
            <tr className="text-left text-muted">
              <th className="px-2 py-1.5 font-medium">{t("sigma.col.rule")}</th>
              <th className="px-2 py-1.5 font-medium">{t("sigma.col.status")}</th>
              <th className="px-2 py-1.5 font-medium">{t("sigma.col.detail")}</th>
            </tr>
          </thead>
          <tbody>
            {result.rules.map((outcome, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: two files may hold rules of the same title
              <tr key={index} className="border-t border-line/60 align-top" data-testid="sigma-outcome">
                <td className="px-2 py-1.5">
                  <div className="font-medium">{outcome.rule}</div>
                  <div className="break-all font-mono text-[11.5px] text-muted">{outcome.file}</div>
                </td>
                <td className={`px-2 py-1.5 font-medium ${STATUS_TONE[outcome.status] ?? ""}`}>
                  {t(`sigma.${result.dry_run ? "would" : "status"}.${outcome.status}`)}
                </td>
                <td className="px-2 py-1.5">
                  {outcome.status === "skipped" ? (
                    <>
                      {outcome.reason}
                      {outcome.path && <span className="font-mono text-muted"> ({outcome.path})</span>}
                    </>
                  ) : outcome.sources?.length ? (
                    outcome.sources.join(", ")
                  ) : (
                    <span className="text-amber-800 dark:text-amber-400">{t("sigma.noSource")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The drawer to import Sigma rules: paste YAML or pick files, preview what would happen, then import. */
export function SigmaImportDrawer({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const run = useSigmaImport();
  const source: SigmaSource | null = files.length ? { files } : text.trim() ? { text } : null;
  const send = (dryRun: boolean) => source && run.mutate({ source, dryRun });
  const error = run.error instanceof ApiError ? run.error : null;
  return (
    <Drawer title={t("sigma.title")} onClose={onClose} testId="sigma-drawer">
      <div className="flex flex-col gap-4">
        <p className="text-muted">{t("sigma.intro")}</p>
        <label className="flex flex-col gap-1">
          <span className="vg-label">{t("sigma.paste")}</span>
          <textarea
            className="vg-input min-h-56 font-mono text-[12px]"
            spellCheck={false}
            value={text}
            disabled={files.length > 0}
            onChange={(e) => {
              setText(e.target.value);
              run.reset();
            }}
            data-testid="sigma-text"
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="vg-label">{t("sigma.files")}</span>
          <input
            type="file"
            multiple
            accept=".yml,.yaml,.zip"
            className="vg-input"
            onChange={(e) => {
              setFiles([...(e.target.files ?? [])]);
              run.reset();
            }}
            data-testid="sigma-files"
          />
        </label>
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className="vg-btn"
            disabled={!source || run.isPending}
            onClick={() => send(true)}
            data-testid="sigma-preview"
          >
            {t("sigma.preview")}
          </button>
          <button
            type="button"
            className="vg-btn-primary"
            disabled={!source || run.isPending}
            onClick={() => send(false)}
            data-testid="sigma-import"
          >
            {run.isPending ? t("common.loading") : t("sigma.import")}
          </button>
        </div>
        {error && (
          <div role="alert" className="rounded-md border border-red-400/40 bg-red-400/10 px-3 py-2">
            <p className="font-medium">{error.body.message}</p>
            {error.body.details?.map((detail, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: details may repeat a field
              <p key={index} className="font-mono text-[12px]">
                {detail.field}: {detail.message}
              </p>
            ))}
          </div>
        )}
        {run.data && <ImportOutcome result={run.data} />}
      </div>
    </Drawer>
  );
}
