import { useState } from "react";
import { ApiError } from "../../api/client.ts";
import { useBacktestRule } from "../../api/rules.ts";
import { useFormat, useT } from "../../i18n/index.ts";

/**
 * Replays the last N hours of stored events against a saved rule (with its exceptions, or without them to see
 * what they hide) and lists the groups that would fire.
 */
export function BacktestPanel({ ruleId }: { ruleId: string }) {
  const t = useT();
  const fmt = useFormat();
  const [hours, setHours] = useState(24);
  const [exceptions, setExceptions] = useState(true);
  const backtest = useBacktestRule();
  const result = backtest.data;
  return (
    <section className="flex flex-col gap-3 rounded-md border border-line p-3" data-testid="backtest">
      <div className="flex items-end gap-2">
        <label className="flex flex-col gap-1">
          <span className="vg-label">{t("rules.backtestHours")}</span>
          <input
            type="number"
            min={1}
            max={72}
            className="vg-input w-24"
            value={hours}
            onChange={(e) => setHours(Math.min(72, Math.max(1, Number(e.target.value) || 24)))}
          />
        </label>
        <label className="flex items-center gap-1.5 pb-1.5">
          <input type="checkbox" checked={exceptions} onChange={(e) => setExceptions(e.target.checked)} />
          {t("rules.backtestWithExceptions")}
        </label>
        <button
          type="button"
          className="vg-btn-primary"
          disabled={backtest.isPending}
          onClick={() => backtest.mutate({ id: ruleId, hours, exceptions })}
          data-testid="backtest-run"
        >
          {backtest.isPending ? t("common.loading") : t("rules.backtest")}
        </button>
      </div>
      {backtest.error instanceof ApiError && (
        <p role="alert" className="text-red-600 dark:text-red-400">
          {backtest.error.body.message}
        </p>
      )}
      {result && (
        <div data-testid="backtest-result" className="flex flex-col gap-2">
          <p>
            {t("rules.backtestSummary", {
              events: fmt.number(result.events_evaluated),
              alerts: fmt.number(result.alerts_would_fire),
            })}
          </p>
          {result.alerts.length > 0 && (
            <table className="w-full text-[12.5px]">
              <thead>
                <tr className="text-left text-muted">
                  <th className="py-1 font-medium">{t("rules.groupValue")}</th>
                  <th className="py-1 text-right font-medium">{t("alerts.col.events")}</th>
                </tr>
              </thead>
              <tbody>
                {result.alerts.map((a, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: one group may fire several times
                  <tr key={i} className="border-t border-line/60">
                    <td className="py-1 font-mono">{a.group_value ?? "—"}</td>
                    <td className="py-1 text-right tabular-nums">{a.matched_event_count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
