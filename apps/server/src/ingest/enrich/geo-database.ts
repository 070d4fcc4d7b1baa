import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Reader, type Response } from "mmdb-lib";
import { serverPath } from "../../platform/paths.ts";
import type { IpValue } from "../syslog/cidr.ts";
import { type AsAnswer, AsnTable } from "./asn-table.ts";

/** The files of the offline database: where they are read from (docs/OPERATIONS.md, "Enrichment"). */
export interface GeoFiles {
  /** MaxMind-format country database whose records hold `country_code`. */
  countryMmdb: string;
  /** Folder holding `asn-ipv4-num.csv` and `asn-ipv6-num.csv`. */
  asnFolder: string;
}

/** The files of the npm packages the server depends on, or of one folder holding the same files. */
export function geoFiles(folder?: string): GeoFiles {
  if (folder) return { countryMmdb: path.join(folder, "geo-whois-asn-country.mmdb"), asnFolder: folder };
  const require = createRequire(serverPath("package.json"));
  const packageFolder = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
  return {
    countryMmdb: path.join(
      packageFolder("@ip-location-db/geo-whois-asn-country-mmdb"),
      "geo-whois-asn-country.mmdb",
    ),
    asnFolder: packageFolder("@ip-location-db/asn"),
  };
}

/** What the database knows of a public address. */
export interface GeoAnswer {
  country: string | null;
  asn: AsAnswer | null;
}

/** Country and AS lookups from files read once into memory; every lookup is synchronous. */
export class GeoDatabase {
  private constructor(
    // The files' records are `{ country_code }`, a shape the reader's types do not list.
    private readonly countries: Reader<Response>,
    private readonly asns: AsnTable,
  ) {}

  /** Reads the files (about a second of CPU for the AS tables); throws when one is missing or unreadable. */
  static open(files: GeoFiles): GeoDatabase {
    const countries = new Reader<Response>(readFileSync(files.countryMmdb));
    return new GeoDatabase(countries, AsnTable.fromFolder(files.asnFolder));
  }

  /** The country (ISO 3166 alpha-2) and AS of an address; nulls for what the files do not know. */
  lookup(address: string, ip: IpValue): GeoAnswer {
    // The reader takes text: an IPv4-mapped IPv6 address is asked as IPv4, a zone (`%eth0`) is dropped.
    const text = ip.family === 4 ? ipv4Text(ip.value) : (address.trim().split("%")[0] ?? "");
    let code: unknown;
    try {
      code = (this.countries.get(text) as { country_code?: unknown } | null)?.country_code;
    } catch {
      code = null;
    }
    return { country: typeof code === "string" && code ? code : null, asn: this.asns.lookup(ip) };
  }
}

function ipv4Text(value: bigint): string {
  const n = Number(value);
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

const opened = new Map<string, GeoDatabase>();

/** The database of these files, read at the first call in this process and shared afterwards. */
export function sharedGeoDatabase(files: GeoFiles): GeoDatabase {
  const key = `${files.countryMmdb}\n${files.asnFolder}`;
  let database = opened.get(key);
  if (!database) {
    database = GeoDatabase.open(files);
    opened.set(key, database);
  }
  return database;
}
