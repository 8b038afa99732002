import { z } from "zod";
import type { MetricsWindow } from "@/lib/metrics/types";

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

/** `?minutes=N&queue=WQ…` of GET /api/metrics, validated. */
export function parseMetricsQuery(url: URL): { ok: true; query: MetricsQuery } | { ok: false; field: string; message: string } {
  const parsed = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: String(issue?.path[0] ?? "query"), message: issue?.message ?? "invalid query" };
  }
  const { minutes, queue } = parsed.data;
  return { ok: true, query: { window: minutes ? { kind: "minutes", minutes } : { kind: "today" }, queueSid: queue } };
}
