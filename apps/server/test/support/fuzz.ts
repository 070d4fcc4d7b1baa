/**
 * A seeded fuzzer for request bodies and query strings: the same seed gives the same inputs, so a
 * failure found once is replayed by its seed and index (printed by `fuzzTarget`).
 */

/** A small deterministic pseudo-random generator (mulberry32): fast, 32-bit state, good enough to fuzz. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// Strings that broke something somewhere once: NUL and controls, lone surrogates, bidi, SQL and
// search syntax, prototype keys, dates and UUIDs of the wrong shape, very long text.
const STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0001\u001b[31m\u007f\u0085",
  "\ud800",
  "\udfff\ud800",
  "\u202e\ufeff",
  "漢字🙂",
  "'; DROP TABLE events; --",
  "\\",
  '"',
  "%00",
  "%",
  "__proto__",
  "constructor",
  "toString",
  "now",
  "0000-00-00T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "275760-09-13T00:00:00.001Z",
  "-1",
  "1e309",
  "NaN",
  "00000000-0000-0000-0000-00000000000g",
  "scenario_run_id:now",
  "severity:critical AND (",
  'a:b:c:"',
  "&|!<->()",
  "x".repeat(300),
  "y".repeat(70_000),
  "admin",
  "critical",
  "auth",
  "threshold",
];
const NUMBERS = [0, -0, -1, 1, 0.5, 65535, 65536, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, 3e9, 1e-320];
const KEYS = ["__proto__", "constructor", "", "\u0000", "a.b", "$where", "source_type", "metadata", "x"];

/** A random JSON value at most `depth` levels deep (sometimes deeper than the body limit allows). */
export function fuzzValue(rng: Rng, depth = 3): unknown {
  const kind = rng.int(depth > 0 ? 8 : 5);
  switch (kind) {
    case 0:
      return rng.pick(STRINGS);
    case 1:
      return rng.pick(NUMBERS);
    case 2:
      return rng.pick([true, false, null]);
    case 3:
      return rng.pick(STRINGS) + rng.pick(STRINGS);
    case 4:
      return rng.int(1000) - 500;
    case 5:
      return Array.from({ length: rng.int(4) }, () => fuzzValue(rng, depth - 1));
    case 6:
      return deepValue(rng.pick([10, 63, 65, 200]));
    default:
      return Object.fromEntries(
        Array.from({ length: rng.int(4) }, () => [
          rng.pick([...KEYS, rng.pick(STRINGS)]),
          fuzzValue(rng, depth - 1),
        ]),
      );
  }
}

function deepValue(levels: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

/** A copy of `base` with one to three fields replaced, removed or added. */
export function mutateObject(rng: Rng, base: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  const keys = Object.keys(base);
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const roll = rng.int(4);
    const key = keys.length && roll < 3 ? rng.pick(keys) : rng.pick(KEYS);
    if (roll === 0) delete copy[key];
    else
      Object.defineProperty(copy, key, {
        value: fuzzValue(rng),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return copy;
}

/** Text mutations of JSON: cut short, stray brackets, bytes that are not JSON. */
function mutateText(rng: Rng, text: string): string {
  const at = rng.int(text.length + 1);
  switch (rng.int(5)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return `${text.slice(0, at)}${rng.pick(["{", "[", "]", "}", ",", '"', "\\", ":"])}${text.slice(at)}`;
    case 2:
      return `${"[".repeat(rng.int(20_000))}${"]".repeat(rng.int(20_000))}`;
    case 3:
      return rng.pick(["", "null", "0", '"text"', "[]", "{}", "\u0000", "\uFEFF{}", '{"a":1}{}']);
    default:
      return `${text.slice(0, at)}\\u0000${text.slice(at)}`;
  }
}

/**
 * One fuzzed body derived from a valid one: mostly a valid JSON document with bad fields (where the
 * bugs hide), sometimes the wrong JSON type at the top, sometimes text that is not JSON at all.
 */
export function fuzzBody(rng: Rng, base: Record<string, unknown>, list?: string): string {
  const roll = rng.next();
  if (roll < 0.15) return mutateText(rng, JSON.stringify(base));
  if (roll < 0.2) return JSON.stringify(fuzzValue(rng));
  if (list && Array.isArray(base[list])) {
    const items = (base[list] as Record<string, unknown>[]).map((item) =>
      rng.chance(0.5) ? mutateObject(rng, item) : item,
    );
    return JSON.stringify(rng.chance(0.9) ? { ...base, [list]: items } : mutateObject(rng, base));
  }
  return JSON.stringify(mutateObject(rng, base));
}

// Raw query-string text: broken percent escapes and overlong UTF-8 besides the strings above.
const RAW_QUERY = [
  "%",
  "%zz",
  "%C0%AF",
  "%ED%A0%80",
  "%FF",
  "a%00b",
  "%E2%80%AE",
  "+",
  "&",
  "=",
  "[]",
  "a[b]=c",
];

/** One fuzzed query-string value (already in URL form). */
export function fuzzQueryValue(rng: Rng): string {
  if (rng.chance(0.2)) return rng.pick(RAW_QUERY);
  const value = String(rng.chance(0.7) ? rng.pick(STRINGS).slice(0, 2_000) : fuzzValue(rng, 0));
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be encoded: send its replacement.
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "\ufffd"));
  }
}
