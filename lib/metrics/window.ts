import { DateTime, IANAZone } from "luxon";
import type { MetricsWindow } from "./types";

export function assertTimezone(timezone: string): void {
  if (!IANAZone.isValidZone(timezone)) throw new RangeError(`Unknown IANA timezone: ${timezone}`);
}

/** Local midnight of `nowMs`'s day in `timezone` (luxon handles DST days of 23 or 25 hours). */
export function startOfLocalDay(nowMs: number, timezone: string): number {
  return DateTime.fromMillis(nowMs, { zone: timezone }).startOf("day").toMillis();
}

/** The window [fromMs, toMs] (both inclusive) that a snapshot at `now` covers. */
export function windowBounds(window: MetricsWindow, now: number, timezone: string): { fromMs: number; toMs: number } {
  if (window.kind === "today") return { fromMs: startOfLocalDay(now, timezone), toMs: now };
  if (!Number.isFinite(window.minutes) || window.minutes <= 0) throw new RangeError(`minutes must be positive, got ${window.minutes}`);
  return { fromMs: now - Math.round(window.minutes * 60_000), toMs: now };
}
