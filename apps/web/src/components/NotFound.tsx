import { Link } from "@tanstack/react-router";
import { useT } from "../i18n/index.ts";
import { EmptyState } from "./states.tsx";

/** Unknown client route. */
export function NotFound() {
  const t = useT();
  return (
    <EmptyState title={t("common.notFound")}>
      <Link to="/dashboard" className="text-accent underline">
        {t("nav.dashboard")}
      </Link>
    </EmptyState>
  );
}
