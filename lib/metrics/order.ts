/**
 * Last-writer-wins by (resource version, event time, event Sid): a total order, so the winner
 * of a set of events does not depend on the order they were folded in.
 */
export type OrderKey = { readonly version: number; readonly timeMs: number; readonly sid: string };

/** Configuration read at start: any event about the resource overrides it. */
export const CONFIG_KEY: OrderKey = { version: Number.NEGATIVE_INFINITY, timeMs: Number.NEGATIVE_INFINITY, sid: "" };

/** Version of an event that carries none; it sorts below every versioned event. */
export const NO_VERSION = -1;

export function compareKeys(a: OrderKey, b: OrderKey): number {
  if (a.version !== b.version) return a.version < b.version ? -1 : 1;
  if (a.timeMs !== b.timeMs) return a.timeMs < b.timeMs ? -1 : 1;
  return a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0;
}

export type Lww<T> = { readonly key: OrderKey; readonly value: T };

/** The later of the two writes (current when it wins or ties). */
export function lww<T>(current: Lww<T> | undefined, key: OrderKey, value: T): Lww<T> {
  return current === undefined || compareKeys(key, current.key) > 0 ? { key, value } : current;
}

/** Event-time order of records (time, then Sid), as `compareEvents`. */
export function compareTimeSid(a: { timeMs: number; sid: string }, b: { timeMs: number; sid: string }): number {
  return a.timeMs - b.timeMs || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0);
}

/** Inserts into an array kept sorted by `compare`; false when an equal item is already there. */
export function insertSorted<T>(items: T[], item: T, compare: (a: T, b: T) => number): boolean {
  // Events mostly arrive in order: most items go at the end.
  const last = items.length - 1;
  if (last < 0 || compare(items[last] as T, item) < 0) {
    items.push(item);
    return true;
  }
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compare(items[mid] as T, item);
    if (c === 0) return false;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  items.splice(lo, 0, item);
  return true;
}

/** Index of the first item for which `isAtOrAfter` holds, in an array sorted so that it is monotone. */
export function lowerBound<T>(items: readonly T[], isAtOrAfter: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAtOrAfter(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
