/** The steps of the coverage colour scale: no rule, one, two to four, five or more enabled rules. */
export const COVERAGE_STEPS = ["none", "one", "few", "many"] as const;
export type CoverageStep = (typeof COVERAGE_STEPS)[number];

/** The step of a technique covered by `rules` enabled rules. */
export function coverageStep(rules: number): CoverageStep {
  if (rules <= 0) return "none";
  if (rules === 1) return "one";
  return rules < 5 ? "few" : "many";
}

/** Cell colours of each step, readable in both themes (text contrast ≥ 4.5:1 on its background). */
export const STEP_CLASSES: Record<CoverageStep, string> = {
  none: "border-line bg-raised text-muted",
  one: "border-sky-400 bg-sky-200 text-sky-950 dark:border-sky-600 dark:bg-sky-950 dark:text-sky-50",
  few: "border-sky-600 bg-sky-400 text-sky-950 dark:border-sky-400 dark:bg-sky-700 dark:text-white",
  many: "border-sky-900 bg-sky-700 text-white dark:border-sky-200 dark:bg-sky-400 dark:text-sky-950",
};
