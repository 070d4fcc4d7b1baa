import { ROLES, type Role } from "@vigie/contracts";
import { useState } from "react";
import { ApiError } from "../../api/client.ts";
import type { AdminUser } from "../../api/types.ts";
import { useUserAction, useUsers } from "../../api/users.ts";
import { Drawer } from "../../components/Drawer.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pagination } from "../../components/Pagination.tsx";
import { RequireRole } from "../../components/RequireRole.tsx";
import { EmptyState, QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { hasRole, useAuthStore, useRole } from "../../stores/auth.ts";
import { NewUserForm } from "./NewUserForm.tsx";

/**
 * What the UI lets an admin do to a user: never deactivate or delete yourself, and never demote or
 * deactivate the last active admin (the server enforces the same, CONTRACT §4.1).
 */
export function userProtections(user: AdminUser, selfId: string | undefined, activeAdmins: number) {
  const isSelf = user.id === selfId;
  const lastAdmin = user.role === "admin" && user.is_active && activeAdmins <= 1;
  return {
    canDeactivate: !isSelf && !lastAdmin,
    canDelete: !isSelf && !lastAdmin,
    canChangeRole: !lastAdmin,
    /** Why the buttons are disabled, said on hover. */
    reason: isSelf ? ("users.selfProtected" as const) : lastAdmin ? ("users.lastAdmin" as const) : undefined,
  };
}

function UserRow({ user, activeAdmins }: { user: AdminUser; activeAdmins: number }) {
  const t = useT();
  const fmt = useFormat();
  const selfId = useAuthStore((s) => s.user?.id);
  const action = useUserAction();
  const rules = userProtections(user, selfId, activeAdmins);
  const why = rules.reason && t(rules.reason);
  return (
    <tr className="border-b border-line/60" data-testid="user-row" data-username={user.username}>
      <td className="px-3 py-1.5 font-medium">
        {user.username}
        {user.id === selfId && <span className="ml-2 text-[11px] text-muted">({t("users.you")})</span>}
      </td>
      <td className="px-3 py-1.5 text-muted">{user.email ?? "—"}</td>
      <td className="px-3 py-1.5">
        <select
          aria-label={t("users.roleOf", { user: user.username })}
          className="vg-input"
          value={user.role}
          disabled={!rules.canChangeRole || action.isPending}
          title={rules.canChangeRole ? undefined : why}
          onChange={(e) => action.mutate({ kind: "role", id: user.id, role: e.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td className="px-3 py-1.5">
        {user.is_active ? t("users.active") : <span className="text-muted">{t("users.inactive")}</span>}
      </td>
      <td className="px-3 py-1.5 tabular-nums text-muted">{fmt.dateTime(user.last_login ?? null)}</td>
      <td className="px-3 py-1.5">
        <div className="flex justify-end gap-1.5">
          {user.is_active ? (
            <button
              type="button"
              className="vg-btn"
              disabled={!rules.canDeactivate}
              title={rules.canDeactivate ? undefined : why}
              onClick={() => action.mutate({ kind: "deactivate", id: user.id })}
            >
              {t("users.deactivate")}
            </button>
          ) : (
            <button
              type="button"
              className="vg-btn"
              onClick={() => action.mutate({ kind: "activate", id: user.id })}
            >
              {t("users.activate")}
            </button>
          )}
          <button
            type="button"
            className="vg-btn-danger"
            disabled={!rules.canDelete}
            title={rules.canDelete ? undefined : why}
            onClick={() =>
              window.confirm(t("common.confirmDelete", { name: user.username })) &&
              action.mutate({ kind: "delete", id: user.id })
            }
          >
            {t("common.delete")}
          </button>
        </div>
        {action.error instanceof ApiError && (
          <p role="alert" className="text-right text-red-600 dark:text-red-400">
            {action.error.body.message}
          </p>
        )}
      </td>
    </tr>
  );
}

function UsersTable() {
  const t = useT();
  const [page, setPage] = useState(1);
  const users = useUsers(page);
  return (
    <QueryView
      query={users}
      isEmpty={(d) => d.items.length === 0}
      empty={<EmptyState title={t("users.empty")} />}
    >
      {(data) => {
        const activeAdmins = data.items.filter((u) => u.role === "admin" && u.is_active).length;
        return (
          <div className="flex min-h-0 flex-1 flex-col">
            <div className="min-h-0 flex-1 overflow-auto">
              <table className="w-full min-w-[52rem] text-[12.5px]" data-testid="users-table">
                <thead className="sticky top-0 bg-raised text-left text-[11px] uppercase tracking-wide text-muted">
                  <tr>
                    {["login.username", "users.email", "users.role", "users.status", "users.lastLogin"].map(
                      (k) => (
                        <th key={k} scope="col" className="px-3 py-1.5 font-semibold">
                          {t(k as "users.role")}
                        </th>
                      ),
                    )}
                    <th scope="col">
                      <span className="sr-only">{t("users.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((u) => (
                    <UserRow key={u.id} user={u} activeAdmins={activeAdmins} />
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={data.page} pages={data.pages} total={data.total} onPage={setPage} />
          </div>
        );
      }}
    </QueryView>
  );
}

/** `/admin/users` (admin): accounts, roles and activation, with self-protection reflected in the UI. */
export function UsersPage() {
  const t = useT();
  const [creating, setCreating] = useState(false);
  const isAdmin = hasRole(useRole(), "admin");
  return (
    <>
      <PageHeader title={t("nav.users")}>
        {isAdmin && (
          <button
            type="button"
            className="vg-btn-primary"
            onClick={() => setCreating(true)}
            data-testid="new-user"
          >
            {t("users.new")}
          </button>
        )}
      </PageHeader>
      <RequireRole minimum="admin">
        <UsersTable />
      </RequireRole>
      {creating && (
        <Drawer title={t("users.new")} onClose={() => setCreating(false)}>
          <NewUserForm onDone={() => setCreating(false)} />
        </Drawer>
      )}
    </>
  );
}
