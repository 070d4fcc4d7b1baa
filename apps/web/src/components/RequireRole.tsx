import type { Role } from "@vigie/contracts";
import type { ReactNode } from "react";
import { useT } from "../i18n/index.ts";
import { hasRole, useRole } from "../stores/auth.ts";
import { EmptyState } from "./states.tsx";

/** Shows the page only to roles that may use it (CONTRACT §9); others get a plain explanation. */
export function RequireRole({ minimum, children }: { minimum: Role; children: ReactNode }) {
  const t = useT();
  const role = useRole();
  if (!hasRole(role, minimum))
    return <EmptyState title={t("common.forbidden")}>{t("common.forbiddenHint")}</EmptyState>;
  return <>{children}</>;
}
