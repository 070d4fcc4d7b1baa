import { compileFieldReader, type FieldReader } from "./conditions/fields.ts";
import { indexKey, type Requirements } from "./conditions/requirements.ts";
import type { DetectionEvent, Detector } from "./types.ts";

/**
 * Fields a rule is preferably indexed under, most telling first: the values these take split events
 * into many small groups (a Windows event ID, a normalized event type), so each event meets few rules.
 */
const PREFERRED_FIELDS = ["EventID", "event_type", "Channel", "source_type", "Provider_Name", "EventType"];

/** Picks the field a rule is indexed under: a preferred one, else the one with the fewest values. */
function dispatchField(requirements: Requirements): string | null {
  for (const field of PREFERRED_FIELDS) if (requirements.get(field)?.size) return field;
  let best: string | null = null;
  for (const [field, values] of requirements) {
    if (values.size && (best === null || values.size < (requirements.get(best)?.size ?? 0))) best = field;
  }
  return best;
}

interface IndexedField {
  readonly read: FieldReader;
  readonly byValue: Map<string, number[]>;
}

/**
 * Offers each event only the rules that can match it (docs/adr/0013): every rule whose condition
 * requires one of a few values in some field is filed under those values; the others are offered
 * every event. Candidates come back in the rules' own order, so evaluation stays deterministic.
 */
export class RuleIndex {
  private readonly fields = new Map<string, IndexedField>();
  private readonly unindexed: number[] = [];

  constructor(private readonly detectors: readonly Detector[]) {
    detectors.forEach((detector, position) => {
      const field = dispatchField(detector.requirements);
      if (field === null) {
        this.unindexed.push(position);
        return;
      }
      let indexed = this.fields.get(field);
      if (!indexed) {
        indexed = { read: compileFieldReader(field), byValue: new Map() };
        this.fields.set(field, indexed);
      }
      for (const value of detector.requirements.get(field) ?? []) {
        const list = indexed.byValue.get(value) ?? [];
        list.push(position);
        indexed.byValue.set(value, list);
      }
    });
  }

  /** How many rules are offered every event. */
  get unindexedCount(): number {
    return this.unindexed.length;
  }

  /** The rules that can match the event, in rule order. */
  candidates(event: DetectionEvent): Detector[] {
    const positions = new Set<number>(this.unindexed);
    for (const { read, byValue } of this.fields.values()) {
      const value = read(event);
      for (const item of Array.isArray(value) ? value : [value]) {
        const key = indexKey(item);
        const found = key === null ? undefined : byValue.get(key);
        if (found) for (const position of found) positions.add(position);
      }
    }
    return [...positions].sort((a, b) => a - b).map((position) => this.detectors[position]!);
  }
}
