/** Most addresses and user names kept per asset, newest first: a busy host stays one small row. */
export const ASSET_LIST_MAX = 20;

/**
 * The host's own address when the event names it: ECS `host.ip` (Winlogbeat, Elastic Agent: a list or one
 * text) in the shipper's document, else the syslog sender; only text shaped like an address is kept.
 */
const OWN_IP = `(SELECT ip FROM (VALUES
    (CASE json_typeof(e.raw #> '{host,ip}') WHEN 'array' THEN e.raw #>> '{host,ip,0}'
       WHEN 'string' THEN e.raw #>> '{host,ip}' END),
    (e.metadata ->> 'sender_ip')) AS v(ip)
  WHERE ip ~ '^[0-9A-Fa-f:.]{2,45}$' LIMIT 1)`;

/**
 * The operating system the event states: ECS `host.os` (name or family, and version), an `os` field a
 * native sender added (kept in the stored record), else "Windows" for any Windows event log record (docs/WINDOWS.md).
 */
const OS = `coalesce(
  nullif(btrim(concat_ws(' ', coalesce(e.raw #>> '{host,os,name}', e.raw #>> '{host,os,family}'),
    e.raw #>> '{host,os,version}')), ''),
  nullif(btrim(left(coalesce(e.normalized ->> 'os', e.raw ->> 'os'), 100)), ''),
  CASE WHEN e.metadata ? 'windows_family' THEN 'Windows' END)`;

/** The columns a slice's event contributes to its host's asset (the events row is aliased `e`). */
export const ASSET_FACTS = `coalesce(e.site_id, '') AS asset_site, lower(btrim(e.hostname)) AS asset_host,
  btrim(e.hostname) AS asset_name, ARRAY[${OWN_IP}, e.source_ip] AS asset_ips,
  e.username AS asset_user, ${OS} AS asset_os`;

/**
 * The values of `newer` then `older` (text arrays, any dimension), each once, empty ones dropped, at most
 * `ASSET_LIST_MAX`. Written inline, not as an SQL function: a function with an aggregate is never inlined,
 * and its call per host cost more than the rest of the learning (ADR 0024).
 */
const merged = (newer: string, older: string) =>
  `ARRAY(SELECT value FROM unnest(${newer} || ${older}) WITH ORDINALITY AS u(value, position)
    WHERE value IS NOT NULL AND value <> '' GROUP BY value ORDER BY min(position) LIMIT ${ASSET_LIST_MAX})`;

/**
 * A data-modifying CTE body that folds the events of `source` (rows carrying `ASSET_FACTS` and
 * "timestamp") into `assets`: one upsert per distinct host, in key order so that two indexers upserting the
 * same hosts lock them in the same order. A generic "Windows" never replaces a more precise Windows name.
 */
export function learnAssets(source: string): string {
  return `INSERT INTO assets (site_id, host, display_name, first_seen, last_seen, ips, users, os, event_count)
    SELECT asset_site, asset_host, (array_agg(asset_name ORDER BY "timestamp" DESC))[1],
      min("timestamp"), max("timestamp"),
      ${merged(`array_agg(asset_ips ORDER BY "timestamp" DESC)`, "'{}'::text[]")},
      ${merged(`array_agg(asset_user ORDER BY "timestamp" DESC)`, "'{}'::text[]")},
      (array_agg(asset_os ORDER BY asset_os = 'Windows', "timestamp" DESC) FILTER (WHERE asset_os IS NOT NULL))[1],
      count(*)
    FROM ${source}
    WHERE asset_host IS NOT NULL AND asset_host <> ''
    GROUP BY asset_site, asset_host
    ORDER BY asset_site, asset_host
    ON CONFLICT (site_id, host) DO UPDATE SET
      display_name = CASE WHEN EXCLUDED.last_seen >= assets.last_seen THEN EXCLUDED.display_name
        ELSE assets.display_name END,
      first_seen = LEAST(assets.first_seen, EXCLUDED.first_seen),
      last_seen = GREATEST(assets.last_seen, EXCLUDED.last_seen),
      ips = ${merged("EXCLUDED.ips", "assets.ips")},
      users = ${merged("EXCLUDED.users", "assets.users")},
      os = CASE WHEN EXCLUDED.os IS NULL OR (EXCLUDED.os = 'Windows' AND assets.os ILIKE 'windows%')
        THEN assets.os ELSE EXCLUDED.os END,
      event_count = assets.event_count + EXCLUDED.event_count
    RETURNING 1`;
}
