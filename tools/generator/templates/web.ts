import { ephemeralPort, externalIp, serviceIp, username, workstation } from "../sites.ts";
import { syslogLine } from "./raw.ts";
import type { EventTemplate, TemplateContext, TemplateEvent } from "./types.ts";

const EVERYDAY_DOMAINS = [
  "outlook.office365.com",
  "www.ameli.fr",
  "login.microsoftonline.com",
  "update.phonakpro.com",
  "www.doctolib.fr",
  "fonts.gstatic.com",
  "api.sendinblue.com",
  "time.windows.com",
] as const;

function dnsQuery(ctx: TemplateContext, nxdomain: boolean): TemplateEvent {
  const host = workstation(ctx.rng, ctx.site);
  const name = nxdomain ? `wpad.${ctx.site.tag}.local` : ctx.rng.pick(EVERYDAY_DOMAINS);
  const answer = nxdomain ? null : serviceIp(ctx.rng);
  const port = ephemeralPort(ctx.rng);
  const text = nxdomain
    ? `query[A] ${name} from ${host.ip}; reply ${name} is NXDOMAIN`
    : `query[A] ${name} from ${host.ip}; reply ${name} is ${answer}`;
  return {
    event_type: "dns_query",
    severity: "info",
    message: `${host.hostname} A ${name} -> ${answer ?? "NXDOMAIN"}`,
    raw_log: syslogLine(ctx.time, ctx.site.firewall.hostname, "dnsmasq", 733, text),
    source_ip: host.ip,
    dest_ip: ctx.site.firewall.ip,
    source_port: port,
    dest_port: 53,
    hostname: host.hostname,
    query: name,
    query_type: "A",
    response: answer ?? undefined,
    response_code: nxdomain ? "NXDOMAIN" : "NOERROR",
  };
}

/** The site resolver (dnsmasq on the firewall): everyday lookups and the odd NXDOMAIN. */
export const dnsTemplates: EventTemplate[] = [
  { weight: 90, build: (ctx) => dnsQuery(ctx, false) },
  { weight: 10, build: (ctx) => dnsQuery(ctx, true) },
];

const BLOCKED = [
  { url: "http://free-streaming-hd.example/watch", category: "streaming" },
  { url: "http://casino-bonus.example/", category: "gambling" },
  { url: "http://cracked-software.example/office.zip", category: "warez" },
] as const;

function proxyRequest(ctx: TemplateContext, blocked: boolean): TemplateEvent {
  const [host, user] = [workstation(ctx.rng, ctx.site), username(ctx.rng)];
  const target = blocked ? ctx.rng.pick(BLOCKED) : null;
  const url = target?.url ?? `https://${ctx.rng.pick(EVERYDAY_DOMAINS)}/`;
  const [status, bytes, dest] = [
    blocked ? 403 : 200,
    ctx.rng.int(300, 800_000),
    blocked ? externalIp(ctx.rng) : serviceIp(ctx.rng),
  ];
  const squid = `${(ctx.time.getTime() / 1000).toFixed(3)} ${ctx.rng.int(20, 900)} ${host.ip} ${blocked ? "TCP_DENIED" : "TCP_TUNNEL"}/${status} ${bytes} GET ${url} ${user} HIER_DIRECT/${dest} text/html`;
  return {
    event_type: blocked ? "web_blocked" : "web_request",
    severity: blocked ? "medium" : "info",
    message: blocked ? `Blocked ${target?.category} site for ${user}: ${url}` : `${user} GET ${url}`,
    raw_log: syslogLine(ctx.time, ctx.site.firewall.hostname, "squid", 1402, squid),
    source_ip: host.ip,
    dest_ip: dest,
    source_port: ephemeralPort(ctx.rng),
    dest_port: url.startsWith("https") ? 443 : 80,
    hostname: host.hostname,
    username: user,
    url,
    method: "GET",
    status_code: status,
    user_agent:
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    content_type: "text/html",
    bytes_transferred: bytes,
  };
}

/** The web proxy on the firewall (squid access.log): browsing and category blocks. */
export const proxyTemplates: EventTemplate[] = [
  { weight: 92, build: (ctx) => proxyRequest(ctx, false) },
  { weight: 8, build: (ctx) => proxyRequest(ctx, true) },
];

const MAIL_KINDS = [
  {
    verdict: "delivered",
    severity: "info",
    subject: "Confirmation de rendez-vous",
    sender: "no-reply@doctolib.example",
  },
  {
    verdict: "delivered",
    severity: "info",
    subject: "Commande n°48213 expédiée",
    sender: "commandes@audiofournitures.example",
  },
  {
    verdict: "quarantined",
    severity: "low",
    subject: "Vous avez gagné un iPhone 15",
    sender: "promo@win-prize.example",
  },
  {
    verdict: "blocked",
    severity: "medium",
    subject: "Votre boîte mail est pleine",
    sender: "it-support@micros0ft-365.example",
  },
] as const;

/** The mail gateway (postfix + filter): deliveries, spam quarantine, blocked phishing. */
export const emailTemplates: EventTemplate[] = [
  {
    weight: 1,
    build(ctx) {
      const [kind, user, src] = [ctx.rng.pick(MAIL_KINDS), username(ctx.rng), externalIp(ctx.rng)];
      const recipient = `${user}@${ctx.site.tag}.centres-audition.example`;
      const queueId = ctx.rng.int(0x10000000, 0xffffffff).toString(16).toUpperCase();
      const line = `${queueId}: from=<${kind.sender}>, to=<${recipient}>, relay=${src}, subject="${kind.subject}", status=${kind.verdict}`;
      return {
        event_type: kind.verdict === "delivered" ? "email_received" : "email_filtered",
        severity: kind.severity,
        message: `Mail "${kind.subject}" from ${kind.sender} to ${recipient}: ${kind.verdict}${kind.verdict === "blocked" ? " (suspicious phishing link)" : ""}`,
        raw_log: syslogLine(
          ctx.time,
          ctx.site.mailGateway.hostname,
          "postfix/smtpd",
          ctx.rng.int(2000, 9000),
          line,
        ),
        source_ip: src,
        dest_ip: ctx.site.mailGateway.ip,
        dest_port: 25,
        hostname: ctx.site.mailGateway.hostname,
        username: user,
        sender: kind.sender,
        recipient,
        subject: kind.subject,
        verdict: kind.verdict,
      };
    },
  },
];
