import { z } from "zod";
import type { SigmaLogsource } from "../types.ts";
import linux from "./linux.json" with { type: "json" };
import network from "./network.json" with { type: "json" };
import web from "./web.json" with { type: "json" };
import windows from "./windows.json" with { type: "json" };

const name = z.string().trim().toLowerCase().min(1).max(100);
/** Sigma field name → the stored field Vigie reads instead (a column, `normalized.x`, or a source name). */
const FieldMapSchema = z.record(z.string().min(1).max(128), z.string().min(1).max(128));
/** A Sigma search identifier (a map, or a list of maps for OR) that picks a source's events. */
const EventsSchema = z.union([
  z.record(z.string(), z.unknown()),
  z.array(z.record(z.string(), z.unknown())).min(1),
]);

/** One kind of stored event a logsource covers (Sysmon 1, Security 4688…), with its own field names. */
export const LogsourceVariantSchema = z.object({
  source: z.string().min(1).max(200),
  events: EventsSchema,
  fields: FieldMapSchema.default({}),
});
export type LogsourceVariant = z.output<typeof LogsourceVariantSchema>;

/** Which stored events a Sigma logsource (product / category / service) sees, and how its fields map. */
export const LogsourceMappingSchema = z.object({
  logsource: z
    .object({ product: name.optional(), category: name.optional(), service: name.optional() })
    .refine((ls) => ls.product || ls.category || ls.service, "name a product, a category or a service"),
  variants: z.array(LogsourceVariantSchema).min(1).max(20),
  fields: FieldMapSchema.default({}),
});
export type LogsourceMapping = z.output<typeof LogsourceMappingSchema>;

/** A named set of mappings (pySigma's processing pipelines, as data). */
export const LogsourcePipelineSchema = z.object({
  name,
  description: z.string().max(1000).default(""),
  sources: z.array(LogsourceMappingSchema).max(500),
});
export type LogsourcePipeline = z.output<typeof LogsourcePipelineSchema>;

/** The pipelines Vigie ships: windows, linux, network, web. */
export const SHIPPED_PIPELINES: LogsourcePipeline[] = [windows, linux, network, web].map((pipeline) =>
  LogsourcePipelineSchema.parse(pipeline),
);

const KEYS = ["product", "category", "service"] as const;
/** `product/category/service` with `-` for an absent part: how logsources are named in answers and tables. */
export const logsourceKey = (ls: SigmaLogsource) => KEYS.map((key) => ls[key] ?? "-").join("/");

/**
 * The mappings that cover a rule's logsource: those naming exactly its product, category and service.
 * Mappings of later pipelines (an admin's) replace the shipped ones for the same logsource.
 */
export function mappingFor(
  logsource: SigmaLogsource,
  pipelines: LogsourcePipeline[],
): LogsourceMapping | null {
  const wanted = logsourceKey(logsource);
  let found: LogsourceMapping | null = null;
  for (const pipeline of pipelines)
    for (const mapping of pipeline.sources) if (logsourceKey(mapping.logsource) === wanted) found = mapping;
  return found;
}
