import { startOfLocalDay } from "@/lib/metrics";
import type { SeriesOptions } from "@/lib/metrics/types";

/** What a chart asks `/api/metrics/history` for. */
export type SeriesQuery = {
  /** Last N minutes; null for today (since local midnight in DASHBOARD_TIMEZONE). */
  minutes: number | null;
  stepSeconds: number;
  intervalMinutes?: number;
  queueSid?: string | null;
};

/** The live pages' two chart ranges: the last hour by the minute, and today by 5 minutes (15-minute bars). */
export const RECENT_SERIES: SeriesQuery = { minutes: 60, stepSeconds: 60 };
export const TODAY_SERIES: SeriesQuery = { minutes: null, stepSeconds: 300, intervalMinutes: 15 };

/**
 * The same range the history API computes for a query (samples on whole steps for a sliding
 * window, from local midnight for today), so a page can render its first charts on the server.
 */
export function seriesOptions(query: SeriesQuery, now: number, timezone: string): SeriesOptions {
  const spanMs = query.minutes ? query.minutes * 60_000 : now - startOfLocalDay(now, timezone);
  const stepMs = query.stepSeconds * 1000;
  const fromMs = query.minutes ? Math.floor((now - spanMs) / stepMs) * stepMs : now - spanMs;
  return {
    now,
    fromMs,
    toMs: now,
    stepMs,
    intervalMs: (query.intervalMinutes ?? 15) * 60_000,
    ...(query.queueSid ? { queueSid: query.queueSid } : {}),
  };
}
