import { setTimeout as delay } from "node:timers/promises";
import type { GeneratorOptions } from "./args.ts";
import { createEventFactory, type GeneratedEvent } from "./factory.ts";
import { killChain } from "./kill-chain.ts";
import { createProgress, type Totals } from "./progress.ts";
import { createRandom } from "./random.ts";
import { createSender } from "./sender.ts";
import { siteIds } from "./sites.ts";
import { eventStream, type StreamPlan } from "./stream.ts";
import { type WindowsDocument, windowsFleet } from "./windows-fleet.ts";

/** What a run talks to; tests replace the clock, the network or the log. */
export interface RunDependencies {
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
  now?: () => number;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** How often a progress line is printed. */
  reportEveryMs?: number;
}

/** Seconds between bursts and between kill-chain steps, at the requested rate. */
const BURST_PERIOD_S = 30;
const ATTACK_STEP_PERIOD_S = 6;

/** Where bursts and kill-chain steps fall, so that they fit in `--count` and show up at `--rate`. */
export function planFor(options: GeneratorOptions, attackEvents: GeneratedEvent[] | null): StreamPlan {
  const count = options.count ?? Number.POSITIVE_INFINITY;
  const attackEvery = Math.max(1, Math.floor(Math.min(options.rate * ATTACK_STEP_PERIOD_S, count / 12)));
  return {
    burstEvery: options.burst ? Math.max(20, Math.round(options.rate * BURST_PERIOD_S)) : null,
    attack: attackEvents ? { events: attackEvents, every: attackEvery } : null,
  };
}

/** Generates and sends events as asked, paced to `--rate`; resolves with the totals when done or aborted. */
export async function runGenerator(options: GeneratorOptions, deps: RunDependencies = {}): Promise<Totals> {
  const { now = Date.now, log = console.log, signal, sleep = delay, reportEveryMs = 5_000 } = deps;
  const clock = () => new Date(now());
  const rng = createRandom(options.seed ?? undefined);
  const sites = siteIds(options.sites);
  const attack = options.attack ? killChain(rng, rng.pick(sites), clock) : null;
  const stream = eventStream(createEventFactory(rng, sites, clock), rng, planFor(options, attack), clock);
  const onRetry = (reason: string, waitMs: number) =>
    log(`[generator] ${reason}, retrying in ${(waitMs / 1000).toFixed(1)} s`);
  const send = createSender({
    url: options.url,
    token: options.token,
    fetch: deps.fetch,
    sleep,
    signal,
    onRetry,
  });
  const windows = options.windows ? windowsFleet(rng, sites, clock) : null;
  const sendRaw = createSender({
    url: options.url,
    token: options.token,
    fetch: deps.fetch,
    sleep,
    signal,
    onRetry,
    raw: true,
  });
  const startMs = now();
  const progress = createProgress(startMs);
  const limit = options.count ?? Number.POSITIVE_INFINITY;
  // About one request per second at modest rates, full batches when the rate is high.
  const target = Math.max(1, Math.min(options.batchSize, Math.round(options.rate)));
  let lastReport = startMs;
  while (progress.totals.sent < limit && !signal?.aborted) {
    const want = Math.min(target, limit - progress.totals.sent);
    const budget = Math.floor(((now() - startMs) / 1000) * options.rate) + target - progress.totals.sent;
    if (budget < want) {
      await sleep(Math.max(5, ((want - budget) / options.rate) * 1000), signal).catch(() => undefined);
      continue;
    }
    const size = Math.min(budget, options.batchSize, limit - progress.totals.sent);
    const batch = Array.from({ length: size }, () => stream.next().value as GeneratedEvent);
    progress.add(batch.length, await send(batch));
    if (windows) await sendWindows(Array.from({ length: Math.ceil(size / 4) }, windows), sendRaw, progress);
    if (now() - lastReport >= reportEveryMs) {
      lastReport = now();
      log(progress.line(lastReport));
    }
  }
  log(progress.summary(now()));
  return progress.totals;
}

/** Windows documents, one request per site (the raw endpoint takes the site as `?site_id=`). */
async function sendWindows(
  drawn: WindowsDocument[],
  send: ReturnType<typeof createSender>,
  progress: ReturnType<typeof createProgress>,
): Promise<void> {
  const bySite = new Map<string, WindowsDocument[]>();
  for (const d of drawn) bySite.set(d.siteId, [...(bySite.get(d.siteId) ?? []), d]);
  for (const [siteId, docs] of bySite) {
    progress.add(
      docs.length,
      await send(
        docs.map((d) => d.doc),
        `?site_id=${siteId}`,
      ),
    );
  }
}
