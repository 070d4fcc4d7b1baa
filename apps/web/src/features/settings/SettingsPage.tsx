import { type FormEvent, useState } from "react";
import { type ProfileChange, useMe, useUpdateMe } from "../../api/auth.ts";
import { ApiError } from "../../api/client.ts";
import { Field } from "../../components/Field.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PreferenceSwitches } from "../../components/PreferenceSwitches.tsx";
import { QueryView } from "../../components/states.tsx";
import { useT } from "../../i18n/index.ts";
import { SignalSettings } from "./SignalSettings.tsx";
import { TimeZoneSetting } from "./TimeZoneSetting.tsx";

/** Only the fields that changed go into the PATCH (the API answers 422 when nothing changes). */
export function profileChange(
  form: FormData,
  current: { username: string; email: string | null },
): ProfileChange {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const change: ProfileChange = { current_password: String(form.get("current_password") ?? "") };
  if (text("username") && text("username") !== current.username) change.username = text("username");
  if (text("email") && text("email") !== (current.email ?? "")) change.email = text("email");
  if (form.get("new_password")) change.password = String(form.get("new_password"));
  return change;
}

function ProfileForm({ me }: { me: { username: string; email: string | null; role: string } }) {
  const t = useT();
  const update = useUpdateMe();
  const [mismatch, setMismatch] = useState(false);
  const errors = update.error instanceof ApiError ? update.error.fieldErrors() : {};
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const ok = form.get("new_password") === form.get("confirm_password");
    setMismatch(!ok);
    if (ok) update.mutate(profileChange(form, me), { onSuccess: () => e.currentTarget?.reset() });
  };
  return (
    <form onSubmit={submit} className="vg-panel flex max-w-lg flex-col gap-3 p-5" data-testid="profile-form">
      <h2 className="vg-title">{t("settings.profile")}</h2>
      <Field label={t("login.username")} error={errors.username}>
        {(p) => <input {...p} name="username" defaultValue={me.username} className="vg-input" />}
      </Field>
      <Field label={t("users.email")} error={errors.email}>
        {(p) => <input {...p} name="email" type="email" defaultValue={me.email ?? ""} className="vg-input" />}
      </Field>
      <Field label={t("settings.newPassword")} error={errors.password} hint={t("users.passwordHint")}>
        {(p) => (
          <input
            {...p}
            name="new_password"
            type="password"
            autoComplete="new-password"
            className="vg-input"
          />
        )}
      </Field>
      <Field label={t("settings.confirmPassword")} error={mismatch ? t("settings.mismatch") : undefined}>
        {(p) => (
          <input
            {...p}
            name="confirm_password"
            type="password"
            autoComplete="new-password"
            className="vg-input"
          />
        )}
      </Field>
      <Field label={t("settings.currentPassword")} error={errors.current_password}>
        {(p) => (
          <input
            {...p}
            name="current_password"
            type="password"
            required
            autoComplete="current-password"
            className="vg-input"
          />
        )}
      </Field>
      {update.error instanceof ApiError && (
        <p role="alert" className="text-red-600 dark:text-red-400">
          {update.error.body.message}
        </p>
      )}
      {update.isSuccess && (
        <p role="status" className="text-emerald-600 dark:text-emerald-400">
          {t("settings.saved")}
        </p>
      )}
      <div className="flex justify-end">
        <button type="submit" className="vg-btn-primary" disabled={update.isPending}>
          {t("common.save")}
        </button>
      </div>
    </form>
  );
}

/** `/settings`: the user's own profile and password, and display preferences. */
export function SettingsPage() {
  const t = useT();
  const me = useMe();
  return (
    <>
      <PageHeader title={t("nav.settings")} />
      <div className="flex min-h-0 flex-1 flex-col gap-5 overflow-auto p-3 sm:p-5">
        <QueryView query={me}>{(data) => <ProfileForm me={data} />}</QueryView>
        <section className="vg-panel flex max-w-lg flex-col gap-3 p-5">
          <h2 className="vg-title">{t("settings.display")}</h2>
          <PreferenceSwitches />
          <TimeZoneSetting />
        </section>
        <SignalSettings />
      </div>
    </>
  );
}
