import type { AppContext } from "../../container.ts";
import { errors } from "../../http/errors.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { Clock } from "../../platform/clock.ts";
import { newId } from "../../platform/ids.ts";
import { inTransaction } from "../alerts/transaction.ts";
import type { AuditSink, ChangeOrigin } from "../rules/audit-port.ts";
import { type IndicatorFormat, readIndicatorFile } from "./formats/index.ts";
import { FatalFileError, type ReadIndicator, type Refusal } from "./formats/types.ts";
import { normaliseIndicator } from "./indicator-values.ts";
import { type IndicatorInput, IndicatorsRepository } from "./indicators.repository.ts";
import { type LookBackDeps, type LookBackReport, lookBack } from "./look-back.ts";

/** Indicators one import may list (more: 413, nothing stored). */
export const MAX_IMPORT_INDICATORS = 200_000;
/** Refusals the answer lists one by one (all are counted). */
const MAX_REPORTED_REFUSALS = 1_000;

/** The defaults of an import, for lines and objects that do not say. */
export interface ImportOptions {
  format: IndicatorFormat;
  source: string;
  confidence: number;
  expires_at: Date | null;
}

/** The answer to an import. */
export interface ImportReport {
  import_id: string;
  source: string;
  accepted: number;
  added: number;
  updated: number;
  refused_count: number;
  refused: Refusal[];
  look_back: LookBackReport;
}

/** What the service works with. */
export interface IndicatorsDeps extends LookBackDeps {
  repository: IndicatorsRepository;
  bus: Bus;
  audit: AuditSink;
  clock: Clock;
  lookBackDays: number;
}

/**
 * Indicator lists (docs/THREAT-INTEL.md): imported line by line with a report of what was refused, stored
 * in one transaction (a fatal error stores nothing), audited, announced on `indicators.changed` so every
 * node reloads its matcher, then searched for in the last days of stored events.
 */
export class IndicatorsService {
  constructor(private readonly deps: IndicatorsDeps) {}

  /** Imports a file's indicators under `options.source`. */
  async import(text: string, options: ImportOptions, origin: ChangeOrigin): Promise<ImportReport> {
    const { inputs, refused } = this.#read(text, options);
    const importId = newId();
    const now = this.deps.clock.now();
    const added = await inTransaction(this.deps.db, (client) =>
      this.deps.repository.upsert(client, inputs, importId, origin.actor?.username ?? null, now),
    );
    await this.deps.audit.record({
      ...origin,
      action: "indicators.imported",
      target_type: "indicator_source",
      target_id: options.source,
      details: { import_id: importId, accepted: inputs.length, added: added.length, refused: refused.length },
    });
    await this.deps.bus.publish("indicators.changed", { source: options.source });
    // An indicator already expired when imported is stored but never matched, so never searched for.
    const expired = new Set(
      inputs.filter((i) => i.expires_at && i.expires_at <= now).map((i) => `${i.kind}:${i.value}`),
    );
    const active = added.filter((hit) => !expired.has(`${hit.kind}:${hit.value}`));
    const look_back = await lookBack(this.deps, active, this.deps.lookBackDays, this.deps.clock.now());
    return {
      import_id: importId,
      source: options.source,
      accepted: inputs.length,
      added: added.length,
      updated: inputs.length - added.length,
      refused_count: refused.length,
      refused: refused.slice(0, MAX_REPORTED_REFUSALS),
      look_back,
    };
  }

  /** Removes a source's list; 404 when it holds nothing. */
  async removeSource(source: string, origin: ChangeOrigin): Promise<number> {
    const removed = await this.deps.repository.removeSource(source);
    if (!removed) throw errors.notFound(`Indicator source "${source}"`);
    await this.deps.audit.record({
      ...origin,
      action: "indicators.deleted",
      target_type: "indicator_source",
      target_id: source,
      details: { removed },
    });
    await this.deps.bus.publish("indicators.changed", { source });
    return removed;
  }

  // Reads and normalises every line or object; duplicates within the file keep their last line.
  #read(text: string, options: ImportOptions) {
    let file: ReturnType<typeof readIndicatorFile>;
    try {
      file = readIndicatorFile(text, options.format);
    } catch (error) {
      if (error instanceof FatalFileError)
        throw errors.validation(error.message, [{ field: "body", message: error.message, type: "format" }]);
      throw error;
    }
    if (file.indicators.length > MAX_IMPORT_INDICATORS)
      throw errors.tooLarge(`An import holds at most ${MAX_IMPORT_INDICATORS} indicators`, [
        { field: "body", message: `${file.indicators.length} indicators`, type: "too_many" },
      ]);
    const refused = [...file.refused];
    const byKey = new Map<string, IndicatorInput>();
    for (const item of file.indicators) {
      const input = this.#input(item, options);
      if ("reason" in input) refused.push(input);
      else byKey.set(`${input.kind}:${input.value}`, input);
    }
    return { inputs: [...byKey.values()], refused };
  }

  #input(item: ReadIndicator, options: ImportOptions): IndicatorInput | Refusal {
    const normalised = normaliseIndicator(item.value, item.kind);
    if ("error" in normalised) return { ref: item.ref, reason: normalised.error };
    const expires = item.expires_at === undefined ? options.expires_at : item.expires_at;
    return {
      ...normalised,
      source: options.source,
      confidence: item.confidence ?? options.confidence,
      expires_at: expires,
    };
  }
}

/** The service over a context's adapters (the routes' and the feed schedule's). */
export function indicatorsServiceOf(
  ctx: AppContext,
  repository = new IndicatorsRepository(ctx.db),
): IndicatorsService {
  return new IndicatorsService({
    db: ctx.db,
    repository,
    bus: ctx.bus,
    audit: ctx.audit,
    clock: ctx.clock,
    rules: ctx.rules,
    alerts: ctx.alerts,
    lookBackDays: ctx.config.VIGIE_INDICATOR_LOOKBACK_DAYS,
  });
}
