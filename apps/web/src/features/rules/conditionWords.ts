import type { Condition, ConditionValue, FieldTest, ValueTest } from "@vigie/contracts";
import { isConditionNode } from "@vigie/contracts";
import type { MessageKey } from "../../i18n/en.ts";
import type { Translate } from "../../i18n/index.ts";

const valueText = (value: ConditionValue) => (typeof value === "string" ? `“${value}”` : String(value));

/** `field is “a” or “b”`, `Image ends with “\x.exe”`, `dest_ip is absent`. */
function testInWords(t: Translate, subject: string, test: ValueTest): string {
  const op = test.op ?? "eq";
  if (op === "exists") return `${subject} ${test.value === false ? t("cond.absent") : t("cond.op.exists")}`;
  const values = (Array.isArray(test.value) ? test.value : [test.value]).map(valueText);
  const joiner = ` ${t(test.all ? "cond.and" : "cond.or")} `;
  return `${subject} ${t(`cond.op.${op}` as MessageKey)} ${values.join(joiner)}`;
}

/** A part of a larger sentence: several children in parentheses. */
const grouped = (text: string, parts: number) => (parts > 1 ? `(${text})` : text);

/**
 * A condition of the rules' language as a sentence in the reader's language, e.g. `source_ip is
 * “10.0.0.9” and hostname is “srv-backup”`; the equality object reads like an `all` of `is` tests.
 */
export function conditionInWords(t: Translate, condition: unknown): string {
  if (!isConditionNode(condition)) {
    const entries = Object.entries((condition ?? {}) as Record<string, ConditionValue>);
    if (!entries.length) return t("cond.always");
    return entries.map(([field, value]) => testInWords(t, field, { value })).join(` ${t("cond.and")} `);
  }
  const node = condition as Condition;
  const list = (children: Condition[], word: "cond.and" | "cond.or", empty: "cond.always" | "cond.never") =>
    children.length
      ? children.map((child) => grouped(conditionInWords(t, child), childCount(child))).join(` ${t(word)} `)
      : t(empty);
  if ("field" in node) return testInWords(t, (node as FieldTest).field, node);
  if ("keywords" in node) return testInWords(t, t("cond.text"), { op: "contains", ...node.keywords });
  if ("all" in node) return list(node.all, "cond.and", "cond.always");
  if ("any" in node) return list(node.any, "cond.or", "cond.never");
  if ("not" in node) return `${t("cond.not")} (${conditionInWords(t, node.not)})`;
  if ("of" in node)
    return `${t("cond.atLeast", { n: node.at_least })} (${node.of.map((c) => conditionInWords(t, c)).join("; ")})`;
  return t("cond.rule", { id: node.rule });
}

/** How many parts a node joins (parenthesised inside another list when more than one). */
function childCount(node: Condition): number {
  // A field test may carry `all` too (Sigma's `|all`): it is one part.
  if ("field" in node) return 1;
  if ("all" in node) return node.all.length;
  if ("any" in node) return node.any.length;
  return 1;
}
