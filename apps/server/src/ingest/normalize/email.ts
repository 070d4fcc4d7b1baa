import { defineNormalizer } from "./fields.ts";

/** Mail gateway verdicts (phishing, spam, malware attachments): who to whom, subject, attachment, verdict. */
export const emailNormalizer = defineNormalizer({
  sender: { kind: "text", aliases: ["from", "mail_from", "envelope_from", "email.from.address"] },
  recipient: { kind: "text", aliases: ["to", "rcpt_to", "recipients", "email.to.address"] },
  subject: { kind: "text", aliases: ["mail_subject", "email.subject"] },
  attachment: {
    kind: "text",
    aliases: ["attachment_name", "attachments", "filename", "email.attachments.file.name"],
  },
  verdict: { kind: "text", aliases: ["disposition", "action", "result", "spam_verdict"] },
});
