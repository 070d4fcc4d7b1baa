/**
 * `npm run sigma -- import <dir|file>... [--dry-run]`: sends Sigma YAML files (a folder is zipped) to a
 * running Vigie's `POST /api/v1/rules/sigma`, so the import is checked, stored in one transaction, audited
 * and picked up by the engine exactly as from the console. Prints one line per rule and the totals.
 * Environment: VIGIE_URL (default http://127.0.0.1:8080), and VIGIE_TOKEN or VIGIE_USERNAME/VIGIE_PASSWORD
 * (a supervisor or admin).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { zipSync } from "fflate";

const BASE = (process.env.VIGIE_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");

/** Every YAML file under the given paths, keyed by the name the answer will report. */
function collect(paths: string[]): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const path of paths) {
    if (!statSync(path).isDirectory()) {
      files[basename(path)] = readFileSync(path);
      continue;
    }
    for (const name of readdirSync(path, { recursive: true, encoding: "utf8" }))
      if (/\.ya?ml$/i.test(name)) files[join(basename(path), name)] = readFileSync(join(path, name));
  }
  return files;
}

async function token(): Promise<string> {
  if (process.env.VIGIE_TOKEN) return process.env.VIGIE_TOKEN;
  const { VIGIE_USERNAME: username, VIGIE_PASSWORD: password } = process.env;
  if (!username || !password) throw new Error("set VIGIE_TOKEN, or VIGIE_USERNAME and VIGIE_PASSWORD");
  const res = await fetch(`${BASE}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The import's answer (SigmaImportResult), or an error body with its details. */
interface Answer {
  message?: string;
  details?: { field: string; message: string }[];
  created: number;
  updated: number;
  skipped: number;
  no_matching_source: number;
  rules: Outcome[];
}

interface Outcome {
  file: string;
  rule: string;
  status: string;
  reason?: string;
  path?: string;
  sources?: string[];
  note?: string;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const paths = rest.filter((arg) => !arg.startsWith("--"));
  if (command !== "import" || !paths.length) {
    console.error("usage: npm run sigma -- import <dir|file>... [--dry-run]");
    return 2;
  }
  const dryRun = rest.includes("--dry-run");
  const zip = zipSync(collect(paths));
  const res = await fetch(`${BASE}/api/v1/rules/sigma?dry_run=${dryRun}&filename=import.zip`, {
    method: "POST",
    headers: { "content-type": "application/zip", authorization: `Bearer ${await token()}` },
    body: zip,
  });
  const body = (await res.json()) as Answer;
  if (!res.ok) {
    console.error(`${res.status} ${body.message}`);
    for (const detail of body.details ?? []) console.error(`  ${detail.field}: ${detail.message}`);
    return 1;
  }
  for (const rule of body.rules) {
    const file = rule.file.replace(/^import\.zip\//, "");
    const why =
      rule.status === "skipped"
        ? ` (${rule.path}: ${rule.reason})`
        : rule.note
          ? ` (${rule.note})`
          : rule.sources?.length
            ? ""
            : " (no matching source: disabled)";
    console.log(`${rule.status.padEnd(8)} ${rule.rule} [${file}]${why}`);
  }
  const verb = dryRun ? "would be" : "";
  console.log(
    `\n${body.created} created, ${body.updated} updated, ${body.skipped} skipped ${verb}; ${body.no_matching_source} without a matching source`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
