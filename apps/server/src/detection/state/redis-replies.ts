import type { TallyOptions, WindowEntry, WindowTally } from "./window-store.ts";

/** Between the event id and the tag in a sorted-set member (event ids never contain it). */
const TAG_SEPARATOR = "\u001f";

/** The sorted-set member of an entry: its event id, then its tag after a separator. */
export const memberOf = (entry: WindowEntry) =>
  entry.tag === undefined ? entry.event_id : `${entry.event_id}${TAG_SEPARATOR}${entry.tag}`;

/** Decodes a `WITHSCORES` reply: member, score, member, score… */
export function entriesOf(reply: readonly string[]): WindowEntry[] {
  const entries: WindowEntry[] = [];
  for (let index = 0; index < reply.length; index += 2) {
    const member = reply[index]!;
    const ts = Number(reply[index + 1]);
    const at = member.indexOf(TAG_SEPARATOR);
    entries.push(
      at < 0 ? { event_id: member, ts } : { event_id: member.slice(0, at), ts, tag: member.slice(at + 1) },
    );
  }
  return entries;
}

/** The tally script's letters for the extras asked for. */
export const wantsOf = (options: TallyOptions) =>
  `${options.tagCounts ? "t" : ""}${options.sum ? "s" : ""}${options.ownTag ? "o" : ""}`;

/** Decodes a tally reply: end, count, distinct tags, sum, own tag count, then tag, count pairs. */
export function tallyOf(reply: readonly (number | string)[], options: TallyOptions): WindowTally {
  const [end, count, distinctTags, sum, ownTagCount] = reply.slice(0, 5).map(Number) as number[];
  const tally: { -readonly [K in keyof WindowTally]: WindowTally[K] } = {
    end: end!,
    count: count!,
    distinctTags: distinctTags!,
  };
  if (options.tagCounts) {
    const tagCounts = new Map<string, number>();
    for (let index = 5; index < reply.length; index += 2)
      tagCounts.set(String(reply[index]), Number(reply[index + 1]));
    tally.tagCounts = tagCounts;
  }
  if (options.sum) tally.sum = sum!;
  if (options.ownTag) tally.ownTagCount = ownTagCount!;
  return tally;
}
