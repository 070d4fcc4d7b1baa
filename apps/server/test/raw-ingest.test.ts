import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../src/ingest/formats/fixtures/${name}`, import.meta.url), "utf8");

describe("POST /api/v1/logs/ingest/raw", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VIGIE_RETENTION_DAYS: "3650" });
  });
  afterAll(() => t.close());

  const post = (payload: string | Buffer, headers: Record<string, string>, query = "") =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/logs/ingest/raw${query}`,
      headers: { ...t.ingestHeaders, ...headers },
      payload,
    });
  const ndjson = { "content-type": "application/x-ndjson" };
  const stored = async (id: string) =>
    (await t.app.inject({ url: `/api/v1/logs/${id}`, headers: await t.as("analyst") })).json();

  it("stores NDJSON shipper documents as sent, typed, with their Windows fields in normalized", async () => {
    const res = await post(fixture("winlogbeat.ndjson"), ndjson, "?site_id=AUDIO_007");
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ created: 3, errors: [] });
    const event = await stored(res.json().ids[0]);
    expect(event).toMatchObject({
      site_id: "AUDIO_007",
      source_type: "auth",
      event_type: "login_failure",
      hostname: "RECEP-PC01.audio007.local",
      username: "marie.dupont",
      source_ip: "203.0.113.45",
      normalized: { EventID: 4625, Channel: "Security", TargetUserName: "marie.dupont", result: "failure" },
    });
    expect(event.raw.winlog.event_id).toBe("4625");
    expect(event.metadata.format).toBe("winlogbeat");
  });

  it("keeps the document as sent, in its own key order (as jsonb would not: it sorts keys)", async () => {
    const document = { zeta: 1, "@timestamp": new Date().toISOString(), message: "hello", a: { z: 1, b: 2 } };
    const res = await post(JSON.stringify(document), ndjson, "?site_id=AUDIO_007");
    expect(res.statusCode).toBe(201);
    const { raw } = await stored(res.json().ids[0]);
    expect(raw).toEqual(document);
    expect(Object.keys(raw)).toEqual(["zeta", "@timestamp", "message", "a"]);
    expect(Object.keys(raw.a)).toEqual(["z", "b"]);
  });

  it("stores lines with a NUL or a lone surrogate escaped in them, with U+FFFD in their place", async () => {
    // Stored as their own text (an NDJSON line is kept as sent); 40 lines, so PostgreSQL stores them by COPY.
    const line = String.raw`{"message":"a\u0000b","host":"pc\ud800","path":"C:\\u0000dir","ok":"\\"}`;
    const res = await post(Array(40).fill(line).join("\n"), ndjson, "?site_id=AUDIO_007");
    expect(res.statusCode).toBe(201);
    for (const id of [res.json().ids[0], res.json().ids[39]]) {
      const { raw } = await stored(id);
      expect(raw).toEqual({ message: "a\ufffdb", host: "pc\ufffd", path: "C:\\u0000dir", ok: "\\" });
    }
  });

  it("accepts a gzip JSON array and answers per item: bad neighbours never block good ones", async () => {
    const docs = [
      JSON.parse(fixture("sigma-regression-evtx.ndjson").split("\n")[0]!),
      { Event: { System: { EventID: "x", Channel: "Security", Computer: "PC" } } },
      { anything: { nested: true } },
    ];
    const res = await post(gzipSync(JSON.stringify(docs)), {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(res.statusCode).toBe(207);
    expect(res.json().created).toBe(2);
    expect(res.json().errors).toEqual([
      { index: 1, error: expect.stringMatching(/EventID must be an integer/) },
    ]);
    const generic = await stored(res.json().ids[1]);
    expect(generic).toMatchObject({
      source_type: "generic",
      event_type: "json",
      normalized: { "anything.nested": true },
    });
  });

  it("refuses a line that is not JSON, one over the size limit and a JSON bomb, by index; never 500", async () => {
    let bomb = "1";
    for (let i = 0; i < 5000; i++) bomb = `[${bomb}]`;
    const body = [
      '{"msg":"ok"}',
      "{not json",
      `{"big":"${"x".repeat(1024 * 1024 + 10)}"}`,
      `{"deep":${bomb}}`,
      '{"msg":"also ok"}',
    ].join("\n");
    const res = await post(body, ndjson);
    expect(res.statusCode).toBe(207);
    expect(res.json().created).toBe(2);
    expect(res.json().errors.map((e: { index: number }) => e.index)).toEqual([1, 2, 3]);
    expect(res.json().errors[0].error).toMatch(/not JSON/);
    expect(res.json().errors[1].error).toMatch(/longer than/);
    expect(res.json().errors[2].error).toMatch(/nested deeper/);
  });

  it("answers 413 for a decompression bomb, 415 for an unknown encoding, 422 for nothing to store", async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20));
    expect((await post(bomb, { ...ndjson, "content-encoding": "gzip" })).statusCode).toBe(413);
    expect((await post("{}", { ...ndjson, "content-encoding": "br" })).statusCode).toBe(415);
    expect((await post("\n\n", ndjson)).statusCode).toBe(422);
    expect((await post("not gzip", { ...ndjson, "content-encoding": "gzip" })).statusCode).toBe(422);
  });

  it("with ?format= tries only that format and refuses what does not fit", async () => {
    const res = await post(fixture("nxlog.ndjson") + fixture("wazuh.ndjson"), ndjson, "?format=nxlog");
    expect(res.statusCode).toBe(207);
    expect(res.json().errors).toEqual([
      { index: 2, error: "document: not a nxlog document" },
      { index: 3, error: "document: not a nxlog document" },
    ]);
    expect((await post("{}", ndjson, "?format=bogus")).statusCode).toBe(422);
  });

  it("is in the OpenAPI reference with its content types, query and real response codes", async () => {
    const doc = (await t.app.inject({ url: "/api/docs/json" })).json();
    const operation = doc.paths["/api/v1/logs/ingest/raw"].post;
    expect(Object.keys(operation.responses).sort()).toEqual([
      "201",
      "207",
      "401",
      "403",
      "413",
      "415",
      "422",
      "503",
    ]);
    expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toEqual(["format", "site_id"]);
    expect(Object.keys(operation.requestBody?.content ?? {})).toEqual(
      expect.arrayContaining(["application/x-ndjson"]),
    );
  });

  it("needs an ingest token, and a site-bound token cannot write elsewhere", async () => {
    const anonymous = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/raw",
      headers: ndjson,
      payload: "{}",
    });
    expect(anonymous.statusCode).toBe(401);
    const admin = await t.as("admin");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/sites/AUDIO_003/tokens",
      headers: admin,
      payload: { name: "reception" },
    });
    const token = created.json().token as string;
    const headers = { authorization: `Bearer ${token}`, ...ndjson };
    const other = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/raw?site_id=AUDIO_009",
      headers,
      payload: "{}",
    });
    expect(other.statusCode).toBe(403);
    const own = await t.app.inject({
      method: "POST",
      url: "/api/v1/logs/ingest/raw",
      headers,
      payload: fixture("wazuh.ndjson"),
    });
    expect((await stored(own.json().ids[0])).site_id).toBe("AUDIO_003");
  });
});
