// A node that reads from a consumer group and dies before acknowledging (the test sends it SIGKILL).
// Usage: node --import tsx doomed-consumer.ts <redis url> <key prefix> <group>
import { RedisBus } from "../../src/platform/bus/redis-bus.ts";

const [url, prefix, group] = process.argv.slice(2);
const bus = new RedisBus({ url: url!, prefix: prefix!, consumerName: "doomed", blockMs: 500 });
bus.consume("events.ingested", group!, async ({ events }) => {
  process.stdout.write(`${JSON.stringify(events.map((e) => e.id))}\n`);
  // Busy until killed: the entry stays pending, never acknowledged.
  await new Promise(() => undefined);
});
process.stdout.write("ready\n");
