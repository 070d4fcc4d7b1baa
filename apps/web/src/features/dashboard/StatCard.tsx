import type { ReactNode } from "react";

/** One headline number with its label and an optional secondary line. */
export function StatCard({
  label,
  value,
  detail,
  tone = "default",
  testId,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  tone?: "default" | "alarm";
  testId?: string;
}) {
  return (
    <section className="vg-panel flex flex-col gap-1 p-4" data-testid={testId}>
      <h2 className="text-[12.5px] font-medium text-muted">{label}</h2>
      <p
        className={`text-[26px] font-semibold tabular-nums leading-tight ${tone === "alarm" ? "text-red-600 dark:text-red-400" : ""}`}
      >
        {value}
      </p>
      {detail && <p className="text-[12px] text-muted">{detail}</p>}
    </section>
  );
}
