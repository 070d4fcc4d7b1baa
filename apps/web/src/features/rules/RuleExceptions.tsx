import type { RuleException } from "@vigie/contracts";
import { useState } from "react";
import { ApiError } from "../../api/client.ts";
import { useExceptionWrite, useRuleExceptions } from "../../api/rules.ts";
import { useDateTimeText } from "../../components/DateTimeInput.tsx";
import { Field } from "../../components/Field.tsx";
import { Switch } from "../../components/Switch.tsx";
import { QueryView } from "../../components/states.tsx";
import { useFormat, useT } from "../../i18n/index.ts";
import { conditionInWords } from "./conditionWords.ts";
import { errorsUnder, expiryOf, type ReasonAndExpiry, ReasonAndExpiryFields } from "./ExceptionFields.tsx";

/** One exception: its condition in words, reason, author, expiry, and (for writers) its switch and deletion. */
function ExceptionItem({ exception, canWrite }: { exception: RuleException; canWrite: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const { update, remove } = useExceptionWrite(exception.rule_id);
  const expiry = exception.expires_at;
  const expired = expiry !== null && new Date(expiry) <= new Date();
  return (
    <li className="flex flex-col gap-1 px-3 py-2" data-testid="exception-item">
      <div className="flex items-start gap-2">
        <Switch
          checked={exception.enabled}
          label={t("rules.exception.apply")}
          disabled={!canWrite || update.isPending}
          onToggle={() => update.mutate({ id: exception.id, patch: { enabled: !exception.enabled } })}
        />
        <span className={`font-mono text-[12.5px] ${exception.active ? "" : "text-muted line-through"}`}>
          {conditionInWords(t, exception.condition)}
        </span>
        {canWrite && (
          <button
            type="button"
            className="ml-auto text-[12px] text-red-600 hover:underline dark:text-red-400"
            onClick={() => remove.mutate(exception.id)}
          >
            {t("rules.exception.delete")}
          </button>
        )}
      </div>
      <p className="pl-11">{exception.reason}</p>
      <p className="pl-11 text-[12px] text-muted">
        {t("rules.exception.by", { user: exception.author ?? "—", date: fmt.dateTime(exception.created_at) })}
        {" · "}
        {expiry
          ? t(expired ? "rules.exception.expired" : "rules.exception.expires", { date: fmt.dateTime(expiry) })
          : t("rules.exception.noExpiry")}
      </p>
    </li>
  );
}

/** The Add form: a condition in the rules' language (JSON), a reason and an optional expiry. */
function AddException({ ruleId }: { ruleId: string }) {
  const t = useT();
  const { create } = useExceptionWrite(ruleId);
  const time = useDateTimeText();
  const [text, setText] = useState("");
  const [meta, setMeta] = useState<ReasonAndExpiry>({ reason: "", expires: "" });
  const [parseError, setParseError] = useState<string>();
  const submit = () => {
    let condition: unknown;
    try {
      condition = JSON.parse(text);
    } catch (error) {
      setParseError(error instanceof Error ? error.message : String(error));
      return;
    }
    setParseError(undefined);
    create.mutate(
      { condition, reason: meta.reason, expires_at: expiryOf(meta.expires, time.read) },
      {
        onSuccess: () => {
          setText("");
          setMeta({ reason: "", expires: "" });
        },
      },
    );
  };
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Field
        label={t("rules.exception.condition")}
        error={parseError ?? errorsUnder(create.error, "condition")}
      >
        {(props) => (
          <textarea
            {...props}
            className="vg-input min-h-16 font-mono"
            placeholder='{"source_ip": "10.0.0.9"}'
            value={text}
            data-testid="exception-condition"
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      <ReasonAndExpiryFields value={meta} onChange={setMeta} error={create.error} />
      {create.error instanceof ApiError && !create.error.body.details?.length && (
        <p role="alert" className="text-red-600 dark:text-red-400">
          {create.error.body.message}
        </p>
      )}
      <div>
        <button type="submit" className="vg-btn-primary" disabled={create.isPending || !text.trim()}>
          {t("rules.exception.add")}
        </button>
      </div>
    </form>
  );
}

/** The rule drawer's exceptions: the list, and for supervisors and admins the Add form. */
export function RuleExceptions({ ruleId, canWrite }: { ruleId: string; canWrite: boolean }) {
  const t = useT();
  const query = useRuleExceptions(ruleId);
  return (
    <section className="flex flex-col gap-3 rounded-md border border-line p-3" data-testid="rule-exceptions">
      <div>
        <h3 className="vg-label">{t("rules.exceptions")}</h3>
        <p className="text-[12px] text-muted">{t("rules.exceptionsHint")}</p>
      </div>
      <QueryView query={query}>
        {(exceptions) =>
          exceptions.length ? (
            <ul className="flex flex-col divide-y divide-line/60 rounded-md border border-line">
              {exceptions.map((exception) => (
                <ExceptionItem key={exception.id} exception={exception} canWrite={canWrite} />
              ))}
            </ul>
          ) : (
            <p className="text-muted">{t("rules.noExceptions")}</p>
          )
        }
      </QueryView>
      {canWrite && <AddException ruleId={ruleId} />}
    </section>
  );
}
