import { useState } from "react";
import { ApiError } from "../../api/client.ts";
import { useCreateSiteToken, useRevokeSiteToken, useSiteTokens } from "../../api/sites.ts";
import { Panel } from "../../components/Panel.tsx";
import { QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";

/** Ingest tokens of a site (admin): list, issue (secret shown once) and revoke. */
export function SiteTokens({ siteId }: { siteId: string }) {
  const t = useT();
  const fmt = useFormat();
  const tokens = useSiteTokens(siteId, true);
  const create = useCreateSiteToken(siteId);
  const revoke = useRevokeSiteToken(siteId);
  const [name, setName] = useState("");
  return (
    <Panel title={t("sites.tokens")} testId="site-tokens">
      <div className="flex flex-col gap-3 p-4">
        <form
          className="flex flex-wrap gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(name.trim() || `${siteId}-token`, { onSuccess: () => setName("") });
          }}
        >
          <input
            className="vg-input min-w-0 flex-1 basis-40"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t("sites.tokenName")}
            aria-label={t("sites.tokenName")}
          />
          <button type="submit" className="vg-btn-primary" disabled={create.isPending}>
            {t("sites.newToken")}
          </button>
        </form>
        {create.data && (
          <div role="status" className="rounded-md border border-emerald-500/40 bg-emerald-500/10 p-3">
            <p className="mb-1 font-semibold">{t("sites.tokenOnce")}</p>
            <code className="block break-all font-mono text-[12px]" data-testid="new-token-secret">
              {create.data.token}
            </code>
          </div>
        )}
        {(create.error ?? revoke.error) instanceof ApiError && (
          <p role="alert" className="text-red-600 dark:text-red-400">
            {((create.error ?? revoke.error) as ApiError).body.message}
          </p>
        )}
        <QueryView
          query={tokens}
          isEmpty={(d) => d.length === 0}
          empty={<p className="text-muted">{t("sites.noTokens")}</p>}
        >
          {(list) => (
            <ul className="flex flex-col divide-y divide-line/60">
              {list.map((token) => (
                <li key={token.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5">
                  <span className="min-w-0 flex-1 basis-32 truncate">{token.name ?? token.id}</span>
                  {token.prefix && <code className="font-mono text-[12px] text-muted">{token.prefix}…</code>}
                  <span className="text-[12px] text-muted">
                    {t("sites.tokenLastUsed", {
                      when: token.last_used_at ? fmt.dateTime(token.last_used_at) : t("common.never"),
                    })}
                  </span>
                  {token.revoked_at ? (
                    <span className="text-muted">{t("sites.revoked")}</span>
                  ) : (
                    <button type="button" className="vg-btn-danger" onClick={() => revoke.mutate(token.id)}>
                      {t("sites.revoke")}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </QueryView>
      </div>
    </Panel>
  );
}
