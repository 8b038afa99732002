import { z } from "zod";
import { requireRole } from "@/lib/auth/guard";
import { minutesParam, queueParam } from "@/lib/http/metrics-query";
import { errorResponse, json } from "@/lib/http/responses";
import { MAX_SERIES_POINTS, startOfLocalDay } from "@/lib/metrics";
import { servicesFor } from "@/lib/services";

export const dynamic = "force-dynamic";

const INTERVAL_MINUTES = [5, 10, 15, 30, 60] as const;

const querySchema = z.object({
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
 * GET /api/metrics/history: the wallboard charts (`MetricsSeries`) over the last `minutes`, or
 * today (local midnight in DASHBOARD_TIMEZONE) when absent; samples every `step` seconds
 * (default: about 120 samples), arrivals/handled per `interval` minutes (default 15), for the
 * workspace or one `queue`.
 */
export async function GET(request: Request) {
  const principal = await requireRole(request, "viewer");
  if (principal instanceof Response) return principal;
  const { live } = servicesFor(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return errorResponse(400, issue?.message ?? "invalid query", { field: String(issue?.path[0] ?? "query") });
  }
  const { minutes, step, interval, queue } = parsed.data;
  const now = Date.now();
  const spanMs = minutes ? minutes * 60_000 : now - startOfLocalDay(now, live.settings.timezone);
  const stepMs = (step ?? Math.max(10, Math.ceil(spanMs / 120 / 10_000) * 10)) * 1000;
  // Samples on whole steps (14:05, 14:06…), so consecutive refreshes line up.
  const fromMs = minutes ? Math.floor((now - spanMs) / stepMs) * stepMs : now - spanMs;
  if ((now - fromMs) / stepMs > MAX_SERIES_POINTS) {
    return errorResponse(400, `step is too small for this range (at most ${MAX_SERIES_POINTS} samples)`, { field: "step" });
  }
  const series = live.series({
    now,
    fromMs,
    toMs: now,
    stepMs,
    intervalMs: (interval ?? 15) * 60_000,
    ...(queue ? { queueSid: queue } : {}),
  });
  if (queue && series.queues.length === 0) return errorResponse(404, `No TaskQueue ${queue} in this workspace`, { field: "queue" });
  return json(series);
}
