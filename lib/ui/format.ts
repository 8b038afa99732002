/**
 * Display formatting for the wallboard and the desk views. Pure and framework-free:
 * every function takes the time it needs as an argument, so tests never wait on a clock.
 */

const DASH = "—";

/** Whole seconds as `m:ss` below an hour and `h:mm:ss` from an hour on; a dash for no value. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const ss = String(secs).padStart(2, "0");
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, "0")}:${ss}`;
  return `${minutes}:${ss}`;
}

/** A compact duration for long spans: `45s`, `12m`, `3h 05m`, `2d 4h`. */
export function formatDurationCompact(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const total = Math.max(0, Math.floor(seconds));
  if (total < 60) return `${total}s`;
  if (total < 3600) return `${Math.floor(total / 60)}m`;
  if (total < 86_400) return `${Math.floor(total / 3600)}h ${String(Math.floor((total % 3600) / 60)).padStart(2, "0")}m`;
  return `${Math.floor(total / 86_400)}d ${Math.floor((total % 86_400) / 3600)}h`;
}

/** A percentage already on the 0–100 scale; a dash when there is nothing to measure (null). */
export function formatPercent(percent: number | null | undefined, fractionDigits = 0): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return DASH;
  // Never show 100% for 99.6%: a supervisor reads 100 as "no misses at all".
  const factor = 10 ** fractionDigits;
  const floored = percent >= 100 ? 100 : Math.floor(percent * factor) / factor;
  return `${floored.toFixed(fractionDigits)}%`;
}

/** A 0–1 ratio (occupancy) as a percentage. */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  return formatPercent(ratio * 100);
}

const countFormat = new Intl.NumberFormat("en-US");

export function formatCount(count: number | null | undefined): string {
  if (count === null || count === undefined || !Number.isFinite(count)) return DASH;
  return countFormat.format(count);
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timezone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timezone}|${JSON.stringify(options)}`;
  let format = formatterCache.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: timezone });
    } catch {
      // An unknown zone must not blank the board: fall back to UTC, which the label then says.
      format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" });
    }
    formatterCache.set(key, format);
  }
  return format;
}

/** Wall-clock time in the dashboard's zone: `14:03` or `14:03:27`. */
export function formatClockTime(epochMs: number, timezone: string, { seconds = false } = {}): string {
  return dateTimeFormat(timezone, {
    hour: "2-digit",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" } : {}),
    hourCycle: "h23",
  }).format(epochMs);
}

/** `Mon 23 Nov` in the dashboard's zone. */
export function formatDay(epochMs: number, timezone: string): string {
  return dateTimeFormat(timezone, { weekday: "short", day: "numeric", month: "short" }).format(epochMs);
}

/**
 * The one date-and-time format of every page: `Mon 23 Nov 14:03` (`:27` with seconds), with the
 * zone's short name appended unless `zone: false` (tables that say the zone in their header).
 */
export function formatDateTime(epochMs: number, timezone: string, { seconds = false, zone = true } = {}): string {
  const text = `${formatDay(epochMs, timezone)} ${formatClockTime(epochMs, timezone, { seconds })}`;
  return zone ? `${text} ${formatTimezoneLabel(epochMs, timezone)}` : text;
}

/** The zone's short name at that instant (`UTC`, `GMT+1`, `CET`), for labelling clocks. */
export function formatTimezoneLabel(epochMs: number, timezone: string): string {
  const part = dateTimeFormat(timezone, { timeZoneName: "short" })
    .formatToParts(epochMs)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timezone;
}

/** How long ago the last update arrived: `just now`, `8 s ago`, `3 min ago`, `2 h ago`. */
export function formatUpdateAge(ageMs: number): string {
  const seconds = Math.max(0, Math.floor(ageMs / 1000));
  if (seconds < 2) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

/** Whole seconds from an ISO time to `nowMs`, never negative; null when there is no time. */
export function secondsSince(iso: string | null | undefined, nowMs: number): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.floor((nowMs - at) / 1000));
}

/**
 * The server's clock as this browser sees it: the snapshot's `generatedAt` plus the time the
 * browser has counted since it received it. Ages computed this way tick every second and are
 * immune to the browser's clock being set wrong (only elapsed time is taken from it).
 */
export type ServerClock = { generatedAtMs: number; receivedAtMs: number };

export function serverNow(clock: ServerClock, browserNowMs: number): number {
  return clock.generatedAtMs + Math.max(0, browserNowMs - clock.receivedAtMs);
}

/** A snapshot-time age (seconds at `generatedAt`) advanced to `nowServerMs`. */
export function tickAge(ageAtSnapshot: number, clock: ServerClock, nowServerMs: number): number {
  return Math.max(0, Math.floor(ageAtSnapshot + Math.max(0, nowServerMs - clock.generatedAtMs) / 1000));
}

/** `WT0123…cdef` → `…cdef`-style short sid for dense tables, keeping the prefix. */
export function shortSid(sid: string): string {
  return sid.length <= 12 ? sid : `${sid.slice(0, 2)}…${sid.slice(-6)}`;
}
