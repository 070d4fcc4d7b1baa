import { type FormEvent, useRef, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { useUpdateSite } from "../../api/sites.ts";
import type { Site } from "../../api/types.ts";
import { Field } from "../../components/Field.tsx";
import { Panel } from "../../components/Panel.tsx";
import { type Translate, useT } from "../../i18n/index.ts";
import {
  type LineError,
  MAX_NETWORKS,
  type NetworkLine,
  parseNetworkLines,
  validateNetworks,
} from "./networks.ts";

/** A problem found before sending, in the reader's language. */
function lineMessage(t: Translate, error: LineError): string {
  if (error.problem === "tooMany") return t("sites.networksTooMany", { max: MAX_NETWORKS });
  return t(`sites.network.${error.problem}`, { line: error.line, value: error.value });
}

/**
 * The server's refusal, next to the field: `details[].field` is `networks.<index of the entry sent>`, which
 * points back at the editor's line; anything else (404, 403, a whole-list problem) is its message as is.
 */
export function serverMessages(t: Translate, error: unknown, sent: NetworkLine[]): string[] {
  if (!(error instanceof ApiError)) return [];
  const lines = (error.body.details ?? []).flatMap((d) => {
    const entry = sent[Number(d.field.match(/^networks\.(\d+)$/)?.[1] ?? Number.NaN)];
    return entry ? [t("sites.network.server", { line: entry.line, message: d.message })] : [];
  });
  return lines.length ? lines : [error.body.message];
}

/** Networks as read-only chips, for those who may not change them. */
function NetworkList({ networks }: { networks: string[] }) {
  const t = useT();
  if (networks.length === 0) return <p className="text-muted">{t("sites.networksNone")}</p>;
  return (
    <ul className="flex flex-wrap gap-1.5" data-testid="site-networks-list">
      {networks.map((n) => (
        <li key={n} className="rounded bg-raised px-1.5 py-0.5 font-mono text-[12px]">
          {n}
        </li>
      ))}
    </ul>
  );
}

/** The editor: one network per line, checked as typed once left or submitted, then sent to the server. */
function NetworksForm({ site }: { site: Site }) {
  const t = useT();
  const update = useUpdateSite(site.site_id);
  const saved = (site.networks ?? []).join("\n");
  const [text, setText] = useState(saved);
  const [checked, setChecked] = useState(false);
  const sent = useRef<NetworkLine[]>([]);
  const entries = parseNetworkLines(text);
  const problems = checked ? validateNetworks(entries).map((e) => lineMessage(t, e)) : [];
  const errors = problems.length ? problems : serverMessages(t, update.error, sent.current);
  const unchanged = entries.map((e) => e.value).join("\n") === saved;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setChecked(true);
    if (validateNetworks(entries).length) return;
    sent.current = entries;
    update.mutate(
      { networks: entries.map((entry) => entry.value) },
      { onSuccess: (site) => setText(site.networks.join("\n")) },
    );
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3 p-4" data-testid="site-networks-form" noValidate>
      <Field
        label={t("sites.networksLabel")}
        hint={t("sites.networksHint")}
        error={errors.join("\n") || undefined}
      >
        {(p) => (
          <textarea
            {...p}
            name="networks"
            value={text}
            rows={Math.min(12, Math.max(4, entries.length + 1))}
            spellCheck={false}
            placeholder="10.7.0.0/16"
            className="vg-input h-auto py-1.5 font-mono text-[12.5px]"
            onChange={(e) => {
              setText(e.target.value);
              update.reset();
            }}
            onBlur={() => setChecked(true)}
          />
        )}
      </Field>
      <div className="flex flex-wrap items-center justify-end gap-2">
        {update.isSuccess && unchanged && (
          <span role="status" className="mr-auto text-emerald-600 dark:text-emerald-400">
            {t("sites.networksSaved")}
          </span>
        )}
        <button
          type="button"
          className="vg-btn"
          disabled={unchanged || update.isPending}
          onClick={() => {
            setText(saved);
            setChecked(false);
            update.reset();
          }}
        >
          {t("common.cancel")}
        </button>
        <button type="submit" className="vg-btn-primary" disabled={unchanged || update.isPending}>
          {update.isPending ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </form>
  );
}

/** The sender networks syslog maps to this site: admins edit them (the API allows only them), others read them. */
export function SiteNetworks({ site, canEdit }: { site: Site; canEdit: boolean }) {
  const t = useT();
  return (
    <Panel title={t("sites.networks")} testId="site-networks">
      {!canEdit ? (
        <div className="p-4">
          <NetworkList networks={site.networks ?? []} />
        </div>
      ) : (
        <NetworksForm site={site} />
      )}
    </Panel>
  );
}
