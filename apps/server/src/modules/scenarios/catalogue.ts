import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import {
  type Playbook,
  type PlaybookEvent,
  PlaybookSchema,
  type ScenarioCatalogueItem,
} from "@vigie/contracts";
import { parse } from "yaml";

/** Playbooks bigger than this are refused unread: the real ones are a few tens of kilobytes. */
const MAX_PLAYBOOK_BYTES = 512 * 1024;
const PLAYBOOK_FILE = /^[\w.-]+\.ya?ml$/;

/** A playbook file that could not be loaded, and why. */
export interface CatalogueProblem {
  filename: string;
  message: string;
}

/** The validated playbooks of a folder, keyed by their exact file name. */
export interface Catalogue {
  playbooks: Map<string, Playbook>;
  problems: CatalogueProblem[];
}

/** Loads every `*.yml` / `*.yaml` of `dir`; a broken file lands in `problems` instead of throwing. */
export async function loadCatalogue(dir: string): Promise<Catalogue> {
  const catalogue: Catalogue = { playbooks: new Map(), problems: [] };
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => PLAYBOOK_FILE.test(name)).sort();
  } catch (error) {
    catalogue.problems.push({
      filename: dir,
      message: `cannot read the scenarios folder: ${errorText(error)}`,
    });
    return catalogue;
  }
  for (const filename of names) {
    const loaded = await loadPlaybook(join(dir, filename));
    if (loaded.ok) catalogue.playbooks.set(filename, loaded.playbook);
    else catalogue.problems.push({ filename, message: loaded.message });
  }
  return catalogue;
}

type LoadResult = { ok: true; playbook: Playbook } | { ok: false; message: string };

async function loadPlaybook(path: string): Promise<LoadResult> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, message: "not a regular file" };
    if (info.size > MAX_PLAYBOOK_BYTES)
      return { ok: false, message: `larger than ${MAX_PLAYBOOK_BYTES} bytes` };
    return validate(parse(await readFile(path, "utf8")));
  } catch (error) {
    return { ok: false, message: `invalid YAML: ${errorText(error)}` };
  }
}

function validate(document: unknown): LoadResult {
  const result = PlaybookSchema.safeParse(document);
  if (result.success) return { ok: true, playbook: result.data };
  const issues = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  return { ok: false, message: `schema: ${issues.slice(0, 5).join("; ")}` };
}

/**
 * The playbook named exactly `filename`, or null. Only names present in the catalogue are accepted,
 * so traversal (`../x`), absolute paths, encoded or NUL-laden names never reach the filesystem.
 */
export function findPlaybook(catalogue: Catalogue, filename: unknown): Playbook | null {
  if (typeof filename !== "string") return null;
  return catalogue.playbooks.get(filename) ?? null;
}

/** The catalogue as `GET /api/v1/scenarios/available` lists it, sorted by file name. */
export function catalogueItems(catalogue: Catalogue): ScenarioCatalogueItem[] {
  return [...catalogue.playbooks].map(([filename, playbook]) => ({
    filename,
    name: playbook.name,
    description: playbook.description,
    mitre_tactics: playbook.mitre_tactics,
    mitre_techniques: playbook.mitre_techniques,
    event_count: playbook.events.length,
  }));
}

/** The ingest record a runner submits for one playbook step: the step without its delay, on `siteId`. */
export function playbookEventRecord(event: PlaybookEvent, siteId: string): Record<string, unknown> {
  const { delay_seconds: _delay, ...record } = event;
  return { ...record, site_id: siteId };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
