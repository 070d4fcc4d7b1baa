/** The one drizzle schema: every table of every module (migrations/ holds the matching SQL). */

export * from "./schema/access.ts";
export * from "./schema/assets.ts";
export * from "./schema/detection.ts";
export * from "./schema/foundation.ts";
export * from "./schema/rollups.ts";
