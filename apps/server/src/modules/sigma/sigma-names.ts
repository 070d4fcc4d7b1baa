import type pg from "pg";

/** Every rule name in use (lower case) → its rule id. */
export async function takenNames(client: pg.PoolClient): Promise<Map<string, string>> {
  const { rows } = await client.query("SELECT id, lower(name) AS name FROM rules");
  return new Map((rows as { id: string; name: string }[]).map((row) => [row.name, row.id]));
}

/** The title, or — when another rule has it — the title with the Sigma id's first part. */
export function uniqueName(
  title: string,
  sigmaId: string | null,
  self: string | null,
  names: Map<string, string>,
): string {
  const free = (name: string) => {
    const owner = names.get(name.toLowerCase());
    return owner === undefined || owner === self;
  };
  if (free(title)) return title;
  const suffix = ` [sigma ${(sigmaId ?? "").slice(0, 8) || "import"}]`;
  for (let n = 1; ; n++) {
    const name = `${title.slice(0, 200 - suffix.length - 4)}${suffix}${n > 1 ? ` ${n}` : ""}`;
    if (free(name)) return name;
  }
}
