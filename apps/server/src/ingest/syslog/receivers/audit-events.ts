/*
 * auditd writes one kernel event as several records sharing the serial of `msg=audit(<time>:<serial>)`:
 * SYSCALL, then EXECVE, CWD, PATH…, PROCTITLE, and (recent versions) EOE. Received one line at a time, they
 * are joined back into one event here, before batching (docs/SYSLOG.md, "Linux audit records").
 */

/** A decoded syslog record, as far as joining reads it. */
interface AuditRecord {
  hostname?: string | null;
  event_type?: string;
  message?: string;
  raw_log?: string;
  source_fields?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Where joined (and never-joined) records go: the batcher's queue. */
export type Emit = (record: unknown, siteId: string, senderIp: string) => void;

interface Held {
  siteId: string;
  senderIp: string;
  records: AuditRecord[];
  since: number;
}

/** User-space records (logins, sudo, service starts…) are whole events: only kernel events are joined. */
const KERNEL_EVENT_TYPES = new Set([
  "SYSCALL",
  "EXECVE",
  "CWD",
  "PATH",
  "PROCTITLE",
  "SOCKADDR",
  "OBJ_PID",
  "FD_PAIR",
  "BPRM_FCAPS",
  "CAPSET",
  "MMAP",
  "MQ_OPEN",
  "NETFILTER_CFG",
  "EOE",
]);

/** Bounds on what is held: records of one event (an execve of many files has a PATH each), and events. */
const MAX_RECORDS = 64;
const MAX_EVENTS = 10_000;

const serialOf = (record: AuditRecord): number | null => {
  const serial = record.metadata?.audit_serial;
  return record.metadata?.decoder === "auditd" && typeof serial === "number" ? serial : null;
};
const typeOf = (record: AuditRecord) => String(record.source_fields?.type ?? "");

/**
 * Holds the records of one audit event until the next event of the same sender and host starts, its EOE
 * record arrives, or `waitMs` passes; then emits them as one record. Everything else goes straight through.
 */
export class AuditEvents {
  /** The event being received, by site, sender and host: auditd writes an event's records together. */
  private readonly held = new Map<string, Held>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly emit: Emit,
    private readonly waitMs = 500,
    private readonly now: () => number = Date.now,
  ) {}

  push(record: unknown, siteId: string, senderIp: string): void {
    const audit = record as AuditRecord;
    const serial = serialOf(audit);
    if (serial === null || !KERNEL_EVENT_TYPES.has(typeOf(audit))) {
      this.emit(record, siteId, senderIp);
      return;
    }
    const key = `${siteId}\n${senderIp}\n${audit.hostname ?? ""}`;
    let held = this.held.get(key);
    if (held && serialOf(held.records[0]!) !== serial) {
      this.release(key, held);
      held = undefined;
    }
    if (typeOf(audit) === "EOE") {
      // The end-of-event marker carries nothing of its own.
      if (held) this.release(key, held);
      else this.emit(record, siteId, senderIp);
      return;
    }
    if (!held) {
      if (this.held.size >= MAX_EVENTS) this.releaseOldest();
      held = { siteId, senderIp, records: [], since: this.now() };
      this.held.set(key, held);
    }
    held.records.push(audit);
    if (held.records.length >= MAX_RECORDS) this.release(key, held);
    this.timer ??= setTimeout(() => this.releaseDue(), this.waitMs);
  }

  /** Emits every held event now (before a flush or a stop). */
  drain(): void {
    for (const [key, held] of this.held) this.release(key, held);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private releaseDue(): void {
    this.timer = null;
    const due = this.now() - this.waitMs;
    for (const [key, held] of this.held) if (held.since <= due) this.release(key, held);
    if (this.held.size) this.timer = setTimeout(() => this.releaseDue(), this.waitMs);
  }

  /** A Map iterates in insertion order: the first entry has waited longest. */
  private releaseOldest(): void {
    const [key, held] = this.held.entries().next().value!;
    this.release(key, held);
  }

  private release(key: string, held: Held): void {
    this.held.delete(key);
    this.emit(joinRecords(held.records), held.siteId, held.senderIp);
  }
}

/**
 * One event from its records: the SYSCALL record's fields first; each other record's fields added, a name
 * two records both carry (`type`, PATH's `name`…) becoming the list of their values, so a rule on any
 * one record's value (Sigma's `type: EXECVE`) still matches; the raw lines kept, one per line.
 */
export function joinRecords(records: AuditRecord[]): AuditRecord {
  if (records.length === 1) return records[0]!;
  const base = records.find((r) => typeOf(r) === "SYSCALL") ?? records[0]!;
  const ordered = [base, ...records.filter((r) => r !== base)];
  const fields: Record<string, unknown> = {};
  for (const record of ordered) {
    for (const [name, value] of Object.entries(record.source_fields ?? {})) {
      if (!(name in fields)) fields[name] = value;
      else if (fields[name] !== value) {
        const list = Array.isArray(fields[name]) ? (fields[name] as unknown[]) : [fields[name]];
        if (!list.includes(value)) fields[name] = [...list, value];
      }
    }
  }
  const joined: AuditRecord = { ...base };
  // What the companion records decoded (EXECVE's command line, a process creation) wins over SYSCALL's guess.
  for (const record of ordered.slice(1)) {
    for (const [name, value] of Object.entries(record)) {
      if (name === "source_fields" || name === "metadata" || name === "raw_log" || name === "message")
        continue;
      if (value !== null && value !== undefined && (joined[name] === null || joined[name] === undefined))
        joined[name] = value;
    }
  }
  if (ordered.some((r) => r.event_type === "process_created")) joined.event_type = "process_created";
  joined.source_fields = fields;
  joined.raw_log = ordered.map((r) => r.raw_log ?? r.message ?? "").join("\n");
  joined.metadata = { ...base.metadata, audit_records: ordered.map(typeOf) };
  return joined;
}
