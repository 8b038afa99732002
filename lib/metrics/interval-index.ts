import { HOUR_MS } from "./aggregate";

type Interval = { fromMs: number; toMs: number | null };

/**
 * A set of intervals (by identity: the fold stores the very objects its derivations made, and
 * removes those), closed ones bucketed by the hour they end in, so that the intervals meeting a
 * recent window are found without scanning older history.
 */
export class IntervalIndex<T extends Interval> {
  private readonly open = new Set<T>();
  private readonly closedByHour = new Map<number, Set<T>>();
  private maxHour = Number.NEGATIVE_INFINITY;
  private closedCount = 0;
  /** Bumped by every change: a reader may cache what it computed from the index at one revision. */
  revision = 0;

  get size(): number {
    return this.open.size + this.closedCount;
  }

  add(interval: T): void {
    this.revision += 1;
    if (interval.toMs === null) {
      this.open.add(interval);
      return;
    }
    const hourKey = Math.floor(interval.toMs / HOUR_MS);
    let hour = this.closedByHour.get(hourKey);
    if (hour === undefined) {
      hour = new Set();
      this.closedByHour.set(hourKey, hour);
    }
    const size = hour.size;
    hour.add(interval);
    this.closedCount += hour.size - size;
    if (hourKey > this.maxHour) this.maxHour = hourKey;
  }

  delete(interval: T): void {
    this.revision += 1;
    if (interval.toMs === null) {
      this.open.delete(interval);
      return;
    }
    const hourKey = Math.floor(interval.toMs / HOUR_MS);
    const hour = this.closedByHour.get(hourKey);
    if (hour === undefined || !hour.delete(interval)) return;
    this.closedCount -= 1;
    if (hour.size === 0) this.closedByHour.delete(hourKey);
  }

  /** Every interval that ends after fromMs and starts before toMs (open ones end at infinity). */
  overlapping(fromMs: number, toMs: number): T[] {
    const found: T[] = [];
    for (const interval of this.open) if (interval.fromMs < toMs) found.push(interval);
    const firstHour = Math.floor(fromMs / HOUR_MS);
    const collect = (hour: Set<T> | undefined) => {
      if (hour === undefined) return;
      for (const interval of hour) if ((interval.toMs as number) > fromMs && interval.fromMs < toMs) found.push(interval);
    };
    // Probe hour keys for a recent window; walk the (fewer) stored hours for a long one.
    if (this.maxHour - firstHour <= this.closedByHour.size) {
      for (let h = firstHour; h <= this.maxHour; h++) collect(this.closedByHour.get(h));
    } else {
      for (const [h, hour] of this.closedByHour) if (h >= firstHour) collect(hour);
    }
    return found;
  }

  /** Drops the closed intervals that ended before `ms` (no window served reads them any more). */
  forgetClosedBefore(ms: number): number {
    // Always a new revision: readers' caches keyed by it must not outlive what was dropped.
    this.revision += 1;
    let dropped = 0;
    for (const [hourKey, hour] of this.closedByHour) {
      if ((hourKey + 1) * HOUR_MS > ms) continue;
      dropped += hour.size;
      this.closedByHour.delete(hourKey);
    }
    this.closedCount -= dropped;
    return dropped;
  }
}
