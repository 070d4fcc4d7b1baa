import { defineNormalizer } from "./fields.ts";

/** Intrusion detection alerts (Suricata EVE `alert: {...}`, Snort): signature, classification, priority. */
export const idsNormalizer = defineNormalizer(
  {
    signature_id: { kind: "code", aliases: ["sid", "signature.id", "alert.signature_id", "alert.sid"] },
    signature_name: { kind: "text", aliases: ["signature", "alert.signature", "signature.name", "msg"] },
    classification: { kind: "text", aliases: ["category", "alert.category", "classtype"] },
    priority: { kind: "number", aliases: ["alert.severity", "alert.priority"] },
  },
  () => "ids_alert",
);
