import { ephemeralPort, externalIp, username, workstation } from "../sites.ts";
import { syslogLine, windowsEventLine } from "./raw.ts";
import type { EventTemplate, TemplateContext, TemplateEvent } from "./types.ts";

const DOMAIN = "RESEAU-AUDIO";

function sshd(ctx: TemplateContext, success: boolean): TemplateEvent {
  // Failures come from internet background noise, each from its own address, so that the everyday
  // stream never looks like a brute force: that is what bursts and scenarios are for.
  const src = success ? workstation(ctx.rng, ctx.site).ip : externalIp(ctx.rng);
  const user = success
    ? ctx.rng.pick(["support", "admin.it", "svc_backup"])
    : ctx.rng.pick(["root", "admin", "test"]);
  const port = ephemeralPort(ctx.rng);
  const method = success ? "publickey" : "password";
  const text = success
    ? `Accepted publickey for ${user} from ${src} port ${port} ssh2: ED25519 SHA256:q7Xn0d4Rk2vWm9pLc1sYb8TfHj6uZe3aGiO5NxQwE0M`
    : `Failed password for ${user} from ${src} port ${port} ssh2`;
  return {
    event_type: success ? "login_success" : "login_failure",
    severity: success ? "info" : "medium",
    message: text,
    raw_log: syslogLine(ctx.time, ctx.site.server.hostname, "sshd", ctx.rng.int(1000, 40000), text),
    source_ip: src,
    dest_ip: ctx.site.server.ip,
    source_port: port,
    dest_port: 22,
    hostname: ctx.site.server.hostname,
    username: user,
    service: "sshd",
    auth_method: method,
    result: success ? "success" : "failure",
    failure_reason: success ? undefined : "wrong_password",
  };
}

function vpnLogin(ctx: TemplateContext): TemplateEvent {
  const [user, src] = [username(ctx.rng), externalIp(ctx.rng)];
  const text = `user '${user}' authenticated from ${src}, tunnel assigned 10.250.${ctx.rng.int(0, 3)}.${ctx.rng.int(2, 250)}`;
  return {
    event_type: "login_success",
    severity: "info",
    message: `VPN login for ${user} from ${src}`,
    raw_log: syslogLine(ctx.time, ctx.site.firewall.hostname, "openvpn", ctx.rng.int(500, 5000), text),
    source_ip: src,
    dest_ip: ctx.site.firewall.ip,
    dest_port: 1194,
    hostname: ctx.site.firewall.hostname,
    username: user,
    service: "openvpn",
    auth_method: "certificate+password",
    result: "success",
  };
}

/** Host and VPN authentication: sshd on the site server, OpenVPN on the firewall. */
export const authTemplates: EventTemplate[] = [
  { weight: 62, build: (ctx) => sshd(ctx, true) },
  { weight: 8, build: (ctx) => sshd(ctx, false) },
  { weight: 30, build: vpnLogin },
];

function windowsLogon(ctx: TemplateContext, success: boolean): TemplateEvent {
  const [host, user] = [workstation(ctx.rng, ctx.site), username(ctx.rng)];
  const eventId = success ? 4624 : 4625;
  const summary = success ? "An account was successfully logged on." : "An account failed to log on.";
  const fields = {
    TargetUserName: user,
    TargetDomainName: DOMAIN,
    WorkstationName: host.hostname.toUpperCase(),
    IpAddress: host.ip,
    LogonType: success ? 2 : 3,
    ...(success ? {} : { Status: "0xC000006D", SubStatus: "0xC000006A" }),
  };
  return {
    event_type: success ? "login_success" : "login_failure",
    severity: success ? "info" : "medium",
    message: `${summary} ${DOMAIN}\\${user} from ${host.hostname}`,
    raw_log: windowsEventLine(ctx.time, ctx.site.domainController.hostname, eventId, summary, fields),
    source_ip: host.ip,
    dest_ip: ctx.site.domainController.ip,
    hostname: ctx.site.domainController.hostname,
    username: user,
    windows_event_id: eventId,
    domain: DOMAIN,
    workstation: fields.WorkstationName,
    logon_type: String(fields.LogonType),
  };
}

function groupChange(ctx: TemplateContext): TemplateEvent {
  const [user, group] = [
    username(ctx.rng),
    ctx.rng.pick(["Secretariat", "Audioprothesistes", "Comptabilite"]),
  ];
  const summary = "A member was added to a security-enabled global group.";
  return {
    event_type: "group_member_added",
    severity: "low",
    message: `${user} added to ${group} by admin.it`,
    raw_log: windowsEventLine(ctx.time, ctx.site.domainController.hostname, 4728, summary, {
      MemberName: `CN=${user},OU=${ctx.site.id},DC=reseau-audio,DC=local`,
      TargetUserName: group,
      SubjectUserName: "admin.it",
    }),
    source_ip: ctx.site.domainController.ip,
    dest_ip: ctx.site.domainController.ip,
    hostname: ctx.site.domainController.hostname,
    username: "admin.it",
    windows_event_id: 4728,
    domain: DOMAIN,
    group,
  };
}

/** Domain controller security log: logons, failed logons, group changes. */
export const activeDirectoryTemplates: EventTemplate[] = [
  { weight: 87, build: (ctx) => windowsLogon(ctx, true) },
  { weight: 8, build: (ctx) => windowsLogon(ctx, false) },
  { weight: 5, build: groupChange },
];
