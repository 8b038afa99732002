/**
 * The time window of cumulative statistics and of the Events list: `Minutes`, or `StartDate` /
 * `EndDate`, never both (Twilio's rule); 15 minutes when neither is given. Bounds are inclusive and
 * compared with event time (`TimestampMs`).
 */
import { invalidParameter } from "../errors";

export type TimeWindow = { startMs: number; endMs: number };
export type WindowQuery = { minutes?: number; startDate?: number; endDate?: number };

export const DEFAULT_WINDOW_MINUTES = 15;

export function resolveWindow(query: WindowQuery, now: number): TimeWindow {
  const { minutes, startDate, endDate } = query;
  if (minutes !== undefined && (startDate !== undefined || endDate !== undefined)) {
    throw invalidParameter("Minutes cannot be used in combination with StartDate and EndDate");
  }
  if (minutes !== undefined) {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 43_200) throw invalidParameter("Minutes must be an integer from 1 to 43200");
    return { startMs: now - minutes * 60_000, endMs: now };
  }
  const endMs = endDate ?? now;
  const startMs = startDate ?? endMs - DEFAULT_WINDOW_MINUTES * 60_000;
  if (startMs > endMs) throw invalidParameter("StartDate must be before EndDate");
  return { startMs, endMs };
}

export const inWindow = (window: TimeWindow, timeMs: number): boolean => timeMs >= window.startMs && timeMs <= window.endMs;

/** ISO-8601 without milliseconds, as Twilio writes dates. */
export const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
