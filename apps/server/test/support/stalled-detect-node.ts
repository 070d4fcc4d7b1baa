// A Vigie node (api, ingest) whose detection takes batches from the `detection` consumer group and never
// finishes them, as if it died mid-evaluation: the test sends it SIGKILL and another node must take them over.
// Usage: TEST_REDIS_URL=… node --import tsx stalled-detect-node.ts <database url> <key prefix>
// Prints `ready <base url>`, then `taken <json event ids>` for the batch it holds.
import { startNode } from "./cluster.ts";

const [databaseUrl, prefix] = process.argv.slice(2);
const node = await startNode(databaseUrl!, prefix!, { VIGIE_ROLES: "api,ingest" });
node.ctx.bus.consume("events.ingested", "detection", async ({ events }) => {
  process.stdout.write(`taken ${JSON.stringify(events.map((event) => event.id))}\n`);
  await new Promise(() => undefined);
});
process.stdout.write(`ready ${node.baseUrl}\n`);
