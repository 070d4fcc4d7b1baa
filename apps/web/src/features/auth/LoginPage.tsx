import { useNavigate, useSearch } from "@tanstack/react-router";
import { login } from "../../api/auth.ts";
import { PreferenceSwitches } from "../../components/PreferenceSwitches.tsx";
import { useT } from "../../i18n/index.ts";
import { useAuthStore } from "../../stores/auth.ts";
import { useLiveStore } from "../../stores/live.ts";
import { LoginForm } from "./LoginForm.tsx";

/** Only same-site paths are followed after login, so a crafted link cannot send the user elsewhere. */
export function safeRedirect(target: string | undefined): string {
  if (!target?.startsWith("/") || target.startsWith("//") || target.startsWith("/login")) return "/dashboard";
  return target;
}

/** `/login`: signs in, then returns to the page the user was going to. */
export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const { redirect } = useSearch({ from: "/login" });
  const onSubmit = async (username: string, password: string) => {
    const { access_token } = await login(username, password);
    useLiveStore.getState().clear();
    useAuthStore.getState().signIn(access_token);
    await navigate({ href: safeRedirect(redirect), replace: true });
  };
  return (
    <div className="grid min-h-full place-items-center p-6">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-3">
          <span
            aria-hidden="true"
            className="grid size-10 place-items-center rounded-lg bg-accent/15 text-lg font-bold text-accent"
          >
            V
          </span>
          <div>
            <h1 className="text-xl font-semibold tracking-tight">Vigie</h1>
            <p className="text-muted">{t("login.subtitle")}</p>
          </div>
        </div>
        <div className="vg-panel p-6">
          <h2 className="mb-4 text-[15px] font-semibold">{t("login.title")}</h2>
          <LoginForm onSubmit={onSubmit} />
        </div>
        <div className="mt-4">
          <PreferenceSwitches />
        </div>
      </div>
    </div>
  );
}
