import type { AttackCoverage } from "@vigie/contracts";
import type { Clock } from "../../platform/clock.ts";
import type { AttackRepository } from "./attack.repository.ts";
import { attackCatalogue } from "./catalogue.ts";
import { foldCoverage } from "./coverage.ts";
import { navigatorLayer } from "./layer.ts";

/** A period of alert activity; either end may be open. */
export interface AttackPeriod {
  from?: Date;
  to?: Date;
}

/**
 * ATT&CK coverage (docs/ATTACK.md): the shipped Enterprise matrix, the rules whose tags cover each technique
 * and the alerts those rules raised in a period; also as an ATT&CK Navigator layer.
 */
export class AttackService {
  constructor(private readonly deps: { attack: AttackRepository; clock: Clock }) {}

  /** The matrix with the rules and alerts of each technique. */
  async coverage(period: AttackPeriod): Promise<AttackCoverage> {
    const rules = await this.deps.attack.taggedRules(period);
    return foldCoverage(attackCatalogue(), rules, {
      from: period.from?.toISOString() ?? null,
      to: period.to?.toISOString() ?? null,
    });
  }

  /** The coverage as a Navigator layer (layer format 4.5). */
  async layer(period: AttackPeriod): Promise<Record<string, unknown>> {
    return navigatorLayer(await this.coverage(period), this.deps.clock.now());
  }
}
