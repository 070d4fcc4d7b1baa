/**
 * `npm run bench:raw [-- --events 20000 --rounds 4]`: the raw shipper endpoint on real data and its speed.
 * Accuracy (needs ../shared/data, skipped when absent): every SigmaHQ regression sample stored with its
 * channel, event id and computer; Wazuh's win_security lines typed; the OTRF sets decoded.
 * Speed (PostgreSQL mode, same run): Windows events through the raw endpoint next to the generator's events
 * through the native batch endpoint (the baseline) and through the raw endpoint. `--events` of each kind,
 * sent in `--rounds` rounds that take the three kinds in turn, so a drift of the machine or the growing
 * table weighs on all three alike. Request bodies are serialised before the clock starts: a shipper does
 * that on its own machine, and the figure is the server's.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createEventFactory } from "../tools/generator/factory.ts";
import { createRandom } from "../tools/generator/random.ts";
import { siteIds } from "../tools/generator/sites.ts";
import { readConcatenatedJson, windowsSamples } from "./support/raw-samples.ts";
import { BENCH_PG_URL, type BenchServer, benchDatabase, startBenchServer } from "./support/server.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "20000" },
    rounds: { type: "string", default: "4" },
    pg: { type: "string", default: BENCH_PG_URL },
  },
});
const TOTAL = Number(values.events);
const ROUNDS = Number(values.rounds);
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

/** Sends the bodies to `path`, IN_FLIGHT at a time; every document must be stored. */
async function send(server: BenchServer, path: string, contentType: string, bodies: string[]) {
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const res = await fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.token}`, "content-type": contentType },
        body: bodies[next++],
      });
      const answer = (await res.json()) as { errors?: { error: string }[] };
      if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${answer.errors?.[0]?.error}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

async function speed(server: BenchServer) {
  const factory = createEventFactory(createRandom(42), siteIds(30), () => new Date());
  const perRound = Math.ceil(TOTAL / ROUNDS);
  const chunks = <T>(list: T[]) =>
    Array.from({ length: Math.ceil(list.length / BATCH) }, (_, i) => list.slice(i * BATCH, (i + 1) * BATCH));
  const ndjson = (docs: unknown[]) => chunks(docs).map((c) => c.map((d) => JSON.stringify(d)).join("\n"));
  const raw = "/api/v1/logs/ingest/raw?site_id=AUDIO_001";
  // Each round's bodies, per kind: native batch (the baseline), raw Windows, raw generator.
  const rounds = Array.from({ length: ROUNDS }, () => {
    const native = Array.from({ length: perRound }, () => factory.everyday());
    const batches = chunks(native).map((events) => JSON.stringify({ events }));
    const windows = ndjson(windowsSamples(perRound));
    const generator = ndjson(native);
    return [
      () => send(server, "/api/v1/logs/ingest/batch", "application/json", batches),
      () => send(server, raw, "application/x-ndjson", windows),
      () => send(server, raw, "application/x-ndjson", generator),
    ];
  });
  // Per kind: seconds and server CPU seconds, summed over the rounds.
  const seconds = [0, 0, 0];
  const cpu = [0, 0, 0];
  const ratios: string[] = [];
  for (const round of rounds) {
    const took: number[] = [];
    for (const [i, run] of round.entries()) {
      const cpuBefore = server.cpuSeconds();
      const started = performance.now();
      await run();
      took.push((performance.now() - started) / 1000);
      seconds[i]! += took[i]!;
      cpu[i]! += server.cpuSeconds() - cpuBefore;
    }
    ratios.push((took[0]! / took[1]!).toFixed(2));
  }
  const sent = perRound * ROUNDS;
  const [batch, windows, generator] = seconds.map((s) => Math.round(sent / s)) as [number, number, number];
  return {
    native_batch_events_per_s: batch,
    raw_windows_events_per_s: windows,
    raw_native_events_per_s: generator,
    raw_windows_vs_batch: Number((windows / batch).toFixed(2)),
    each_round: ratios.join(" / "),
    server_cpu_ms_per_1k: cpu.map((c) => Math.round((c / sent) * 1e6)).join(" / "),
  };
}

const pgDb = await benchDatabase(values.pg!, "raw");
// The real samples keep their own times, years old: a retention window that keeps them (docs/INGEST-POLICY.md).
const server = await startBenchServer(18083, { DATABASE_URL: pgDb.url, VIGIE_RETENTION_DAYS: "3650" });
try {
  if (existsSync(SHARED)) {
    console.table([await sigmaAccuracy(server), await wazuhAccuracy(server), ...(await otrfDecoded(server))]);
  } else console.log(`${SHARED} absent: accuracy on real data skipped`);
  console.log(
    `${TOTAL} events of each kind in ${ROUNDS} rounds, batches of ${BATCH}, ${IN_FLIGHT} in flight, PostgreSQL mode`,
  );
  console.table([await speed(server)]);
} finally {
  await server.stop();
  await pgDb.drop();
}
