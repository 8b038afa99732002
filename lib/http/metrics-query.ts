import { z } from "zod";
import { MAX_SERIES_POINTS, startOfLocalDay } from "@/lib/metrics";
import type { MetricsWindow, SeriesOptions } from "@/lib/metrics/types";
import { invalid, type ParseResult, parsed } from "@/lib/parse-result";

/** `?minutes=N`: a sliding window of the last N minutes instead of today. */
export const minutesParam = z.coerce
  .number({ message: "minutes must be a whole number" })
  .int({ message: "minutes must be a whole number" })
  .min(1, { message: "minutes must be at least 1" })
  .max(1440, { message: "minutes must be at most 1440 (24 hours)" })
  .optional();

/** `?queue=WQ…`: one queue. */
export const queueParam = z
  .string()
  .regex(/^WQ\w{1,62}$/, { message: "queue must be a TaskQueue sid (WQ…)" })
  .optional();

const querySchema = z.object({ minutes: minutesParam, queue: queueParam });

export type MetricsQuery = { window: MetricsWindow; queueSid: string | undefined };

/** The first issue of a failed zod parse of a query, as a parse result. */
function queryIssue<T>(error: z.ZodError): ParseResult<T> {
  const issue = error.issues[0];
  return invalid(String(issue?.path[0] ?? "query"), issue?.message ?? "invalid query");
}

/** `?minutes=N&queue=WQ…` of GET /api/metrics, validated. */
export function parseMetricsQuery(url: URL): ParseResult<MetricsQuery> {
  const checked = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!checked.success) return queryIssue(checked.error);
  const { minutes, queue } = checked.data;
  return parsed({ window: minutes ? { kind: "minutes", minutes } : { kind: "today" }, queueSid: queue });
}

const INTERVAL_MINUTES = [5, 10, 15, 30, 60] as const;

const historySchema = z.object({
  minutes: minutesParam,
  step: z.coerce
    .number({ message: "step must be a whole number of seconds" })
    .int({ message: "step must be a whole number of seconds" })
    .min(10, { message: "step must be at least 10 seconds" })
    .max(3600, { message: "step must be at most 3600 seconds" })
    .optional(),
  interval: z.coerce
    .number({ message: "interval must be 5, 10, 15, 30 or 60 (minutes)" })
    .refine((value) => (INTERVAL_MINUTES as readonly number[]).includes(value), {
      message: "interval must be 5, 10, 15, 30 or 60 (minutes)",
    })
    .optional(),
  queue: queueParam,
});

/**
 * `?minutes&step&interval&queue` of GET /api/metrics/history as series options: the last
 * `minutes`, or today (local midnight in `timezone`) when absent; samples every `step` seconds
 * (default: about 120 samples), arrivals/handled per `interval` minutes (default 15).
 */
export function parseHistoryQuery(url: URL, { now, timezone }: { now: number; timezone: string }): ParseResult<SeriesOptions> {
  const checked = historySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!checked.success) return queryIssue(checked.error);
  const { minutes, step, interval, queue } = checked.data;
  const spanMs = minutes ? minutes * 60_000 : now - startOfLocalDay(now, timezone);
  const stepMs = (step ?? Math.max(10, Math.ceil(spanMs / 120 / 10_000) * 10)) * 1000;
  // Samples on whole steps (14:05, 14:06…), so consecutive refreshes line up.
  const fromMs = minutes ? Math.floor((now - spanMs) / stepMs) * stepMs : now - spanMs;
  if ((now - fromMs) / stepMs > MAX_SERIES_POINTS) {
    return invalid("step", `step is too small for this range (at most ${MAX_SERIES_POINTS} samples)`);
  }
  return parsed({ now, fromMs, toMs: now, stepMs, intervalMs: (interval ?? 15) * 60_000, ...(queue ? { queueSid: queue } : {}) });
}
