import type { LogEvent } from "@vigie/contracts";
import { useT } from "../../i18n/index.ts";
import { useLocaleStore } from "../../stores/locale.ts";

const SIDES = [
  { column: "source_ip", prefix: "source" },
  { column: "dest_ip", prefix: "dest" },
] as const;

const text = (value: unknown): string | null =>
  typeof value === "string" || typeof value === "number" ? String(value) : null;

/** A country code's name in the console's language (`RU` → "Russie"), or the code when unknown. */
function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * What ingest enrichment said of each address of an event: country, AS and the site whose networks
 * hold it (docs/OPERATIONS.md, "Enrichment"), with the attribution the AS data's licence asks for.
 */
export function AddressContext({ event }: { event: LogEvent }) {
  const t = useT();
  const locale = useLocaleStore((s) => s.locale);
  const n = event.normalized ?? {};
  const lines = SIDES.flatMap(({ column, prefix }) => {
    const address = event[column];
    const country = text(n[`${prefix}_country`]);
    const asn = text(n[`${prefix}_asn`]);
    const org = text(n[`${prefix}_as_org`]);
    const site = text(n[`${prefix}_site`]);
    if (!address || !(country || asn || site)) return [];
    const parts = [
      country && `${countryName(country, locale)} (${country})`,
      asn && `AS${asn}${org ? ` ${org}` : ""}`,
      site && t("events.address.site", { site }),
    ].filter(Boolean);
    return [{ prefix, address, parts, hasGeo: Boolean(asn || country) }];
  });
  if (!lines.length) return null;
  return (
    <div className="flex flex-col gap-1 text-[12.5px]" data-testid="event-addresses">
      {lines.map((line) => (
        <p key={line.prefix} data-testid={`event-address-${line.prefix}`}>
          <span className="vg-label mr-2">{t(`events.address.${line.prefix}`)}</span>
          <span className="font-mono">{line.address}</span>
          <span className="text-muted"> — {line.parts.join(" · ")}</span>
        </p>
      ))}
      {lines.some((line) => line.hasGeo) && (
        <p className="text-[11px] text-muted">
          {t("events.address.attribution")}{" "}
          <a href="https://db-ip.com" target="_blank" rel="noreferrer" className="underline">
            IP Geolocation by DB-IP
          </a>
        </p>
      )}
    </div>
  );
}
