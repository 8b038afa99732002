import { IANAZone } from "luxon";

const QUARTER_HOUR_MS = 900_000;

/**
 * A zone's UTC offset at an instant, memoised per quarter hour of UTC. Asking luxon (Intl) for
 * every timestamp was a third of an export's CPU. Exact for every date a report accepts (years
 * 2000–2200): offsets are whole quarter hours and change at local times that are too, so each
 * change falls on a UTC quarter hour.
 */
class ZoneOffsets {
  private readonly byQuarter = new Map<number, number>();

  constructor(private readonly zone: IANAZone) {}

  offsetMs(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_HOUR_MS);
    let offset = this.byQuarter.get(quarter);
    if (offset === undefined) {
      if (this.byQuarter.size >= 100_000) this.byQuarter.clear();
      offset = this.zone.offset(quarter * QUARTER_HOUR_MS) * 60_000;
      this.byQuarter.set(quarter, offset);
    }
    return offset;
  }
}

const offsetsByZone = new Map<string, ZoneOffsets>();

function offsetsOf(zone: IANAZone | string): ZoneOffsets {
  const name = typeof zone === "string" ? zone : zone.name;
  let offsets = offsetsByZone.get(name);
  if (offsets === undefined) {
    offsets = new ZoneOffsets(typeof zone === "string" ? IANAZone.create(zone) : zone);
    offsetsByZone.set(name, offsets);
  }
  return offsets;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * ISO-8601 with the zone's offset (`+00:00` for UTC too), to the second (truncated): one width
 * in every cell, which is what spreadsheets and people read best; the `*_seconds` columns keep
 * the milliseconds.
 */
export function formatInstant(ms: number, zone: IANAZone | string): string {
  const offset = offsetsOf(zone).offsetMs(ms);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset);
  const sign = offset < 0 ? "-" : "+";
  const offsetMinutes = Math.abs(offset) / 60_000;
  return (
    `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}` +
    `T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}` +
    `${sign}${two(Math.floor(offsetMinutes / 60))}:${two(offsetMinutes % 60)}`
  );
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
  const local = ms + offsetsOf(zone).offsetMs(ms);
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
