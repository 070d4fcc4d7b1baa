import type { ReactNode } from "react";

/** The title row of every page, with its actions on the right. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="flex flex-wrap items-center gap-3 border-b border-line bg-panel px-3 py-3 sm:px-5">
      <h1 className="text-[16px] font-semibold tracking-tight">{title}</h1>
      <div className="flex min-w-0 flex-1 flex-wrap items-center justify-end gap-2">{children}</div>
    </header>
  );
}
