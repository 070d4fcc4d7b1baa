export * from "./enums.ts";
export * from "./events.ts";
export * from "./playbook.ts";
