import { useState } from "react";
import { ApiError } from "../../api/client.ts";
import { type IndicatorImportReport, useImportIndicators } from "../../api/indicators.ts";
import { useDateTimeText } from "../../components/DateTimeInput.tsx";
import { Drawer } from "../../components/Drawer.tsx";
import { Field } from "../../components/Field.tsx";
import { useFormat, useT } from "../../i18n/index.ts";

const FORMATS = ["auto", "text", "csv", "stix", "misp"] as const;

/** What an import did: counts, the look-back, and each refused line or object with its reason. */
function ImportReport({ report }: { report: IndicatorImportReport }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <div className="flex flex-col gap-2" data-testid="indicator-report">
      <p className="font-medium">
        {t("intel.report", {
          accepted: fmt.number(report.accepted),
          added: fmt.number(report.added),
          updated: fmt.number(report.updated),
          refused: fmt.number(report.refused_count),
        })}
      </p>
      <p className="text-muted">
        {report.look_back.skipped
          ? t("intel.lookBackSkipped", { reason: report.look_back.skipped })
          : t("intel.lookBack", {
              days: report.look_back.days,
              scanned: fmt.number(report.look_back.events_scanned),
              matched: fmt.number(report.look_back.events_matched),
              alerts: fmt.number(report.look_back.alerts),
            })}
      </p>
      {report.refused.length > 0 && (
        <ul className="max-h-[40vh] overflow-auto rounded-md border border-line text-[12.5px]">
          {report.refused.map((refusal, index) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: one STIX object may be refused once per reason
              key={index}
              className="border-t border-line/60 px-2 py-1 first:border-t-0"
              data-testid="indicator-refused"
            >
              <span className="font-mono">{refusal.ref}</span>: {refusal.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The drawer to import an indicator list (admin): paste or pick a file, name the source, set the defaults. */
export function IndicatorImportDrawer({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [text, setText] = useState("");
  const [source, setSource] = useState("");
  const [confidence, setConfidence] = useState(50);
  const [expiresAt, setExpiresAt] = useState("");
  const [format, setFormat] = useState<(typeof FORMATS)[number]>("auto");
  const run = useImportIndicators();
  const time = useDateTimeText();
  const error = run.error instanceof ApiError ? run.error : null;
  const fields = error?.fieldErrors() ?? {};
  const send = () =>
    run.mutate({
      text,
      source: source.trim(),
      confidence,
      format,
      expiresAt: time.read(expiresAt) || undefined,
    });
  return (
    <Drawer title={t("intel.import")} onClose={onClose} testId="indicator-import">
      <div className="flex flex-col gap-4">
        <p className="text-muted">{t("intel.importIntro")}</p>
        <Field label={t("intel.source")} error={fields.source}>
          {(props) => (
            <input
              {...props}
              className="vg-input"
              value={source}
              maxLength={100}
              onChange={(e) => setSource(e.target.value)}
              data-testid="indicator-source"
            />
          )}
        </Field>
        <div className="flex flex-wrap gap-3">
          <Field label={t("intel.confidence")} error={fields.confidence}>
            {(props) => (
              <input
                {...props}
                type="number"
                min={0}
                max={100}
                className="vg-input w-24"
                value={confidence}
                onChange={(e) => setConfidence(Number(e.target.value))}
              />
            )}
          </Field>
          <Field label={`${t("intel.expiresAt")} (${time.zoneLabel})`} error={fields.expires_at}>
            {(props) => (
              <input
                {...props}
                {...time.inputProps}
                className="vg-input tabular-nums"
                value={expiresAt}
                onChange={(e) => setExpiresAt(e.target.value)}
              />
            )}
          </Field>
          <Field label={t("intel.format")}>
            {(props) => (
              <select
                {...props}
                className="vg-input"
                value={format}
                onChange={(e) => setFormat(e.target.value as (typeof FORMATS)[number])}
              >
                {FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {t(`intel.format.${f}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={t("intel.paste")} error={fields.body}>
          {(props) => (
            <textarea
              {...props}
              className="vg-input min-h-48 font-mono text-[12px]"
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="indicator-text"
            />
          )}
        </Field>
        <label className="flex flex-col gap-1">
          <span className="vg-label">{t("intel.file")}</span>
          <input
            type="file"
            accept=".txt,.csv,.json"
            className="vg-input"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) setText(await file.text());
            }}
          />
        </label>
        <div>
          <button
            type="button"
            className="vg-btn-primary"
            disabled={!text.trim() || !source.trim() || run.isPending}
            onClick={send}
            data-testid="indicator-import-send"
          >
            {run.isPending ? t("common.loading") : t("intel.importSend")}
          </button>
        </div>
        {error && (
          <p role="alert" className="rounded-md border border-red-400/40 bg-red-400/10 px-3 py-2">
            {error.body.message}
          </p>
        )}
        {run.data && <ImportReport report={run.data} />}
      </div>
    </Drawer>
  );
}
