import { type Agg, emptyAgg, mergeAgg } from "@/lib/metrics/aggregate";
import { serviceLevelPercent } from "@/lib/metrics";
import { effectiveEnd, type ReportContext, round, zoneOf } from "./context";
import { aggregateQueueIntervals, reportQueues, thresholdsOf } from "./kinds/queue-intervals";
import { formatInstant, intervalStarts } from "./time";

export type PreviewInterval = {
  /** Epoch ms, for the chart's axis. */
  start: number;
  /** ISO-8601 in the report's zone, for labels (the offset tells the two 01:00s of a DST day apart). */
  label: string;
  entered: number;
  accepted: number;
  abandoned: number;
  shortAbandoned: number;
  serviceLevelPercent: number | null;
};

export type ReportPreview = {
  timezone: string;
  from: string;
  to: string;
  intervalMinutes: number;
  queues: { sid: string; friendlyName: string }[];
  totals: Omit<PreviewInterval, "start" | "label"> & { avgWaitSeconds: number | null; ahtSeconds: number | null };
  intervals: PreviewInterval[];
};

/** Most points the preview chart gets; longer ranges are drawn with wider intervals. */
export const MAX_PREVIEW_POINTS = 800;

/**
 * The `/reports` chart: service level and volume per interval over the selected queues, from
 * the same aggregation as the queue-intervals export (merged across queues with the fold's
 * `mergeAgg`, so the service level of the whole is computed from counts, not averaged).
 */
export async function buildPreview(context: ReportContext): Promise<ReportPreview> {
  const { params, directory } = context;
  const rangeMinutes = (effectiveEnd(context) - params.fromMs) / 60_000;
  const intervalMinutes =
    [params.intervalMinutes, 30, 60].find((m) => m >= params.intervalMinutes && rangeMinutes / m <= MAX_PREVIEW_POINTS) ?? 60;
  const scaled: ReportContext = { ...context, params: { ...params, intervalMinutes: intervalMinutes as 15 | 30 | 60 } };
  const byQueue = await aggregateQueueIntervals(scaled);
  const queues = reportQueues(scaled, byQueue.keys()).map((sid) => directory.queue(sid));
  const thresholds = thresholdsOf(directory.defaults);
  const total = emptyAgg(thresholds);
  const intervals: PreviewInterval[] = [];
  for (const start of intervalStarts(params.fromMs, effectiveEnd(context), zoneOf(context), intervalMinutes)) {
    const merged: Agg = emptyAgg(thresholds);
    for (const queue of queues) {
      const agg = byQueue.get(queue.sid)?.get(start);
      if (agg) mergeAgg(merged, agg);
    }
    mergeAgg(total, merged);
    intervals.push({ start, label: formatInstant(start, params.timezone), ...counts(merged) });
  }
  const avg = (d: { n: number; totalMs: number }) => (d.n === 0 ? null : round(d.totalMs / d.n / 1000, 1));
  return {
    timezone: params.timezone,
    from: formatInstant(params.fromMs, params.timezone),
    to: formatInstant(params.toMs, params.timezone),
    intervalMinutes,
    queues: queues.map(({ sid, friendlyName }) => ({ sid, friendlyName })),
    totals: { ...counts(total), avgWaitSeconds: avg(total.waitUntilAccepted), ahtSeconds: avg(total.handleTime) },
    intervals,
  };
}

function counts(agg: Agg): Omit<PreviewInterval, "start" | "label"> {
  const accepted = agg.tasksAccepted;
  const abandoned = agg.waitUntilCanceled.n;
  return {
    entered: agg.counts.tasksEntered,
    accepted,
    abandoned,
    shortAbandoned: agg.tasksShortAbandoned,
    serviceLevelPercent: serviceLevelPercent(accepted, agg.tasksAcceptedWithinSla, abandoned, agg.tasksShortAbandoned),
  };
}
