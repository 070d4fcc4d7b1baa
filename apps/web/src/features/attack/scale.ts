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
  one: "border-sky-300 bg-sky-100 text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100",
  few: "border-sky-500 bg-sky-300 text-sky-950 dark:border-sky-600 dark:bg-sky-800 dark:text-white",
  many: "border-sky-800 bg-sky-700 text-white dark:border-sky-300 dark:bg-sky-400 dark:text-sky-950",
};
