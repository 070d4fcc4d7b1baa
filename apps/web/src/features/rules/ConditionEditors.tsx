import type { RuleType } from "@vigie/contracts";
import type { ReactNode } from "react";
import { Field } from "../../components/Field.tsx";
import { useT } from "../../i18n/index.ts";
import { ConditionTreeEditor } from "./ConditionTreeEditor.tsx";
import { FilterEditor } from "./FilterEditor.tsx";
import type { RuleFormState } from "./ruleForm.ts";

/** What every condition editor receives. */
export interface EditorProps {
  state: RuleFormState;
  set: (patch: Partial<RuleFormState>) => void;
  /** The message at `path` or below it (`conditions.event_filter` also shows `conditions.event_filter.x`). */
  errorAt: (path: string) => string | undefined;
  errors: Record<string, string>;
  listId: string;
}

function NumberField({
  label,
  path,
  value,
  onChange,
  errorAt,
  hint,
  min = 1,
}: {
  min?: number;
  label: string;
  path: string;
  value: string;
  onChange: (v: string) => void;
  errorAt: EditorProps["errorAt"];
  hint?: string;
}) {
  return (
    <Field label={label} error={errorAt(path)} hint={hint}>
      {(p) => (
        <input
          {...p}
          name={path}
          type="number"
          min={min}
          inputMode="numeric"
          className="vg-input w-32"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** Window and group-by, common to every rule type. */
function WindowAndGroup({ state, set, errorAt, listId }: EditorProps) {
  const t = useT();
  return (
    <div className="flex flex-wrap gap-4">
      <NumberField
        label={t("rules.window")}
        path="conditions.window_seconds"
        value={state.window_seconds}
        onChange={(v) => set({ window_seconds: v })}
        errorAt={errorAt}
        hint={t("rules.seconds")}
      />
      <Field label={t("rules.groupBy")} error={errorAt("conditions.group_by")} hint={t("rules.groupByHint")}>
        {(p) => (
          <input
            {...p}
            name="conditions.group_by"
            list={listId}
            className="vg-input w-52 font-mono"
            value={state.group_by}
            onChange={(e) => set({ group_by: e.target.value })}
          />
        )}
      </Field>
    </div>
  );
}

/**
 * The rule's own event filter (threshold, aggregation and first-seen rules; a sequence has one per step):
 * rows of `field = value`, or a condition tree when the rule holds one.
 */
function EventFilter({ state, set, errorAt, listId }: EditorProps) {
  const t = useT();
  if (state.event_condition)
    return (
      <ConditionTreeEditor
        label={t("rules.eventFilter")}
        value={state.event_condition}
        onChange={(value) => set({ event_condition: value })}
        error={errorAt("conditions.event_filter")}
      />
    );
  return (
    <FilterEditor
      label={t("rules.eventFilter")}
      rows={state.event_filter}
      onChange={(rows) => set({ event_filter: rows })}
      error={errorAt("conditions.event_filter")}
      listId={listId}
    />
  );
}

function ThresholdEditor(props: EditorProps) {
  const t = useT();
  const { state, set, errorAt } = props;
  return (
    <>
      <EventFilter {...props} />
      <NumberField
        label={t("rules.threshold")}
        path="conditions.threshold"
        value={state.threshold}
        onChange={(v) => set({ threshold: v })}
        errorAt={errorAt}
        hint={t("rules.thresholdHint")}
      />
      <WindowAndGroup {...props} />
    </>
  );
}

function AggregationEditor(props: EditorProps) {
  const t = useT();
  const { state, set, errorAt, listId } = props;
  return (
    <>
      <EventFilter {...props} />
      <div className="flex flex-wrap gap-4">
        <Field
          label={t("rules.aggregationField")}
          error={errorAt("conditions.aggregation_field")}
          hint={t("rules.aggregationHint")}
        >
          {(p) => (
            <input
              {...p}
              name="conditions.aggregation_field"
              list={listId}
              className="vg-input w-52 font-mono"
              value={state.aggregation_field}
              onChange={(e) => set({ aggregation_field: e.target.value })}
            />
          )}
        </Field>
        <NumberField
          label={t("rules.distinctThreshold")}
          path="conditions.threshold"
          value={state.threshold}
          onChange={(v) => set({ threshold: v })}
          errorAt={errorAt}
        />
      </div>
      <WindowAndGroup {...props} />
    </>
  );
}

function SequenceEditor(props: EditorProps) {
  const t = useT();
  const { state, set, errorAt, listId } = props;
  const setStep = (i: number, patch: Partial<RuleFormState["steps"][number]>) =>
    set({ steps: state.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  return (
    <>
      <ol className="flex flex-col gap-3" data-testid="sequence-steps">
        {state.steps.map((step, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are ordered and have no identity besides position
          <li key={i} className="rounded-md border border-line p-3">
            <div className="mb-2 flex items-center gap-2">
              <span className="font-semibold">{t("rules.step", { n: i + 1 })}</span>
              <span className="flex-1" />
              <button
                type="button"
                className="vg-btn"
                disabled={state.steps.length <= 2}
                onClick={() => set({ steps: state.steps.filter((_, j) => j !== i) })}
              >
                {t("rules.removeStep")}
              </button>
            </div>
            <FilterEditor
              label={t("rules.eventFilter")}
              rows={step.event_filter}
              onChange={(rows) => setStep(i, { event_filter: rows })}
              error={errorAt(`conditions.steps.${i}.event_filter`)}
              listId={listId}
            />
            <NumberField
              label={t("rules.count")}
              path={`conditions.steps.${i}.count`}
              value={step.count}
              onChange={(v) => setStep(i, { count: v })}
              errorAt={errorAt}
            />
          </li>
        ))}
      </ol>
      {props.errors["conditions.steps"] && (
        <p role="alert" data-testid="field-error" className="text-[12px] text-red-600 dark:text-red-400">
          {props.errors["conditions.steps"]}
        </p>
      )}
      <div>
        <button
          type="button"
          className="vg-btn"
          onClick={() =>
            set({
              steps: [...state.steps, { event_filter: [{ field: "event_type", value: "" }], count: "1" }],
            })
          }
        >
          {t("rules.addStep")}
        </button>
      </div>
      <WindowAndGroup {...props} />
    </>
  );
}

/** A value new to its group's history: the filter, the fields whose values must be new, whose history, how long. */
function FirstSeenEditor(props: EditorProps) {
  const t = useT();
  const { state, set, errorAt, listId } = props;
  return (
    <>
      <EventFilter {...props} />
      <div className="flex flex-wrap gap-4">
        <Field
          label={t("rules.firstSeenFields")}
          error={errorAt("conditions.fields")}
          hint={t("rules.firstSeenFieldsHint")}
        >
          {(p) => (
            <input
              {...p}
              name="conditions.fields"
              list={listId}
              className="vg-input w-72 font-mono"
              value={state.fields}
              onChange={(e) => set({ fields: e.target.value })}
            />
          )}
        </Field>
        <Field
          label={t("rules.groupBy")}
          error={errorAt("conditions.group_by")}
          hint={t("rules.firstSeenGroupHint")}
        >
          {(p) => (
            <input
              {...p}
              name="conditions.group_by"
              list={listId}
              className="vg-input w-52 font-mono"
              value={state.group_by}
              onChange={(e) => set({ group_by: e.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="flex flex-wrap gap-4">
        <NumberField
          label={t("rules.historyDays")}
          path="conditions.history_days"
          value={state.history_days}
          onChange={(v) => set({ history_days: v })}
          errorAt={errorAt}
          hint={t("rules.days")}
        />
        <NumberField
          label={t("rules.learningDays")}
          path="conditions.learning_days"
          value={state.learning_days}
          onChange={(v) => set({ learning_days: v })}
          errorAt={errorAt}
          min={0}
          hint={t("rules.learningHint")}
        />
      </div>
    </>
  );
}

/** The conditions editor of each rule type. */
export const CONDITION_EDITORS: Record<RuleType, (props: EditorProps) => ReactNode> = {
  threshold: ThresholdEditor,
  sequence: SequenceEditor,
  aggregation: AggregationEditor,
  first_seen: FirstSeenEditor,
};
