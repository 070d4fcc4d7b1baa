import { finish, type GeneratedEvent } from "./factory.ts";
import { type Cast, KILL_CHAIN } from "./kill-chain-steps.ts";
import type { Random } from "./random.ts";
import { externalIp, siteOf, username, workstation } from "./sites.ts";

/** The ten kill-chain events of one campaign against `siteId`, in phase order, stamped by `clock()`. */
export function killChain(rng: Random, siteId: string, clock: () => Date): GeneratedEvent[] {
  const site = siteOf(siteId);
  const cast: Cast = { attacker: externalIp(rng), victim: workstation(rng, site), user: username(rng) };
  const campaign = `kc-${rng.int(1000, 9999)}`;
  return KILL_CHAIN.map((step, index) => {
    const time = clock();
    const drawn = step.build({ rng, site, time }, cast);
    const event = { ...drawn, mitre_tactic: step.tactic, mitre_technique: step.technique };
    const metadata = { kill_chain_step: index + 1, kill_chain_phase: step.phase, campaign };
    return finish(step.source, site, time, event, metadata);
  });
}
