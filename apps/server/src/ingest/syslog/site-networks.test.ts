import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryBus } from "../../platform/bus/memory-bus.ts";
import type { SiteNetworkSource } from "./cidr.ts";
import { SiteNetworks } from "./site-networks.ts";

/** A sites table in memory, counting how often it is read; `fail` makes the next reads throw. */
function fakeSites(initial: SiteNetworkSource[]) {
  const state = { sites: initial, loads: 0, fail: false };
  const load = async () => {
    state.loads++;
    if (state.fail) throw new Error("database down");
    return state.sites;
  };
  return { state, load };
}

const started: SiteNetworks[] = [];
async function start(networks: SiteNetworks): Promise<SiteNetworks> {
  started.push(networks);
  await networks.start();
  return networks;
}
afterEach(() => {
  for (const n of started.splice(0)) n.stop();
  vi.useRealTimers();
});

describe("SiteNetworks", () => {
  it("answers from the loaded networks and counts matched and unmatched lookups", async () => {
    const { load } = fakeSites([{ siteId: "AUDIO_001", networks: ["10.1.0.0/16", "bad"] }]);
    const networks = await start(new SiteNetworks({ load }));
    expect(networks.siteFor("10.1.2.3")).toBe("AUDIO_001");
    expect(networks.siteFor("10.2.0.1")).toBeNull();
    expect(networks.siteFor("10.2.0.1")).toBeNull();
    expect(networks.stats()).toMatchObject({
      networks: 1,
      invalidNetworks: 1,
      cachedAddresses: 2,
      matched: 1,
      unmatched: 2,
      reloads: 1,
    });
  });

  it("caches per address until the next reload, and bounds the cache", async () => {
    const { state, load } = fakeSites([{ siteId: "A", networks: ["10.0.0.0/8"] }]);
    const networks = await start(new SiteNetworks({ load, maxCachedAddresses: 2 }));
    networks.siteFor("10.0.0.1");
    state.sites = [{ siteId: "B", networks: ["10.0.0.0/8"] }];
    expect(networks.siteFor("10.0.0.1")).toBe("A");
    networks.siteFor("10.0.0.2");
    networks.siteFor("10.0.0.3");
    expect(networks.stats().cachedAddresses).toBeLessThanOrEqual(2);
    await networks.reload();
    expect(networks.siteFor("10.0.0.1")).toBe("B");
  });

  it("reloads on sites.changed", async () => {
    const bus = new MemoryBus();
    const { state, load } = fakeSites([]);
    const networks = await start(new SiteNetworks({ load, bus }));
    expect(networks.siteFor("fd00::1")).toBeNull();
    state.sites = [{ siteId: "AUDIO_009", networks: ["fd00::/8"] }];
    await bus.publish("sites.changed", { site_id: "AUDIO_009" });
    await vi.waitFor(() => expect(networks.siteFor("fd00::1")).toBe("AUDIO_009"));
  });

  it("reloads periodically and stops when told", async () => {
    vi.useFakeTimers();
    const { state, load } = fakeSites([]);
    const networks = await start(new SiteNetworks({ load, reloadEveryMs: 30_000 }));
    state.sites = [{ siteId: "A", networks: ["10.0.0.0/8"] }];
    await vi.advanceTimersByTimeAsync(30_000);
    expect(networks.siteFor("10.0.0.1")).toBe("A");
    networks.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(state.loads).toBe(2);
  });

  it("folds reloads asked during a reload into one more, so a change is never missed", async () => {
    const { state, load } = fakeSites([]);
    const networks = await start(new SiteNetworks({ load }));
    const first = networks.reload();
    state.sites = [{ siteId: "A", networks: ["10.0.0.0/8"] }];
    const second = networks.reload();
    const third = networks.reload();
    await Promise.all([first, second, third]);
    expect(state.loads).toBe(3);
    expect(networks.siteFor("10.0.0.1")).toBe("A");
  });

  it("keeps the last good networks when a reload fails, and counts the failure", async () => {
    const { state, load } = fakeSites([{ siteId: "A", networks: ["10.0.0.0/8"] }]);
    const error = vi.fn();
    const networks = await start(new SiteNetworks({ load, logger: { error, warn: () => undefined } }));
    state.fail = true;
    await networks.reload();
    expect(networks.siteFor("10.0.0.1")).toBe("A");
    expect(networks.stats().reloadErrors).toBe(1);
    expect(error).toHaveBeenCalledOnce();
  });

  it("warns about invalid networks once, not at every reload", async () => {
    const { load } = fakeSites([{ siteId: "A", networks: ["10.0.0.0/99"] }]);
    const warn = vi.fn();
    const networks = await start(new SiteNetworks({ load, logger: { warn, error: () => undefined } }));
    await networks.reload();
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[0]).toEqual({ invalid: ["A: 10.0.0.0/99"] });
  });
});
