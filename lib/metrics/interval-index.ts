import { HOUR_MS } from "./aggregate";

type Interval = { fromMs: number; toMs: number | null };

/**
 * Intervals by id, closed ones bucketed by the hour they end in, so that the intervals meeting a
 * recent window are found without scanning older history.
 */
export class IntervalIndex<T extends Interval> {
  private readonly byId = new Map<string, T>();
  private readonly open = new Map<string, T>();
  private readonly closedByHour = new Map<number, Map<string, T>>();
  private maxHour = Number.NEGATIVE_INFINITY;

  get size(): number {
    return this.byId.size;
  }

  /** Replaces the interval stored under `id` (null removes it). */
  set(id: string, interval: T | null): void {
    const previous = this.byId.get(id);
    if (previous !== undefined) {
      if (previous.toMs === null) this.open.delete(id);
      else {
        const hourKey = Math.floor(previous.toMs / HOUR_MS);
        const hour = this.closedByHour.get(hourKey);
        hour?.delete(id);
        if (hour?.size === 0) this.closedByHour.delete(hourKey);
      }
      this.byId.delete(id);
    }
    if (interval === null) return;
    this.byId.set(id, interval);
    if (interval.toMs === null) {
      this.open.set(id, interval);
      return;
    }
    const hourKey = Math.floor(interval.toMs / HOUR_MS);
    let hour = this.closedByHour.get(hourKey);
    if (hour === undefined) {
      hour = new Map();
      this.closedByHour.set(hourKey, hour);
    }
    hour.set(id, interval);
    if (hourKey > this.maxHour) this.maxHour = hourKey;
  }

  /** Every interval that ends after fromMs and starts before toMs (open ones end at infinity). */
  *overlapping(fromMs: number, toMs: number): Generator<T> {
    for (const interval of this.open.values()) if (interval.fromMs < toMs) yield interval;
    const firstHour = Math.floor(fromMs / HOUR_MS);
    // Probe hour keys for a recent window; walk the (fewer) stored hours for a long one.
    const hours =
      this.maxHour - firstHour <= this.closedByHour.size
        ? Array.from({ length: Math.max(0, this.maxHour - firstHour + 1) }, (_, i) => this.closedByHour.get(firstHour + i))
        : [...this.closedByHour].filter(([h]) => h >= firstHour).map(([, hour]) => hour);
    for (const hour of hours) {
      if (hour === undefined) continue;
      for (const interval of hour.values()) {
        if ((interval.toMs as number) > fromMs && interval.fromMs < toMs) yield interval;
      }
    }
  }
}
