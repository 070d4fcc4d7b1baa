import { runBusSuite } from "./bus.suite.ts";
import { MemoryBus } from "./memory-bus.ts";

runBusSuite("memory", () => ({
  nodes: async (count, onError) => Array.from({ length: count }, () => new MemoryBus(onError)),
}));
