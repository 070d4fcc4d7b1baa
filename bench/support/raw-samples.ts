import { readFileSync } from "node:fs";
import path from "node:path";

/** Pretty-printed JSON documents written one after another (SigmaHQ's regression files) as a list. */
export function readConcatenatedJson(text: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") {
      if (depth++ === 0) start = i;
    } else if (c === "}" && --depth === 0) docs.push(JSON.parse(text.slice(start, i + 1)));
  }
  return docs;
}

const FIXTURES = path.resolve(import.meta.dirname, "../../apps/server/src/ingest/formats/fixtures");

/** `count` Windows events in the shippers' forms: the repository's fixtures in turn, as they are (old times included). */
export function windowsSamples(count: number): unknown[] {
  const lines = [
    "sigma-regression-evtx.ndjson",
    "winlogbeat.ndjson",
    "nxlog.ndjson",
    "wazuh.ndjson",
    "fluent-bit.ndjson",
  ]
    .flatMap((f) => readFileSync(path.join(FIXTURES, f), "utf8").split("\n"))
    .filter((l) => l.trim());
  return Array.from({ length: count }, (_, i) => JSON.parse(lines[i % lines.length]!));
}
