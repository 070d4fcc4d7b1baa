import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startActionWorker } from "../src/detection/actions/worker.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { detectionHelpers, eventually } from "./support/detection.ts";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver answering each request with the next planned status (then 200), after `delayMs`. */
function webhookReceiver() {
  const received: Received[] = [];
  const plan: { status: number; delayMs?: number }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const next = plan.shift() ?? { status: 200 };
      setTimeout(() => response.writeHead(next.status).end(), next.delayMs ?? 0);
    });
  });
  return {
    received,
    plan,
    async start() {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A real SMTP server keeping every message it accepts. */
function smtpReceiver() {
  const mails: { from: string; to: string[]; data: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => {
        data += chunk.toString("utf8");
      });
      stream.on("end", () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        mails.push({ from, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), data });
        callback();
      });
    },
  });
  return {
    mails,
    async start() {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
      return (server.server.address() as AddressInfo).port;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ruleWith = (name: string, event_type: string, actions: unknown[]) => ({
  name,
  rule_type: "threshold",
  severity: "critical",
  conditions: { event_filter: { event_type }, threshold: 1, window_seconds: 60, group_by: "hostname" },
  actions,
});

describe("rule actions (durable jobs)", () => {
  let t: TestApp;
  let h: ReturnType<typeof detectionHelpers>;
  const smtp = smtpReceiver();
  const hook = webhookReceiver();
  let hookUrl: string;

  beforeAll(async () => {
    const smtpPort = await smtp.start();
    hookUrl = await hook.start();
    t = await startTestApp({
      VIGIE_RATE_LIMIT_API: "0",
      VIGIE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      VIGIE_SMTP_FROM: "vigie@soc.test",
    });
    h = detectionHelpers(t);
    await t.ctx.engine.start();
    await startActionWorker(t.ctx);
  });
  afterAll(async () => {
    await t.close();
    await hook.stop();
    await smtp.stop();
  });

  /** Fires `rule` once (one event for a fresh host) and returns the alert. */
  async function fire(rule: { id: string }, event_type: string, hostname: string) {
    await h.ingest([{ source_type: "endpoint", event_type, hostname, site_id: "AUDIO_012" }]);
    await h.settle();
    const page = await h.alerts(`?rule_id=${rule.id}`);
    return page.items.find(
      (alert: { group_value: string }) => alert.group_value === `AUDIO_012 / ${hostname}`,
    );
  }

  const actionsOf = async (alertId: string) =>
    (await t.app.inject({ url: `/api/v1/alerts/${alertId}`, headers: await t.as("analyst") })).json().actions;

  it("mails the alert through the configured SMTP server", async () => {
    const rule = await h.createRule(
      ruleWith("Mail rule", "mail_probe", [
        { type: "email", config: { recipients: ["soc@audio.test", "oncall@audio.test"] } },
      ]),
    );
    const alert = await fire(rule, "mail_probe", "ws-mail");
    const mail = await eventually(async () => smtp.mails[0]);
    expect(mail.from).toBe("vigie@soc.test");
    expect(mail.to).toEqual(["soc@audio.test", "oncall@audio.test"]);
    expect(mail.data).toContain("Subject: [Vigie] CRITICAL: Mail rule [AUDIO_012 / ws-mail]");
    expect(mail.data).toContain(alert.id);
    const [action] = await eventually(async () => {
      const actions = await actionsOf(alert.id);
      return actions[0]?.status === "delivered" ? actions : null;
    });
    expect(action).toMatchObject({ type: "email", attempts: 1, error: null });
    expect(action.history).toEqual([expect.objectContaining({ attempt: 1, outcome: "delivered" })]);
  });

  it("posts the alert JSON to a webhook, signed with HMAC-SHA256 of the exact body, with its headers", async () => {
    const secret = "webhook-secret-1";
    const rule = await h.createRule(
      ruleWith("Hook rule", "hook_probe", [
        { type: "webhook", config: { url: `${hookUrl}/signed`, secret, headers: { "X-Tenant": "audio" } } },
      ]),
    );
    const alert = await fire(rule, "hook_probe", "ws-hook");
    const request = await eventually(async () => hook.received.find((r) => r.body.includes(alert.id)));
    const expected = `sha256=${createHmac("sha256", secret).update(request.body).digest("hex")}`;
    expect(request.headers["x-vigie-signature"]).toBe(expected);
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["x-tenant"]).toBe("audio");
    expect(JSON.parse(request.body)).toMatchObject({
      id: alert.id,
      title: "Hook rule [AUDIO_012 / ws-hook]",
      severity: "critical",
    });
  });

  it("signs with the stored secret after a masked round trip, and with a replaced one after an update", async () => {
    const secret = "webhook-secret-2";
    const created = await h.createRule(
      ruleWith("Rotated hook", "rotate_probe", [
        { type: "webhook", config: { url: `${hookUrl}/rotated`, secret } },
      ]),
    );
    expect(JSON.stringify(created)).not.toContain(secret);
    const read = await h.getRule(created.id);
    await h.patchRule(created.id, { actions: read.actions, cooldown_seconds: 0 });
    const signatureFor = async (hostname: string, key: string) => {
      const alert = await fire(created, "rotate_probe", hostname);
      const received = await eventually(async () => hook.received.find((r) => r.body.includes(alert.id)));
      const expected = `sha256=${createHmac("sha256", key).update(received.body).digest("hex")}`;
      return [received.headers["x-vigie-signature"], expected];
    };
    const [kept, expectedKept] = await signatureFor("ws-rotate-1", secret);
    expect(kept).toBe(expectedKept);
    await h.patchRule(created.id, {
      actions: [{ type: "webhook", config: { url: `${hookUrl}/rotated`, secret: "rotated-3" } }],
    });
    const [rotated, expectedRotated] = await signatureFor("ws-rotate-2", "rotated-3");
    expect(rotated).toBe(expectedRotated);
  });

  it("retries a failing webhook with backoff until it succeeds, each attempt visible on the alert", async () => {
    const rule = await h.createRule(
      ruleWith("Flaky hook", "flaky_probe", [{ type: "webhook", config: { url: `${hookUrl}/flaky` } }]),
    );
    hook.plan.push({ status: 503 });
    const alert = await fire(rule, "flaky_probe", "ws-flaky");
    const [action] = await eventually(async () => {
      const actions = await actionsOf(alert.id);
      return actions[0]?.status === "delivered" ? actions : null;
    }, 15_000);
    expect(action.attempts).toBe(2);
    expect(action.history).toEqual([
      expect.objectContaining({ attempt: 1, outcome: "failed", error: "the receiver answered HTTP 503" }),
      expect.objectContaining({ attempt: 2, outcome: "delivered", error: null }),
    ]);
    expect(Date.parse(action.history[1].at) - Date.parse(action.history[0].at)).toBeGreaterThanOrEqual(900);
    expect(request(alert.id)).toHaveLength(2);
  }, 20_000);

  it("does not retry a refusal (4xx): the action is failed after one attempt", async () => {
    const rule = await h.createRule(
      ruleWith("Refused hook", "refused_probe", [{ type: "webhook", config: { url: `${hookUrl}/gone` } }]),
    );
    hook.plan.push({ status: 410 });
    const alert = await fire(rule, "refused_probe", "ws-refused");
    const [action] = await eventually(async () => {
      const actions = await actionsOf(alert.id);
      return actions[0]?.status === "failed" ? actions : null;
    });
    expect(action).toMatchObject({ attempts: 1, error: "the receiver answered HTTP 410" });
  });

  it("never lets a slow action delay detection", async () => {
    const slow = await h.createRule(
      ruleWith("Slow hook", "slow_probe", [{ type: "webhook", config: { url: `${hookUrl}/slow` } }]),
    );
    hook.plan.push({ status: 200, delayMs: 3_000 });
    await fire(slow, "slow_probe", "ws-slow");
    await eventually(async () => hook.received.find((r) => r.body.includes("ws-slow")));
    const quick = await h.createRule(ruleWith("Quick rule", "quick_probe", []));
    const started = Date.now();
    expect(await fire(quick, "quick_probe", "ws-quick")).toBeDefined();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("logs the alert for a log action (the default pack's action)", async () => {
    const rule = await h.createRule(ruleWith("Logged rule", "log_probe", [{ type: "log" }]));
    const alert = await fire(rule, "log_probe", "ws-log");
    const [action] = await eventually(async () => {
      const actions = await actionsOf(alert.id);
      return actions[0]?.status === "delivered" ? actions : null;
    });
    expect(action).toMatchObject({ type: "log", attempts: 1 });
  });

  function request(alertId: string) {
    return hook.received.filter((r) => r.body.includes(alertId));
  }
});
