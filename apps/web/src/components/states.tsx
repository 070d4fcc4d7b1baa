import type { ReactNode } from "react";
import { ApiError } from "../api/client.ts";
import { useT } from "../i18n/index.ts";

/** A quiet loading placeholder with an accessible status. */
export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <div role="status" className="flex items-center gap-2 p-6 text-muted">
      <span
        className="size-3 animate-spin rounded-full border-2 border-muted border-t-transparent"
        aria-hidden="true"
      />
      {label ?? t("common.loading")}
    </div>
  );
}

/** What an empty list says, with an optional next step. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div data-testid="empty-state" className="flex flex-col items-center gap-2 p-10 text-center text-muted">
      <p className="text-[14px] font-medium text-fg">{title}</p>
      {children}
    </div>
  );
}

/** A failed query: the API's own message when there is one, and a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const message =
    error instanceof ApiError ? error.body.message : error instanceof Error ? error.message : String(error);
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div
      role="alert"
      className="m-4 flex items-center gap-3 rounded-md border border-red-500/40 bg-red-500/10 p-3"
    >
      <div className="flex-1">
        <p className="font-semibold text-red-700 dark:text-red-300">
          {forbidden ? t("common.forbidden") : t("common.error")}
        </p>
        <p className="text-muted">{message}</p>
      </div>
      {onRetry && (
        <button type="button" className="vg-btn" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Renders a query's loading / error / empty / data states the same way on every page. */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: QueryLike<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.error && query.data === undefined)
    return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data === undefined) return <Loading />;
  if (isEmpty?.(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
