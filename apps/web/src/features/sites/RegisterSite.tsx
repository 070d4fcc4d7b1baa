import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { useRegisterSite } from "../../api/sites.ts";
import { Field } from "../../components/Field.tsx";
import { Panel } from "../../components/Panel.tsx";
import { useT } from "../../i18n/index.ts";

/**
 * A site id that events carry but no site was created for: why it is there, and (admin) the form that
 * registers it under that id, keeping its events.
 */
export function RegisterSite({ siteId, canRegister }: { siteId: string; canRegister: boolean }) {
  const t = useT();
  const register = useRegisterSite(siteId);
  const [name, setName] = useState("");
  const errors = register.error instanceof ApiError ? register.error.fieldErrors() : {};
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    register.mutate(name.trim() || siteId);
  };
  return (
    <Panel title={t("sites.unregisteredTitle")} testId="site-register" className="xl:col-span-2">
      <div className="flex flex-col gap-3 p-4">
        <p className="max-w-prose text-muted">{t("sites.unregisteredExplained")}</p>
        {canRegister ? (
          <form
            onSubmit={submit}
            className="flex max-w-xl flex-wrap items-end gap-2"
            data-testid="site-register-form"
          >
            <Field label={t("sites.registerName")} error={errors.name} className="min-w-0 flex-1 basis-56">
              {(p) => (
                <input
                  {...p}
                  name="name"
                  value={name}
                  maxLength={200}
                  placeholder={siteId}
                  onChange={(e) => setName(e.target.value)}
                  className="vg-input"
                />
              )}
            </Field>
            <button type="submit" className="vg-btn-primary" disabled={register.isPending}>
              {t("sites.register")}
            </button>
          </form>
        ) : (
          <p className="text-muted">{t("sites.registerAskAdmin")}</p>
        )}
        {register.error instanceof ApiError && !errors.name && (
          <p role="alert" className="text-red-600 dark:text-red-400">
            {register.error.body.message}
          </p>
        )}
      </div>
    </Panel>
  );
}
