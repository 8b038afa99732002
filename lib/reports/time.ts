import { DateTime, IANAZone } from "luxon";

/**
 * ISO-8601 with the zone's offset, to the second (truncated): one width in every cell, which is
 * what spreadsheets and people read best; the `*_seconds` columns keep the milliseconds.
 */
export function formatInstant(ms: number, zone: string): string {
  return DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone }).toISO({ suppressMilliseconds: true }) ?? "";
}

/** Seconds, rounded to milliseconds so that sums in a spreadsheet do not drift. */
export function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/**
 * Start of the wall-clock interval of `minutes` containing `ms` in `zone` (e.g. 09:15 for 09:27
 * and 15 minutes). Computed on local time, then mapped back with the offset in force at `ms`,
 * so offsets that are not whole hours (+05:30, +05:45) still align on the local clock.
 */
export function intervalStart(ms: number, zone: IANAZone, minutes: number): number {
  const width = minutes * 60_000;
  const offsetMs = zone.offset(ms) * 60_000;
  const local = ms + offsetMs;
  return ms - (((local % width) + width) % width);
}

/**
 * Starts of every interval that overlaps [fromMs, toMs), in order. Steps in absolute time: on a
 * DST change day the local labels skip the missing hour (spring) or repeat the doubled one with
 * a different offset (autumn), so every interval is exactly `minutes` long.
 */
export function* intervalStarts(fromMs: number, toMs: number, zone: IANAZone, minutes: number): Generator<number> {
  const width = minutes * 60_000;
  let start = intervalStart(fromMs, zone, minutes);
  while (start < toMs) {
    yield start;
    const next = start + width;
    // A transition that does not fall on an interval boundary (rare: e.g. Lord Howe's 30-minute
    // shift with 60-minute intervals) re-aligns on the local clock instead of drifting.
    const aligned = intervalStart(next, zone, minutes);
    start = aligned > start ? aligned : next;
  }
}
