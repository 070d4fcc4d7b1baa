import { z } from "zod";
import { SEVERITIES } from "./enums.ts";

/** A case's lifecycle (docs/CASES.md). */
export const CASE_STATUSES = ["open", "in_progress", "closed"] as const;
/** One of `CASE_STATUSES`. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Why a case was closed: required to close it. */
export const CASE_CLOSING_REASONS = [
  "true_positive",
  "false_positive",
  "benign",
  "duplicate",
  "other",
] as const;
/** One of `CASE_CLOSING_REASONS`. */
export type CaseClosingReason = (typeof CASE_CLOSING_REASONS)[number];

/** What an observable is; each kind pivots to its own Events query. */
export const OBSERVABLE_KINDS = ["ip", "host", "user", "hash", "domain", "url"] as const;
/** One of `OBSERVABLE_KINDS`. */
export type ObservableKind = (typeof OBSERVABLE_KINDS)[number];

const title = z.string().trim().min(1, "Give a title").max(300);
const description = z.string().max(20_000);
const ids = z.array(z.uuid()).min(1).max(500);

/** `POST /api/v1/cases`: from alerts (title and severity default from them), or by hand (title required). */
export const CaseCreateSchema = z
  .strictObject({
    alert_ids: ids.optional(),
    title: title.optional(),
    description: description.optional(),
    severity: z.enum(SEVERITIES).optional(),
    assignee_id: z.uuid().nullable().optional(),
  })
  .refine((body) => body.title !== undefined || (body.alert_ids?.length ?? 0) > 0, {
    message: "Give a title or at least one alert id",
    path: ["title"],
  });
/** A parsed `CaseCreateSchema` body. */
export type CaseCreate = z.output<typeof CaseCreateSchema>;

/** `PATCH /api/v1/cases/:id`: any of these; closing needs a `closing_reason`. */
export const CaseUpdateSchema = z
  .strictObject({
    title: title.optional(),
    description: description.optional(),
    severity: z.enum(SEVERITIES).optional(),
    status: z.enum(CASE_STATUSES).optional(),
    assignee_id: z.uuid().nullable().optional(),
    closing_reason: z.enum(CASE_CLOSING_REASONS).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: "Give at least one field to change",
    path: ["body"],
  });
/** A parsed `CaseUpdateSchema` body. */
export type CaseUpdate = z.output<typeof CaseUpdateSchema>;

/** `POST /api/v1/cases/:id/alerts`. */
export const CaseAlertsSchema = z.strictObject({ alert_ids: ids });
/** `POST /api/v1/cases/:id/events`: events by id (their time is read from storage). */
export const CaseEventsSchema = z.strictObject({ event_ids: z.array(z.uuid()).min(1).max(200) });
/** `POST /api/v1/cases/:id/notes`. */
export const CaseNoteSchema = z.strictObject({
  body: z.string().trim().min(1, "Write something").max(10_000),
});
/** `POST /api/v1/cases/:id/tasks`. */
export const CaseTaskSchema = z.strictObject({ title: title });
/** `PATCH /api/v1/cases/:id/tasks/:task_id`. */
export const CaseTaskUpdateSchema = z.strictObject({ done: z.boolean() });
/** `POST /api/v1/cases/:id/observables`. */
export const CaseObservableSchema = z.strictObject({
  kind: z.enum(OBSERVABLE_KINDS),
  value: z.string().trim().min(1, "Give a value").max(2048),
});

/** A case as lists return it. */
export interface CaseSummary {
  id: string;
  number: number;
  /** `CASE-<number>`. */
  reference: string;
  title: string;
  description: string;
  severity: (typeof SEVERITIES)[number];
  status: CaseStatus;
  assignee_id: string | null;
  assignee: string | null;
  closing_reason: CaseClosingReason | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  alert_count: number;
  open_task_count: number;
  task_count: number;
}

/** One task of a case's checklist. */
export interface CaseTask {
  id: string;
  title: string;
  position: number;
  done: boolean;
  done_by: string | null;
  done_at: string | null;
}

/** One observable of a case. */
export interface CaseObservable {
  id: string;
  kind: ObservableKind;
  value: string;
  alert_id: string | null;
  event_id: string | null;
  added_by: string | null;
  created_at: string;
}

/** One entry of a case's timeline, oldest first. */
export interface CaseTimelineEntry {
  /** When it happened in the case (linked, pinned, written, changed). */
  at: string;
  by: string | null;
  kind: "created" | "alert" | "event" | "note" | "change";
  /** alert: the alert id; event: the event id; note: the note id. */
  ref: string | null;
  /** alert: its title; event: its message; note: its text; change: the field. */
  text: string | null;
  /** change: the old and new value; alert: its severity in `to`. */
  from: string | null;
  to: string | null;
  /** event: the event's own time. */
  event_time: string | null;
}

/** A case with everything on it (`GET /api/v1/cases/:id`). */
export interface CaseDetail extends CaseSummary {
  alerts: {
    id: string;
    title: string;
    severity: (typeof SEVERITIES)[number];
    status: string;
    site_id: string | null;
    last_seen: string;
  }[];
  events: {
    id: string;
    timestamp: string;
    message: string | null;
    site_id: string | null;
    hostname: string | null;
  }[];
  tasks: CaseTask[];
  observables: CaseObservable[];
  timeline: CaseTimelineEntry[];
}
