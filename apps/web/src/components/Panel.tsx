import type { ReactNode } from "react";

/** A titled card: the one header style of every dashboard and site panel, actions on the right. */
export function Panel({
  title,
  actions,
  testId,
  className = "",
  children,
}: {
  title: string;
  actions?: ReactNode;
  testId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section className={`vg-panel flex min-w-0 flex-col ${className}`} data-testid={testId}>
      {/* A long title wraps in a narrow card rather than losing its end. */}
      <div className="flex min-h-11 shrink-0 items-center gap-2 border-b border-line px-4 py-2">
        <h2 className="vg-title min-w-0 flex-1">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
