import { type Agg, addFact, emptyAgg, type Thresholds } from "@/lib/metrics/aggregate";
import { type CumulativeFact, serviceLevelPercent } from "@/lib/metrics";
import { effectiveEnd, type Report, type ReportBatch, type ReportContext, round, zoneOf } from "../context";
import { taskFactPages } from "../task-facts-source";
import { formatInstant, intervalStart, intervalStarts } from "../time";

/**
 * Per queue per interval, the queue's cumulative statistics over that interval: each fact
 * counts in the interval of the time it counts at in the live view (docs/metrics.md: a duration in
 * the window of the event that ends it), aggregated by the live fold's own `addFact`. So the
 * rows of a day add up to the wallboard's "today" numbers for the queue.
 */
export const QUEUE_INTERVAL_COLUMNS = [
  "interval_start",
  "interval_end",
  "in_progress",
  "queue_sid",
  "queue",
  "entered",
  "moved",
  "accepted",
  "accepted_within_sla",
  "abandoned",
  "short_abandoned",
  "canceled_by_supervisor",
  "completed",
  "service_level_percent",
  "sla_threshold_seconds",
  "short_abandon_seconds",
  "avg_wait_seconds",
  "max_wait_seconds",
  "avg_wait_in_queue_seconds",
  "aht_seconds",
  "avg_wrap_up_seconds",
  // Apart from `accepted` (tasks, first acceptances): every accepted reservation, a transfer's too.
  "reservations_accepted",
  "transfers_initiated",
] as const;

/**
 * The facts a queue's cumulative statistics count (as the live fold routes them): every fact
 * attributed to a queue except task creation, which is a workspace count.
 */
export function countsForQueue(fact: CumulativeFact): fact is CumulativeFact & { queueSid: string } {
  return fact.queueSid !== null && fact.kind !== "tasksCreated";
}

/** Buckets every queue fact in the range by (queue, interval); memory is one Agg per non-empty bucket. */
export async function aggregateQueueIntervals(context: ReportContext): Promise<Map<string, Map<number, Agg>>> {
  const { params, directory } = context;
  const zone = zoneOf(context);
  const end = effectiveEnd(context);
  const queueFilter = new Set(params.queueSids);
  const byQueue = new Map<string, Map<number, Agg>>();
  const thresholds = new Map<string, Thresholds>();
  for await (const page of taskFactPages(context)) {
    for (const facts of page) {
      for (const fact of facts.facts) {
        if (!countsForQueue(fact) || fact.atMs < params.fromMs || fact.atMs >= end) continue;
        if (queueFilter.size > 0 && !queueFilter.has(fact.queueSid)) continue;
        let buckets = byQueue.get(fact.queueSid);
        if (buckets === undefined) {
          buckets = new Map();
          byQueue.set(fact.queueSid, buckets);
        }
        let t = thresholds.get(fact.queueSid);
        if (t === undefined) {
          t = thresholdsOf(directory.queue(fact.queueSid));
          thresholds.set(fact.queueSid, t);
        }
        const start = intervalStart(fact.atMs, zone, params.intervalMinutes);
        let agg = buckets.get(start);
        if (agg === undefined) {
          agg = emptyAgg(t);
          buckets.set(start, agg);
        }
        addFact(agg, fact, t);
      }
    }
  }
  return byQueue;
}

export function thresholdsOf(queue: { slaSeconds: number; shortAbandonSeconds: number }): Thresholds {
  return { splitSeconds: [], slaSeconds: queue.slaSeconds, shortAbandonSeconds: queue.shortAbandonSeconds };
}

/** Queues the report has rows for: the ones asked for, else every configured queue and any other that had facts. */
export function reportQueues(context: ReportContext, withFacts: Iterable<string>): string[] {
  if (context.params.queueSids.length > 0) return context.params.queueSids;
  const configured = context.directory.queueList().map((queue) => queue.sid);
  const others = [...withFacts].filter((sid) => !configured.includes(sid)).sort();
  return [...configured, ...others];
}

/** Every count the row prints is zero (`empty=skip` leaves it out). */
export function isEmptyInterval(agg: Agg): boolean {
  const { counts } = agg;
  return (
    counts.tasksEntered === 0 &&
    counts.tasksMoved === 0 &&
    counts.tasksCompleted === 0 &&
    agg.waitUntilAccepted.n === 0 &&
    agg.waitUntilCanceled.n === 0 &&
    agg.tasksCanceledBySupervisor === 0
  );
}

export function queueIntervalsReport(context: ReportContext): Report {
  return { columns: QUEUE_INTERVAL_COLUMNS, batches: queueIntervalRows(context) };
}

async function* queueIntervalRows(context: ReportContext): AsyncGenerator<ReportBatch> {
  const { params, directory } = context;
  const zone = zoneOf(context);
  const byQueue = await aggregateQueueIntervals(context);
  const queues = reportQueues(context, byQueue.keys()).map((sid) => directory.queue(sid));
  const width = params.intervalMinutes * 60_000;
  const at = (ms: number) => formatInstant(ms, params.timezone);
  const avgSeconds = (d: { n: number; totalMs: number }) => (d.n === 0 ? null : round(d.totalMs / d.n / 1000, 1));
  // Every interval of every queue, empty ones included (so that a chart or pivot has no gaps)
  // unless `empty=skip` asks for only those in which something happened.
  let batch: ReportBatch = [];
  for (const start of intervalStarts(params.fromMs, effectiveEnd(context), zone, params.intervalMinutes)) {
    // Not over yet: its figures will still change (the export stops at now).
    const inProgress = String(start + width > context.now);
    for (const queue of queues) {
      const t = thresholdsOf(queue);
      const agg = byQueue.get(queue.sid)?.get(start) ?? emptyAgg(t);
      if (params.skipEmpty && isEmptyInterval(agg)) continue;
      const accepted = agg.tasksAccepted;
      const abandoned = agg.waitUntilCanceled.n;
      batch.push([
        at(start),
        at(start + width),
        inProgress,
        queue.sid,
        queue.friendlyName,
        agg.counts.tasksEntered,
        agg.counts.tasksMoved,
        accepted,
        agg.tasksAcceptedWithinSla,
        abandoned,
        agg.tasksShortAbandoned,
        agg.tasksCanceledBySupervisor,
        agg.counts.tasksCompleted,
        serviceLevelPercent(accepted, agg.tasksAcceptedWithinSla, abandoned, agg.tasksShortAbandoned),
        t.slaSeconds,
        t.shortAbandonSeconds,
        avgSeconds(agg.waitUntilAccepted),
        agg.waitUntilAccepted.n === 0 ? null : agg.waitUntilAccepted.maxMs / 1000,
        avgSeconds(agg.waitInQueueUntilAccepted),
        avgSeconds(agg.handleTime),
        avgSeconds(agg.wrapUpTime),
        agg.counts.reservationsAccepted,
        agg.counts.transfersInitiated,
      ]);
    }
    if (batch.length >= 1000) {
      yield batch;
      batch = [];
    }
  }
  yield batch;
}
