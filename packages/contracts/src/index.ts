export * from "./enums.ts";
export * from "./events.ts";
