import { parseGeneratorArgs, USAGE } from "./args.ts";
import { runGenerator } from "./run.ts";
import { FatalSendError } from "./sender.ts";

// `npm run generate -- --url <base> --token <token> ...`: a site fleet's worth of logs through the public API.
const parsed = parseGeneratorArgs(process.argv.slice(2), process.env);
if (!parsed.ok) {
  console.error(`generate: ${parsed.error}\n\n${USAGE}`);
  process.exit(2);
}
if ("help" in parsed) {
  console.log(USAGE);
  process.exit(0);
}

const controller = new AbortController();
process.once("SIGINT", () => controller.abort());
process.once("SIGTERM", () => controller.abort());
try {
  const totals = await runGenerator(parsed.options, { signal: controller.signal });
  process.exitCode = totals.failed > 0 ? 1 : 0;
} catch (error) {
  if (!(error instanceof FatalSendError)) throw error;
  console.error(`generate: stopped, ${error.message}`);
  process.exitCode = 1;
}
