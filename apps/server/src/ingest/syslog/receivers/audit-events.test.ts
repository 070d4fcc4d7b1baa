import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { compileCondition } from "../../../detection/conditions/compile.ts";
import type { DetectionEvent } from "../../../detection/types.ts";
import { toLogEvent } from "../../event-row.ts";
import { prepareEvent } from "../../prepare.ts";
import type { IngestSink } from "../../sink.ts";
import { toSyslogEvent } from "../event.ts";
import { AuditEvents } from "./audit-events.ts";
import { Batcher } from "./batcher.ts";
import { emptyStats } from "./types.ts";

// OTRF's atomic-test audit log (MIT, see the fixtures' NOTICE): two execve events of six records each.
const lines = readFileSync(
  new URL("../../formats/fixtures/otrf/linux-atomic/sh_arp_cache_2020-11-10074812.log", import.meta.url),
  "utf8",
)
  .split("\n")
  .filter((l) => l.trim());
const records = () => lines.map((line) => toSyslogEvent(line));
const NOW = new Date("2020-11-10T08:00:00Z");
type Joined = ReturnType<typeof toSyslogEvent> & { source_fields: Record<string, unknown> };

function collect(waitMs = 500) {
  const out: { record: Joined; site: string; sender: string }[] = [];
  const joiner = new AuditEvents(
    (record, site, sender) => out.push({ record: record as Joined, site, sender }),
    waitMs,
  );
  return { joiner, out };
}

afterEach(() => vi.useRealTimers());

describe("joining the records of one Linux audit event", () => {
  it("gives one event per serial: the SYSCALL's fields, EXECVE's command line, every record's values", () => {
    const { joiner, out } = collect();
    for (const record of records()) joiner.push(record, "AUDIO_004", "10.4.0.9");
    // The second event's SYSCALL released the first; the second waits for its end.
    expect(out).toHaveLength(1);
    joiner.drain();
    expect(out.map((o) => o.record.metadata?.audit_serial)).toEqual([92733, 92734]);
    const arp = out[0]!.record;
    expect(arp).toMatchObject({
      event_type: "process_created",
      command_line: "arp -a",
      process_name: "/usr/sbin/arp",
    });
    expect(arp.source_fields).toMatchObject({
      type: ["SYSCALL", "EXECVE", "CWD", "PATH", "PROCTITLE"],
      syscall: "59",
      ppid: "29002",
      // SYSCALL's raw first argument and EXECVE's program name: both kept.
      a0: ["558e251634a0", "arp"],
      CurrentDirectory: "/home/wardog",
      name: ["/usr/sbin/arp", "/lib64/ld-linux-x86-64.so.2"],
    });
    expect(arp.metadata).toMatchObject({
      audit_records: ["SYSCALL", "EXECVE", "CWD", "PATH", "PATH", "PROCTITLE"],
    });
    expect(arp.raw_log!.split("\n")).toEqual(lines.slice(0, 6));
    expect(out[1]!.record).toMatchObject({ command_line: "grep -v ^?", process_name: "/bin/grep" });
  });

  it("still matches a rule written for one record (Sigma's auditd rules: type EXECVE and its arguments)", () => {
    const { joiner, out } = collect();
    for (const record of records()) joiner.push(record, "AUDIO_004", "10.4.0.9");
    joiner.drain();
    const matches = compileCondition({
      all: [
        { field: "type", value: "EXECVE" },
        { field: "a0", value: "arp" },
      ],
    });
    const stored = (record: unknown) => {
      const prepared = prepareEvent(
        record,
        { receiver: "syslog-tcp", deviceLines: true, forcedSiteId: "AUDIO_004" },
        NOW,
      );
      if (!prepared.ok) throw new Error(prepared.error);
      return toLogEvent(prepared.row) as unknown as DetectionEvent;
    };
    expect(out.map((o) => matches(stored(o.record)))).toEqual([true, false]);
  });

  it("lets whole events through at once: user-space records, other decoders", () => {
    const { joiner, out } = collect();
    const login = toSyslogEvent(
      'type=USER_LOGIN msg=audit(1604994500.001:92800): pid=1700 uid=0 auid=1000 ses=5 msg=\'op=login acct="wardog" exe="/usr/sbin/sshd" hostname=? addr=192.0.2.7 terminal=ssh res=failed\'',
    );
    const sshd = toSyslogEvent(
      "<38>Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186",
    );
    joiner.push(login, "AUDIO_004", "10.4.0.9");
    joiner.push(sshd, "AUDIO_004", "10.4.0.9");
    expect(out.map((o) => o.record)).toEqual([login, sshd]);
    expect(login).toMatchObject({ event_type: "login_failure", username: "wardog", source_ip: "192.0.2.7" });
  });

  it("ends an event at its EOE record, or after the wait when none comes", () => {
    vi.useFakeTimers();
    const { joiner, out } = collect(500);
    const [syscall, execve] = records();
    joiner.push(syscall, "AUDIO_004", "10.4.0.9");
    joiner.push(execve, "AUDIO_004", "10.4.0.9");
    joiner.push(toSyslogEvent("type=EOE msg=audit(1604994496.155:92733): "), "AUDIO_004", "10.4.0.9");
    expect(out).toHaveLength(1);
    expect(out[0]!.record.metadata?.audit_records).toEqual(["SYSCALL", "EXECVE"]);
    joiner.push(syscall, "AUDIO_004", "10.4.0.9");
    vi.advanceTimersByTime(400);
    expect(out).toHaveLength(1);
    vi.advanceTimersByTime(700);
    expect(out).toHaveLength(2);
  });

  it("never mixes senders or sites, even with the same serial", () => {
    const { joiner, out } = collect();
    const [syscall, execve] = records();
    joiner.push(syscall, "AUDIO_004", "10.4.0.9");
    joiner.push(syscall, "AUDIO_005", "10.5.0.9");
    joiner.push(execve, "AUDIO_004", "10.4.0.9");
    joiner.drain();
    expect(out.map((o) => [o.site, o.record.source_fields.type])).toEqual([
      ["AUDIO_004", ["SYSCALL", "EXECVE"]],
      ["AUDIO_005", "SYSCALL"],
    ]);
  });

  it("is what the syslog batcher hands to ingest: 12 lines, 2 events, none held after a flush", async () => {
    const submitted: unknown[][] = [];
    const sink = {
      submit: async (batch: unknown[]) => {
        submitted.push(batch);
        return { ids: batch.map((_, i) => `id-${i}`), errors: [] };
      },
    } as unknown as IngestSink;
    const batcher = new Batcher({ sink, receiver: "syslog-tcp", stats: emptyStats() });
    for (const record of records()) batcher.push(record, "AUDIO_004", "10.4.0.9");
    await batcher.flush();
    expect(submitted.flat().map((r) => (r as Joined).command_line)).toEqual(["arp -a", "grep -v ^?"]);
  });
});
