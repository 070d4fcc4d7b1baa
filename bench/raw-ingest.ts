/**
 * `npm run bench:raw [-- --events 20000]`: the raw shipper endpoint on real data and its speed.
 * Accuracy (needs ../shared/data, skipped when absent): every SigmaHQ regression sample stored with its
 * channel, event id and computer; Wazuh's win_security lines typed; the OTRF sets decoded.
 * Speed (PostgreSQL mode, same run): Windows events through the raw endpoint next to the generator's events
 * through the native batch endpoint (the baseline) and through the raw endpoint.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createEventFactory } from "../tools/generator/factory.ts";
import { createRandom } from "../tools/generator/random.ts";
import { siteIds } from "../tools/generator/sites.ts";
import { readConcatenatedJson, windowsSamples } from "./support/raw-samples.ts";
import {
  BENCH_PG_URL,
  type BenchServer,
  benchDatabase,
  postBatches,
  startBenchServer,
} from "./support/server.ts";

const { values } = parseArgs({
  options: { events: { type: "string", default: "20000" }, pg: { type: "string", default: BENCH_PG_URL } },
});
const TOTAL = Number(values.events);
const BATCH = 1_000;
const IN_FLIGHT = 4;
const SHARED = path.resolve(import.meta.dirname, "../../shared/data");

async function postRaw(
  server: BenchServer,
  docs: unknown[],
  query = "",
): Promise<{ ids: string[]; errors: { index: number; error: string }[] }> {
  const res = await fetch(`${server.url}/api/v1/logs/ingest/raw${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/x-ndjson" },
    body: docs.map((d) => JSON.stringify(d)).join("\n"),
  });
  if (res.status >= 500) throw new Error(`raw answered ${res.status}`);
  return (await res.json()) as { ids: string[]; errors: { index: number; error: string }[] };
}

async function analystToken(server: BenchServer): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "bench-admin-password" }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

interface Stored {
  event_type: string;
  hostname: string | null;
  normalized: Record<string, unknown>;
}
type Doc = { Event: { System: Record<string, unknown> } } & { win: { system: { eventID: string } } };

async function storedEvents(server: BenchServer, ids: string[]): Promise<Stored[]> {
  const token = await analystToken(server);
  return Promise.all(
    ids.map(
      async (id): Promise<Stored> =>
        (
          await fetch(`${server.url}/api/v1/logs/${id}`, { headers: { authorization: `Bearer ${token}` } })
        ).json() as Promise<Stored>,
    ),
  );
}

/** SigmaHQ regression samples: stored, and with the channel, event id and computer of their System block. */
async function sigmaAccuracy(server: BenchServer) {
  const root = path.join(SHARED, "sigma/regression_data");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
  const docs = files.flatMap((f) => readConcatenatedJson(readFileSync(path.join(root, f), "utf8")));
  const { ids, errors } = await postRaw(server, docs);
  const events = await storedEvents(server, ids);
  const right = events.filter((e, i) => {
    const system = (docs[i] as Doc).Event.System;
    const id = (system.EventID as { "#text"?: unknown })?.["#text"] ?? system.EventID;
    return (
      e.normalized.Channel === system.Channel &&
      e.normalized.EventID === Number(id) &&
      e.hostname === system.Computer
    );
  });
  return {
    set: "SigmaHQ regression samples",
    documents: docs.length,
    stored: ids.length,
    refused: errors.length,
    right_channel_id_computer: right.length,
  };
}

/** Wazuh's win_security test lines (GPL: read in place, never copied): typed with their event id. */
async function wazuhAccuracy(server: BenchServer) {
  const text = readFileSync(path.join(SHARED, "wazuh-ruleset-tests/win_security.ini"), "utf8");
  const docs = text
    .split("\n")
    .filter((l) => l.startsWith("log 1 pass = "))
    .map((l) => JSON.parse(l.slice(13)) as Doc);
  const { ids, errors } = await postRaw(server, docs);
  const events = await storedEvents(server, ids);
  const typed = events.filter(
    (e, i) =>
      e.event_type !== "windows_event" && e.normalized.EventID === Number(docs[i]!.win.system.eventID),
  );
  return {
    set: "Wazuh win_security",
    documents: docs.length,
    stored: ids.length,
    refused: errors.length,
    typed: typed.length,
  };
}

