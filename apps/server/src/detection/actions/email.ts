import nodemailer, { type Transporter } from "nodemailer";
import type { Alert } from "../../modules/alerts/alert-row.ts";
import { type ActionHandler, PermanentActionError } from "./types.ts";

const TIMEOUT_MS = 10_000;
const transports = new Map<string, Transporter>();

/** One pooled SMTP transport per URL (`smtp://host:port` or `smtps://user:pass@host:port`). */
function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport({
      url,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
    transports.set(url, transport);
  }
  return transport;
}

/** The plain-text body: what an on-call analyst needs to act without opening the console. */
function bodyOf(alert: Alert): string {
  return [
    alert.title,
    "",
    `Severity:        ${alert.severity}`,
    `Rule:            ${alert.rule_name}`,
    `Group:           ${alert.group_value}`,
    `Site:            ${alert.site_id ?? "-"}`,
    `Matched events:  ${alert.matched_event_count}`,
    `MITRE ATT&CK:    ${[alert.mitre_tactic, alert.mitre_technique].filter(Boolean).join(" / ") || "-"}`,
    `First seen:      ${alert.first_seen}`,
    `Alert id:        ${alert.id}`,
  ].join("\n");
}

/** Mails the alert to `config.recipients` through `VIGIE_SMTP_URL`, from `VIGIE_SMTP_FROM`. */
export const emailAction: ActionHandler = async (alert, config, { smtp }) => {
  if (!smtp.url) throw new PermanentActionError("VIGIE_SMTP_URL is not configured");
  const recipients = Array.isArray(config.recipients) ? config.recipients.map(String) : [];
  if (!recipients.length) throw new PermanentActionError("the email action has no recipients");
  await transportFor(smtp.url).sendMail({
    from: smtp.from,
    to: recipients,
    subject: `[Vigie] ${alert.severity.toUpperCase()}: ${alert.title}`,
    text: bodyOf(alert),
  });
};
