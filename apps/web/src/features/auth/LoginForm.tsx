import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { useT } from "../../i18n/index.ts";

/** The sign-in form; `onSubmit` does the call so the form stays testable without a server. */
export function LoginForm({ onSubmit }: { onSubmit: (username: string, password: string) => Promise<void> }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await onSubmit(String(form.get("username") ?? ""), String(form.get("password") ?? ""));
    } catch (cause) {
      setError(cause instanceof ApiError ? cause.body.message : t("login.failed"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" data-testid="login-form">
      <label className="flex flex-col gap-1">
        <span className="vg-label">{t("login.username")}</span>
        <input name="username" autoComplete="username" required className="vg-input h-9" />
      </label>
      <label className="flex flex-col gap-1">
        <span className="vg-label">{t("login.password")}</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="vg-input h-9"
        />
      </label>
      {error && (
        <p
          role="alert"
          className="rounded-md border border-red-500/40 bg-red-500/10 px-3 py-2 text-red-700 dark:text-red-300"
        >
          {error}
        </p>
      )}
      <button type="submit" className="vg-btn-primary h-9" disabled={busy}>
        {busy ? t("login.signingIn") : t("login.submit")}
      </button>
    </form>
  );
}
