import { fieldScalars } from "./conditions/compile.ts";
import { LiteralSearch } from "./conditions/literal-search.ts";
import type { Literals } from "./conditions/literals.ts";
import type { DetectionEvent } from "./types.ts";

/** The literals the rules of a group look for in one field, and which rules each literal lets in. */
interface LiteralField {
  readonly field: string;
  readonly ids: Map<string, number>;
  readonly rulesOf: number[][];
  search: LiteralSearch | null;
}

/**
 * Rules offered the same events by the index's buckets (docs/adr/0013). Rules that need no literal are
 * offered every such event; the others only when a literal they need is in the event, found for the
 * whole group by one pass over each field's text.
 */
export class RuleGroup {
  private readonly plain: number[] = [];
  private readonly fields = new Map<string, LiteralField>();

  /** Adds the rule at `position` of the rule set. */
  add(position: number, literals: Literals | null): void {
    if (!literals) {
      this.plain.push(position);
      return;
    }
    for (const [name, texts] of literals) {
      let field = this.fields.get(name);
      if (!field) {
        field = { field: name, ids: new Map(), rulesOf: [], search: null };
        this.fields.set(name, field);
      }
      for (const text of texts) {
        let id = field.ids.get(text);
        if (id === undefined) {
          id = field.ids.size;
          field.ids.set(text, id);
          field.rulesOf.push([]);
        }
        field.rulesOf[id]!.push(position);
      }
    }
  }

  /** Adds to `into` the positions of the rules this event can match. */
  collect(event: DetectionEvent, into: Set<number>): void {
    for (const position of this.plain) into.add(position);
    for (const field of this.fields.values()) {
      const scalars = fieldScalars(event, field.field);
      if (scalars.length === 0) continue;
      field.search ??= new LiteralSearch([...field.ids.keys()]);
      const found = new Set<number>();
      for (const scalar of scalars) if (scalar.lower !== null) field.search.collect(scalar.lower, found);
      for (const id of found) for (const position of field.rulesOf[id]!) into.add(position);
    }
  }
}
