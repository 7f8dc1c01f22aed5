// Why requests failed, per error kind: the first message and a small counted set of distinct
// messages (bounded: MAX_DISTINCT per kind, the rest counted as "other messages"). Kept beside the
// counts, shipped in the recorder's delta, merged on the main thread. Costs one Map lookup per
// failed request and nothing per successful one.
import { ERROR_KIND_NAMES, ErrorKind } from './types.js';

/** Distinct messages counted per kind; more are only counted together. */
export const MAX_DISTINCT = 8;
/** Longest message kept, characters (a message is one line). */
export const MAX_MESSAGE_CHARS = 200;

/** One kind's messages, as shipped in a delta (structured-clonable). */
export interface KindMessages {
  kind: ErrorKind;
  first: string;
  counts: [message: string, count: number][];
  /** failures whose message was not among the counted ones */
  uncounted: number;
}

interface Entry {
  first: string;
  counts: Map<string, number>;
  uncounted: number;
}

/** One line, bounded: what a table cell or a log line can hold. */
export function oneLine(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS - 1)}…` : line;
}

export class ErrorMessages {
  private entries = new Map<ErrorKind, Entry>();

  add(kind: ErrorKind, message: string, count = 1): void {
    let e = this.entries.get(kind);
    if (e === undefined) {
      e = { first: oneLine(message || ERROR_KIND_NAMES[kind]), counts: new Map(), uncounted: 0 };
      this.entries.set(kind, e);
    }
    const n = e.counts.get(message);
    if (n !== undefined) e.counts.set(message, n + count);
    else if (e.counts.size < MAX_DISTINCT) e.counts.set(message, count);
    else e.uncounted += count;
  }

  /** Everything since the last call, then starts afresh. */
  export(): KindMessages[] {
    const out: KindMessages[] = [];
    for (const [kind, e] of this.entries) {
      out.push({ kind, first: e.first, counts: [...e.counts], uncounted: e.uncounted });
    }
    this.entries = new Map();
    return out;
  }

  /** A delta's messages; a kind's first message stays the first one merged. */
  merge(delta: readonly KindMessages[]): void {
    for (const d of delta) {
      const known = this.entries.has(d.kind);
      for (const [message, count] of d.counts) this.add(d.kind, message, count);
      const e = this.entries.get(d.kind);
      if (e === undefined) {
        this.entries.set(d.kind, { first: d.first, counts: new Map(), uncounted: d.uncounted });
        continue;
      }
      if (!known) e.first = d.first;
      e.uncounted += d.uncounted;
    }
  }

  first(kind: ErrorKind): string | null {
    return this.entries.get(kind)?.first ?? null;
  }

  /** The most counted message of a kind and its count (ties: the one counted first). */
  top(kind: ErrorKind): { message: string; count: number } | null {
    const e = this.entries.get(kind);
    if (e === undefined) return null;
    let best: { message: string; count: number } | null = null;
    for (const [message, count] of e.counts) {
      if (best === null || count > best.count)
        best = { message: oneLine(message || ERROR_KIND_NAMES[kind]), count };
    }
    return best;
  }
}
