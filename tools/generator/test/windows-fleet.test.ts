import { describe, expect, it } from "vitest";
import { recogniseDocument } from "../../../apps/server/src/ingest/formats/index.ts";
import { createRandom } from "../random.ts";
import { windowsFleet } from "../windows-fleet.ts";

describe("the Windows PC fleet", () => {
  it("draws Winlogbeat documents the raw endpoint reads as typed Windows events of their site", () => {
    const next = windowsFleet(
      createRandom(7),
      ["AUDIO_007", "AUDIO_012"],
      () => new Date("2026-11-20T10:00:00Z"),
    );
    const drawn = Array.from({ length: 2000 }, next);
    const types = new Set<string>();
    for (const { siteId, doc } of drawn) {
      const outcome = recogniseDocument(doc);
      if (!outcome.ok) throw new Error(outcome.error);
      expect(outcome.record.metadata?.format).toBe("winlogbeat");
      expect(outcome.record.hostname).toMatch(/^AUDIO0(07|12)-/);
      expect(outcome.record.hostname?.startsWith(siteId.replace("_", "").toUpperCase())).toBe(true);
      types.add(String(outcome.record.event_type));
    }
    expect([...types].sort()).toEqual([
      "dns_query",
      "file_created",
      "login_failure",
      "login_success",
      "logoff",
      "network_connection",
      "process_created",
    ]);
  });
});

describe("the raw sender", () => {
  it("posts NDJSON to the raw endpoint with the site in the query", async () => {
    const { createSender } = await import("../sender.ts");
    const seen: { url: string; type: string; body: string }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      seen.push({ url, type: headers["content-type"]!, body: String(init.body) });
      return new Response(JSON.stringify({ created: 2, ids: ["a", "b"], errors: [] }), { status: 201 });
    }) as unknown as typeof fetch;
    const send = createSender({ url: "http://vigie", token: "t", fetch: fakeFetch, raw: true });
    const result = await send([{ a: 1 }, { b: 2 }], "?site_id=AUDIO_007");
    expect(result).toMatchObject({ created: 2, rejected: 0, failed: 0 });
    expect(seen).toEqual([
      {
        url: "http://vigie/api/v1/logs/ingest/raw?site_id=AUDIO_007",
        type: "application/x-ndjson",
        body: '{"a":1}\n{"b":2}',
      },
    ]);
  });
});
