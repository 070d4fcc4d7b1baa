import { z } from "zod";
import type { Condition } from "./conditions.ts";
import { EVENT_STATUSES, SEVERITIES, SOURCE_TYPES } from "./enums.ts";

/** Longest search text (the search language's own limit). */
export const MAX_SEARCH_TEXT = 2000;

const text = z.string().trim().min(1).max(255);

/**
 * The Events page's filters a search keeps (its URL state): the form's fields, a time preset (`range`,
 * e.g. `24h`) or an absolute `from` / `to`, and the sort. Unknown keys are refused.
 */
export const SearchFiltersSchema = z.strictObject({
  severity: z.enum(SEVERITIES).optional(),
  source_type: z.enum(SOURCE_TYPES).optional(),
  status: z.enum(EVENT_STATUSES).optional(),
  site_id: text.optional(),
  event_type: text.optional(),
  source_ip: text.optional(),
  dest_ip: text.optional(),
  hostname: text.optional(),
  username: text.optional(),
  scenario_run_id: z.uuid().optional(),
  range: z
    .string()
    .regex(/^\d{1,5}[mhdw]$/, "must be a time preset such as 15m, 24h or 7d")
    .optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  sort: z
    .string()
    .regex(/^[a-z_]{1,64}$/, "must be a field name")
    .optional(),
  order: z.enum(["asc", "desc"]).optional(),
});
/** A parsed `SearchFiltersSchema` object. */
export type SearchFilters = z.output<typeof SearchFiltersSchema>;
/** The keys a search's filters may hold (the console keeps only these from its URL). */
export const SEARCH_FILTER_KEYS = Object.keys(SearchFiltersSchema.shape) as (keyof SearchFilters)[];

const name = z.string().trim().min(1, "Give a name").max(120);
const description = z.string().trim().max(1000).nullable();

/** `POST /api/v1/saved-searches`: a name, the search text and filters, and whether others see it. */
export const SavedSearchCreateSchema = z.strictObject({
  name,
  description: description.optional(),
  q: z.string().trim().max(MAX_SEARCH_TEXT).default(""),
  filters: SearchFiltersSchema.default({}),
  shared: z.boolean().default(false),
});
/** A parsed `SavedSearchCreateSchema` body. */
export type SavedSearchCreate = z.output<typeof SavedSearchCreateSchema>;

/** `PATCH /api/v1/saved-searches/:id`: any of the fields of a creation (rename, reshare, replace the search). */
export const SavedSearchUpdateSchema = z
  .strictObject({
    name: name.optional(),
    description: description.optional(),
    q: z.string().trim().max(MAX_SEARCH_TEXT).optional(),
    filters: SearchFiltersSchema.optional(),
    shared: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: "Give at least one field to change",
    path: ["body"],
  });
/** A parsed `SavedSearchUpdateSchema` body. */
export type SavedSearchUpdate = z.output<typeof SavedSearchUpdateSchema>;

/** A saved search as the API returns it; `mine` says whether the caller owns it. */
export interface SavedSearch {
  id: string;
  name: string;
  description: string | null;
  q: string;
  filters: SearchFilters;
  shared: boolean;
  owner_id: string;
  /** The owner's username. */
  owner: string;
  mine: boolean;
  created_at: string;
  updated_at: string;
}

/** `POST /api/v1/logs/query/to-rule`: a search (text and filters) to express in the rules' language. */
export const SearchToRuleSchema = z.strictObject({
  q: z.string().trim().max(MAX_SEARCH_TEXT).default(""),
  filters: SearchFiltersSchema.default({}),
});
/** A parsed `SearchToRuleSchema` body. */
export type SearchToRuleInput = z.output<typeof SearchToRuleSchema>;

/**
 * A part of a search the rule does not keep as it is: `dropped` (no rule equivalent, e.g. a time window:
 * the rule is wider than the search) or `widened` (kept, but matching a little more, e.g. a word that a
 * rule also finds inside a longer word).
 */
export interface SearchToRuleNote {
  /** The part as written: `timestamp>=now-1h`, or a filter `range=24h`. */
  part: string;
  effect: "dropped" | "widened";
  /** Why, in English (the console shows its own words for each `reason`). */
  reason: SearchToRuleReason;
  /** 0-based position in `q` (absent for a filter). */
  position?: number;
}

/** Why a part of a search is not kept as it is in a rule. */
export type SearchToRuleReason = "time" | "triage" | "alert" | "not_detected" | "word_inside_longer_word";

/** The answer: the condition tree for a rule's `event_filter`, and what it does not keep. */
export interface SearchToRule {
  event_filter: Condition;
  notes: SearchToRuleNote[];
}
