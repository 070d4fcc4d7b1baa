import { Link, type LinkProps } from "@tanstack/react-router";
import type { ReactNode } from "react";

/** Where a card leads: a page of the console with its filters in the URL. */
export type CardLink = Pick<LinkProps, "to" | "search">;

/** One headline number with its label and an optional secondary line; a real link to what it counts. */
export function StatCard({
  label,
  value,
  detail,
  tone = "default",
  testId,
  link,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  tone?: "default" | "alarm";
  testId?: string;
  link: CardLink;
}) {
  return (
    <Link
      {...link}
      className="vg-panel flex flex-col gap-1 p-4 transition-colors hover:border-accent focus-visible:border-accent"
      data-testid={testId}
    >
      <h2 className="text-[12.5px] font-medium text-muted">{label}</h2>
      <p
        className={`text-[26px] font-semibold tabular-nums leading-tight ${tone === "alarm" ? "text-red-600 dark:text-red-400" : ""}`}
      >
        {value}
      </p>
      {detail && <p className="text-[12px] text-muted">{detail}</p>}
    </Link>
  );
}
