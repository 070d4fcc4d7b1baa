import { z } from "zod";
import { SEVERITIES, SOURCE_TYPES } from "./enums.ts";

/** A MITRE ATT&CK tactic id, e.g. `TA0006`. */
export const MitreTacticIdSchema = z.string().regex(/^TA\d{4}$/, "expected an ATT&CK tactic id like TA0006");
/** A MITRE ATT&CK technique or sub-technique id, e.g. `T1110` or `T1110.001`. */
export const MitreTechniqueIdSchema = z
  .string()
  .regex(/^T\d{4}(\.\d{3})?$/, "expected an ATT&CK technique id like T1110 or T1110.001");

const port = z.number().int().min(0).max(65535);
const text = z.string().min(1).max(255);
/** Source-specific fields (service, query, command_line...) are flat scalars, as a real source would send them. */
const sourceSpecificValue = z.union([z.string().max(2_048), z.number(), z.boolean(), z.null()]);

/** One step of a playbook: what the runner emits after waiting `delay_seconds / speed`. */
export const PlaybookEventSchema = z
  .object({
    delay_seconds: z.number().min(0).max(3600),
    source_type: z.enum(SOURCE_TYPES),
    event_type: text,
    source_ip: text,
    dest_ip: text,
    source_port: port.optional(),
    dest_port: port.optional(),
    hostname: text.optional(),
    username: text.optional(),
    message: z.string().min(1).max(2_048),
    mitre_tactic: MitreTacticIdSchema,
    mitre_technique: MitreTechniqueIdSchema,
    severity: z.enum(SEVERITIES).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    /** The source's own fields under its own names (Windows `EventID`, `Image`…), kept in `normalized`. */
    source_fields: z.record(z.string(), sourceSpecificValue).optional(),
  })
  .catchall(sourceSpecificValue);
export type PlaybookEvent = z.infer<typeof PlaybookEventSchema>;

/** An attack playbook from `scenarios/*.yml` (CONTRACT §8). */
export const PlaybookSchema = z
  .object({
    name: text,
    description: z.string().min(1).max(2_000),
    site_id: text,
    mitre_tactics: z.array(MitreTacticIdSchema).min(1),
    mitre_techniques: z.array(MitreTechniqueIdSchema).min(1),
    events: z.array(PlaybookEventSchema).min(15).max(40),
  })
  .strict()
  .superRefine((playbook, ctx) => {
    // The catalogue advertises the header lists, so they must cover what the events actually do.
    playbook.events.forEach((event, index) => {
      if (!playbook.mitre_tactics.includes(event.mitre_tactic)) {
        ctx.addIssue({
          code: "custom",
          path: ["events", index, "mitre_tactic"],
          message: `${event.mitre_tactic} is missing from mitre_tactics`,
        });
      }
      if (!playbook.mitre_techniques.includes(event.mitre_technique)) {
        ctx.addIssue({
          code: "custom",
          path: ["events", index, "mitre_technique"],
          message: `${event.mitre_technique} is missing from mitre_techniques`,
        });
      }
    });
  });
export type Playbook = z.infer<typeof PlaybookSchema>;

/** One entry of `GET /api/v1/scenarios/available`. */
export const ScenarioCatalogueItemSchema = z.object({
  filename: z.string(),
  name: z.string(),
  description: z.string(),
  mitre_tactics: z.array(z.string()),
  mitre_techniques: z.array(z.string()),
  event_count: z.number().int(),
});
export type ScenarioCatalogueItem = z.infer<typeof ScenarioCatalogueItemSchema>;
