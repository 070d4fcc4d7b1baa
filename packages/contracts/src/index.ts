export * from "./audiosoc-rules.ts";
export * from "./audiosoc-vocabulary.ts";
export * from "./conditions.ts";
export * from "./enums.ts";
export * from "./events.ts";
export * from "./playbook.ts";
export * from "./rules.ts";
export * from "./sigma.ts";
