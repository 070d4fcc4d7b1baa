/** A value a Sigma detection compares a field with, as written in the YAML. */
export type SigmaScalar = string | number | boolean | null;

/** One field (or keyword, when `field` is null) tested against values with Sigma modifiers. */
export interface SigmaFieldTest {
  kind: "test";
  field: string | null;
  modifiers: string[];
  values: SigmaScalar[];
  /** Where the test was written, as a YAML path (`detection.selection.Image|endswith`). */
  path: string;
}

/** A Sigma detection as a boolean tree over field tests, before it meets Vigie's condition language. */
export type SigmaExpr =
  | SigmaFieldTest
  | { kind: "all"; items: SigmaExpr[] }
  | { kind: "any"; items: SigmaExpr[] }
  | { kind: "not"; item: SigmaExpr };

/** The `logsource` of a Sigma rule: which kind of telemetry it was written for. */
export interface SigmaLogsource {
  product?: string;
  category?: string;
  service?: string;
}

/** A problem with one part of one rule of one file: what an import answers for skipped rules. */
export interface SigmaIssue {
  file: string;
  /** The rule's title, or its position in the file when it has none. */
  rule: string;
  /** The YAML path of the offending part (`detection.condition`, `detection.sel.Image|foo`). */
  path: string;
  message: string;
}

/** Thrown while reading one rule; the reader turns it into a `SigmaIssue`. */
export class SigmaRuleError extends Error {
  constructor(
    readonly path: string,
    message: string,
    /** Why, in one short phrase, for counting unsupported rules by reason. */
    readonly reason: string = message,
  ) {
    super(message);
  }
}
