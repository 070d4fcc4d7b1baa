import { readFileSync } from "node:fs";
import { toSyslogEvent } from "../event.ts";
import type { SyslogEvent } from "../types.ts";

/* Shared by the decoder tests: one clock, one way to turn a line into an event, fixture lines by file. */

export const TEST_NOW = new Date(2024, 5, 1);

/** The event Vigie stores for one received line. */
export const event = (line: string) => toSyslogEvent(line, { now: TEST_NOW });

/** The non-empty lines of a fixture in ../fixtures. */
export const fixtureLines = (name: string): string[] =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim());

/** The events of a fixture's lines, by line index (0-based); a missing line fails the test. */
export function fixtureEvents(name: string): (index: number) => SyslogEvent {
  const events = fixtureLines(name).map(event);
  return (index) => {
    const found = events[index];
    if (!found) throw new Error(`${name} has no line ${index}`);
    return found;
  };
}

/** Every prefix of a line (cut every `step` characters), to check a decoder on truncated input. */
export const prefixes = (line: string, step = 7): string[] =>
  Array.from({ length: Math.ceil(line.length / step) }, (_, i) => line.slice(0, i * step));
