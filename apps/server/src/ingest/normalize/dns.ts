import { defineNormalizer } from "./fields.ts";

/** DNS lookups (Suricata `dns: {...}`, Zeek dns.log, resolvers): query, type, answer, response code. */
export const dnsNormalizer = defineNormalizer(
  {
    query: { kind: "text", aliases: ["rrname", "dns.rrname", "qname", "query_name", "dns.question.name"] },
    query_type: {
      kind: "text",
      aliases: ["rrtype", "dns.rrtype", "qtype_name", "qtype", "record_type", "dns.question.type"],
    },
    response: { kind: "text", aliases: ["answer", "answers", "rdata", "dns.rdata", "dns.answers"] },
    // Zeek has both a numeric `rcode` and `rcode_name`: the name reads better, so it comes first.
    response_code: { kind: "text", aliases: ["rcode_name", "rcode", "dns.rcode", "dns.response_code"] },
  },
  () => "dns_query",
);
