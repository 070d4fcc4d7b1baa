/**
 * Finds which of many literals occur in a text in one pass over the text (Aho–Corasick): the time
 * depends on the text's length and the matches, not on how many literals there are.
 */
export class LiteralSearch {
  /** Per state: character code → next state. */
  private readonly next: Map<number, number>[] = [new Map()];
  /** Per state: the state of its longest proper suffix that is also a prefix of some literal. */
  private readonly fail: number[] = [0];
  /** Per state: the literals ending there, its own and those of its suffixes. */
  private readonly ends: number[][] = [[]];
  /**
   * Every state's move on each ASCII character, failure links already followed (`state * 128 + code`):
   * most of a text is ASCII, read with one array load per character. ~0.5 KiB per state.
   */
  private readonly ascii: Int32Array;

  /** `literals[i]` is reported as `i`. */
  constructor(literals: readonly string[]) {
    literals.forEach((literal, id) => {
      let state = 0;
      for (let index = 0; index < literal.length; index++) {
        const code = literal.charCodeAt(index);
        let to = this.next[state]!.get(code);
        if (to === undefined) {
          to = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.ends.push([]);
          this.next[state]!.set(code, to);
        }
        state = to;
      }
      this.ends[state]!.push(id);
    });
    // Breadth first, so a state's suffix state is complete before the state itself.
    const queue = [...this.next[0]!.values()];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [code, to] of this.next[state]!) {
        let suffix = this.fail[state]!;
        while (suffix !== 0 && !this.next[suffix]!.has(code)) suffix = this.fail[suffix]!;
        const candidate = this.next[suffix]!.get(code);
        this.fail[to] = candidate !== undefined && candidate !== to ? candidate : 0;
        const inherited = this.ends[this.fail[to]!]!;
        if (inherited.length) this.ends[to] = [...this.ends[to]!, ...inherited];
        queue.push(to);
      }
    }
    this.ascii = new Int32Array(this.next.length * 128);
    // In breadth-first order a state's failure state has its row already: a missing move is its move.
    for (const state of [0, ...queue]) {
      const row = state * 128;
      const fallback = this.fail[state]! * 128;
      for (let code = 0; code < 128; code++) {
        const to = this.next[state]!.get(code);
        this.ascii[row + code] = to ?? (state === 0 ? 0 : this.ascii[fallback + code]!);
      }
    }
  }

  /** Adds to `found` the id of every literal that occurs in the text. */
  collect(text: string, found: Set<number>): void {
    let state = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code < 128) {
        state = this.ascii[state * 128 + code]!;
        const ends = this.ends[state]!;
        for (let i = 0; i < ends.length; i++) found.add(ends[i]!);
        continue;
      }
      let to = this.next[state]!.get(code);
      while (to === undefined && state !== 0) {
        state = this.fail[state]!;
        to = this.next[state]!.get(code);
      }
      state = to ?? 0;
      const ends = this.ends[state]!;
      for (let i = 0; i < ends.length; i++) found.add(ends[i]!);
    }
  }
}
