import { Field } from "../../components/Field.tsx";
import { useT } from "../../i18n/index.ts";
import { conditionInWords } from "./conditionWords.ts";

/**
 * A rule's filter written as a condition tree (JSON, docs/RULES.md), for what `field = value` rows cannot
 * say (a Sigma rule, a rule made from a search); the tree is read back as a sentence under the box.
 */
export function ConditionTreeEditor({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const t = useT();
  let hint: string;
  try {
    hint = t("rules.conditionReads", { words: conditionInWords(t, JSON.parse(value)) });
  } catch {
    hint = t("rules.conditionInvalid");
  }
  return (
    <Field label={label} error={error} hint={hint}>
      {(p) => (
        <textarea
          {...p}
          name="conditions.event_filter"
          rows={Math.min(16, Math.max(4, value.split("\n").length))}
          spellCheck={false}
          className="vg-input h-auto py-1.5 font-mono text-[12px]"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          data-testid="condition-tree"
        />
      )}
    </Field>
  );
}
