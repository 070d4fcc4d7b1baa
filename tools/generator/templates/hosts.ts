import { username, workstation } from "../sites.ts";
import { syslogLine } from "./raw.ts";
import type { EventTemplate, TemplateContext, TemplateEvent } from "./types.ts";

const EVERYDAY_PROCESSES = [
  { name: "NOAH4.exe", path: "C:\\Program Files (x86)\\HIMSA\\Noah 4\\NOAH4.exe", parent: "explorer.exe" },
  {
    name: "OUTLOOK.EXE",
    path: "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
    parent: "explorer.exe",
  },
  {
    name: "chrome.exe",
    path: "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    parent: "explorer.exe",
  },
  {
    name: "PhonakTarget.exe",
    path: "C:\\Program Files (x86)\\Phonak\\Target\\PhonakTarget.exe",
    parent: "NOAH4.exe",
  },
  { name: "TeamViewer.exe", path: "C:\\Program Files\\TeamViewer\\TeamViewer.exe", parent: "services.exe" },
] as const;

function edr(ctx: TemplateContext, host: string, fields: Record<string, string | number>): string {
  const pairs = Object.entries(fields)
    .map(([key, value]) => `${key}="${value}"`)
    .join(" ");
  return syslogLine(ctx.time, host, "edr-agent", 2204, `Sysmon EventID=1 ${pairs}`);
}

function processStart(ctx: TemplateContext): TemplateEvent {
  const [host, user, proc] = [
    workstation(ctx.rng, ctx.site),
    username(ctx.rng),
    ctx.rng.pick(EVERYDAY_PROCESSES),
  ];
  const pid = ctx.rng.int(1200, 18000);
  const commandLine = `"${proc.path}"`;
  return {
    event_type: "process_execution",
    severity: "info",
    message: `${proc.name} started by ${user} on ${host.hostname}`,
    raw_log: edr(ctx, host.hostname, {
      Image: proc.path,
      ProcessId: pid,
      ParentImage: proc.parent,
      User: user,
    }),
    source_ip: host.ip,
    dest_ip: host.ip,
    hostname: host.hostname,
    username: user,
    process_name: proc.name,
    process_id: pid,
    parent_process: proc.parent,
    command_line: commandLine,
    file_path: proc.path,
  };
}

function avScan(ctx: TemplateContext): TemplateEvent {
  const host = workstation(ctx.rng, ctx.site);
  const files = ctx.rng.int(40_000, 260_000);
  const text = `Scan finished: type=quick files=${files} threats=0 duration=${ctx.rng.int(60, 900)}s`;
  return {
    event_type: "av_scan_completed",
    severity: "info",
    message: `Antivirus quick scan completed on ${host.hostname}, no threat found`,
    raw_log: syslogLine(ctx.time, host.hostname, "MsMpEng", 3912, text),
    source_ip: host.ip,
    dest_ip: host.ip,
    hostname: host.hostname,
    process_name: "MsMpEng.exe",
    file_path: "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\MsMpEng.exe",
  };
}

function usbInserted(ctx: TemplateContext): TemplateEvent {
  const [host, user] = [workstation(ctx.rng, ctx.site), username(ctx.rng)];
  const serial = `AA${ctx.rng.int(10_000_000, 99_999_999)}`;
  return {
    event_type: "usb_device_connected",
    severity: "low",
    message: `USB mass storage ${serial} connected by ${user} on ${host.hostname} (policy violation: removable media)`,
    raw_log: syslogLine(
      ctx.time,
      host.hostname,
      "edr-agent",
      2204,
      `DeviceControl usb_storage serial=${serial} user=${user}`,
    ),
    source_ip: host.ip,
    dest_ip: host.ip,
    hostname: host.hostname,
    username: user,
    process_name: "System",
    file_path: "E:\\",
  };
}

/** Workstation EDR/antivirus: everyday process starts, scans, removable media. */
export const endpointTemplates: EventTemplate[] = [
  { weight: 75, build: processStart },
  { weight: 18, build: avScan },
  { weight: 7, build: usbInserted },
];

const APP_ACTIONS = [
  { action: "appointment_created", resource: "/rdv/api/appointments", status: 201, severity: "info" },
  { action: "patient_record_viewed", resource: "/rdv/api/patients/record", status: 200, severity: "info" },
  { action: "login", resource: "/rdv/login", status: 200, severity: "info" },
  { action: "export_failed", resource: "/rdv/api/exports/ameli", status: 500, severity: "low" },
] as const;

/** The appointment and patient-record web application each centre runs on its server. */
export const applicationTemplates: EventTemplate[] = [
  {
    weight: 1,
    build(ctx) {
      const [host, user, entry] = [
        workstation(ctx.rng, ctx.site),
        username(ctx.rng),
        ctx.rng.pick(APP_ACTIONS),
      ];
      const ms = ctx.rng.int(8, 900);
      const line = `${host.ip} - ${user} "POST ${entry.resource} HTTP/1.1" ${entry.status} ${ms}ms action=${entry.action}`;
      return {
        event_type: entry.status >= 500 ? "application_error" : entry.action,
        severity: entry.severity,
        message: `rdv-audio: ${entry.action} by ${user} (${entry.status})${entry.status >= 500 ? " warning: export to AMELI failed" : ""}`,
        raw_log: syslogLine(ctx.time, ctx.site.server.hostname, "rdv-audio", 911, line),
        source_ip: host.ip,
        dest_ip: ctx.site.server.ip,
        dest_port: 443,
        hostname: ctx.site.server.hostname,
        username: user,
        app_name: "rdv-audio",
        action: entry.action,
        resource: entry.resource,
        status_code: entry.status,
      };
    },
  },
];
