import { compileFieldReader, EVENT_KIND_FIELDS, type FieldReader } from "./conditions/fields.ts";
import { indexKey, type RequiredValues } from "./conditions/requirements.ts";
import { RuleGroup } from "./rule-group.ts";
import type { DetectionEvent, Detector } from "./types.ts";

/**
 * Picks the field a rule is indexed under: a field naming the event's kind (in `EVENT_KIND_FIELDS`
 * order, most telling first: its values split events into many small groups), else the one with the
 * fewest values.
 */
function dispatchField(values: RequiredValues): string | null {
  for (const field of EVENT_KIND_FIELDS) if (values.get(field)?.size) return field;
  let best: string | null = null;
  for (const [field, required] of values) {
    if (required.size && (best === null || required.size < (values.get(best)?.size ?? 0))) best = field;
  }
  return best;
}

interface IndexedField {
  readonly read: FieldReader;
  readonly byValue: Map<string, RuleGroup>;
}

/**
 * Offers each event only the rules that can match it (docs/adr/0013), in two steps:
 * - buckets: every rule whose condition requires one of a few values in some field is filed under those
 *   values; the others are offered every event;
 * - literals: within a bucket, a rule whose condition needs one of some texts in a field (`Image` ending
 *   in `\whoami.exe`, a command line holding `-enc`) is offered the event only when one of them is
 *   there (`RuleGroup`).
 * Candidates come back in the rules' own order, so evaluation stays deterministic.
 */
export class RuleIndex {
  private readonly fields = new Map<string, IndexedField>();
  private readonly everyEvent = new RuleGroup();
  private unindexed = 0;
  private withLiterals = 0;

  constructor(private readonly detectors: readonly Detector[]) {
    detectors.forEach((detector, position) => {
      const { values, literals } = detector.requirements;
      if (literals) this.withLiterals++;
      const field = dispatchField(values);
      if (field === null) {
        this.unindexed++;
        this.everyEvent.add(position, literals);
        return;
      }
      let indexed = this.fields.get(field);
      if (!indexed) {
        indexed = { read: compileFieldReader(field), byValue: new Map() };
        this.fields.set(field, indexed);
      }
      for (const value of values.get(field) ?? []) {
        let group = indexed.byValue.get(value);
        if (!group) {
          group = new RuleGroup();
          indexed.byValue.set(value, group);
        }
        group.add(position, literals);
      }
    });
  }

  /** How many rules no bucket holds (offered every event their literals allow). */
  get unindexedCount(): number {
    return this.unindexed;
  }

  /** How many rules are offered an event only when one of their literals is in it. */
  get literalCount(): number {
    return this.withLiterals;
  }

  /** The rules that can match the event, in rule order. */
  candidates(event: DetectionEvent): Detector[] {
    const positions = new Set<number>();
    this.everyEvent.collect(event, positions);
    for (const { read, byValue } of this.fields.values()) {
      const value = read(event);
      for (const item of Array.isArray(value) ? value : [value]) {
        const key = indexKey(item);
        const group = key === null ? undefined : byValue.get(key);
        group?.collect(event, positions);
      }
    }
    return [...positions].sort((a, b) => a - b).map((position) => this.detectors[position]!);
  }
}
