import { ROLES, type Role } from "@vigie/contracts";
import type { FormEvent } from "react";
import { ApiError } from "../../api/client.ts";
import { useUserAction } from "../../api/users.ts";
import { Field } from "../../components/Field.tsx";
import { useT } from "../../i18n/index.ts";

/** Admin form to create a user with a role; API validation shows next to each field. */
export function NewUserForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const action = useUserAction();
  const errors = action.error instanceof ApiError ? action.error.fieldErrors() : {};
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const user = {
      username: String(d.get("username") ?? "").trim(),
      email: String(d.get("email") ?? "").trim(),
      password: String(d.get("password") ?? ""),
      role: String(d.get("role")) as Role,
    };
    action.mutate({ kind: "create", user }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" data-testid="new-user-form">
      <Field label={t("login.username")} error={errors.username}>
        {(p) => <input {...p} name="username" required minLength={3} maxLength={32} className="vg-input" />}
      </Field>
      <Field label={t("users.email")} error={errors.email}>
        {(p) => <input {...p} name="email" type="email" required className="vg-input" />}
      </Field>
      <Field label={t("login.password")} error={errors.password} hint={t("users.passwordHint")}>
        {(p) => (
          <input
            {...p}
            name="password"
            type="password"
            required
            minLength={8}
            autoComplete="new-password"
            className="vg-input"
          />
        )}
      </Field>
      <Field label={t("users.role")} error={errors.role}>
        {(p) => (
          <select {...p} name="role" defaultValue="analyst" className="vg-input">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {action.error instanceof ApiError && !Object.keys(errors).length && (
        <p role="alert" className="text-red-600 dark:text-red-400">
          {action.error.body.message}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" className="vg-btn" onClick={onDone}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="vg-btn-primary" disabled={action.isPending}>
          {t("common.create")}
        </button>
      </div>
    </form>
  );
}