async function otrfDecoded(server: BenchServer) {
  const rows = [];
  for (const dir of ["otrf-security-datasets/log4shell", "otrf-security-datasets/apt29_day1_zeek_SCRANTON"]) {
    const root = path.join(SHARED, dir);
    const docs = readdirSync(root)
      .filter((f) => /\.(json|log)$/.test(f))
      .flatMap((f) =>
        readFileSync(path.join(root, f), "utf8")
          .split("\n")
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l)),
      );
    const { ids, errors } = await postRaw(server, docs);
    const events = await storedEvents(server, ids);
    const generic = events.filter((e) => ["syslog", "json", "unknown"].includes(e.event_type)).length;
    rows.push({
      set: dir,
      documents: docs.length,
      stored: ids.length,
      refused: errors.length,
      typed: ids.length - generic,
    });
  }
  return rows;
}

/** Events per second of one run, and the server's CPU per 1,000 events (every thread, /proc). */
async function rate(server: BenchServer, send: () => Promise<void>, count: number) {
  const cpu = server.cpuSeconds();
  const started = performance.now();
  await send();
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: Math.round(count / seconds),
    serverCpuMsPer1k: Math.round(((server.cpuSeconds() - cpu) / count) * 1e6),
  };
}

async function speed(server: BenchServer) {
  const factory = createEventFactory(createRandom(42), siteIds(30), () => new Date());
  const native = Array.from({ length: TOTAL }, () => factory.everyday());
  const windows = windowsSamples(TOTAL);
  const chunks = <T>(list: T[]) =>
    Array.from({ length: Math.ceil(list.length / BATCH) }, (_, i) => list.slice(i * BATCH, (i + 1) * BATCH));
  const rawBatches = async (docs: unknown[]) => {
    let next = 0;
    const batches = chunks(docs);
    const worker = async () => {
      while (next < batches.length) {
        const { errors } = await postRaw(server, batches[next++]!, "?site_id=AUDIO_001");
        if (errors.length) throw new Error(`raw refused ${errors.length}: ${errors[0]!.error}`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  };
  const batch = await rate(server, () => postBatches(server, chunks(native), IN_FLIGHT), TOTAL);
  const rawWindows = await rate(server, () => rawBatches(windows), TOTAL);
  const rawNative = await rate(server, () => rawBatches(native), TOTAL);
  return {
    native_batch_events_per_s: batch.perSecond,
    raw_windows_events_per_s: rawWindows.perSecond,
    raw_native_events_per_s: rawNative.perSecond,
    raw_windows_vs_batch: Number((rawWindows.perSecond / batch.perSecond).toFixed(2)),
    server_cpu_ms_per_1k: `${batch.serverCpuMsPer1k} / ${rawWindows.serverCpuMsPer1k} / ${rawNative.serverCpuMsPer1k}`,
  };
}

const pgDb = await benchDatabase(values.pg!, "raw");
// The real samples keep their own times, years old: a retention window that keeps them (docs/INGEST-POLICY.md).
const server = await startBenchServer(18083, { DATABASE_URL: pgDb.url, VIGIE_RETENTION_DAYS: "3650" });
try {
  if (existsSync(SHARED)) {
    console.table([await sigmaAccuracy(server), await wazuhAccuracy(server), ...(await otrfDecoded(server))]);
  } else console.log(`${SHARED} absent: accuracy on real data skipped`);
  console.log(`${TOTAL} events per run, batches of ${BATCH}, ${IN_FLIGHT} in flight, PostgreSQL mode`);
  console.table([await speed(server)]);
} finally {
  await server.stop();
  await pgDb.drop();
}
