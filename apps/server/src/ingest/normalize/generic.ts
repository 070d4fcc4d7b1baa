import { defineNormalizer } from "./fields.ts";

/** Anything else: only the human text, under the names loggers commonly use (AudioSOC v1: `description`). */
export const genericNormalizer = defineNormalizer({
  message: { kind: "text", aliases: ["description", "msg", "log", "text"] },
});
