import { type Agg, addFact, emptyAgg, type Thresholds } from "@/lib/metrics/aggregate";
import { type CumulativeFact, summarizeWorkerWindow, WORKER_FACT_KINDS } from "@/lib/metrics";
import { effectiveEnd, type Report, type ReportBatch, type ReportContext, round } from "../context";
import type { ActivityEntry } from "../directory";
import { taskFactPages } from "../task-facts-source";
import { seconds } from "../time";
import { workerSpans } from "../worker-source";

/** The facts a worker's cumulative statistics count, as the live fold routes them, plus wrap-up. */
export function countsForWorker(fact: CumulativeFact): fact is CumulativeFact & { workerSid: string } {
  return fact.workerSid !== null && (WORKER_FACT_KINDS.has(fact.kind) || fact.kind === "wrapUp");
}

const BASE_COLUMNS = [
  "agent_sid",
  "agent",
  "handled",
  "aht_seconds",
  "avg_wrap_up_seconds",
  "reservations_created",
  "reservations_accepted",
  "reservations_rejected",
  "reservations_timed_out",
  "transfers_initiated",
  "busy_seconds",
  "available_or_busy_seconds",
  "occupancy_percent",
] as const;

const OTHER_ACTIVITIES_COLUMN = "seconds_other_activities";

/** `seconds_<activity>` per configured activity, in configuration order; names made header-safe. */
export function activityColumns(activities: readonly ActivityEntry[]): { sid: string; column: string }[] {
  const used = new Set<string>([...BASE_COLUMNS, OTHER_ACTIVITIES_COLUMN]);
  return activities.map(({ sid, friendlyName }) => {
    const slug =
      friendlyName
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "") || sid.toLowerCase();
    let column = `seconds_${slug}`;
    if (used.has(column)) column = `${column}_${sid.toLowerCase()}`;
    used.add(column);
    return { sid, column };
  });
}

type WorkerTotals = { agg: Agg; activityMs: Map<string, number>; busyMs: number; availableOrBusyMs: number };

/**
 * One row per agent (in the requested queues) for the range, every configured agent included:
 * tasks the agent completed, the AHT of the agent's own parts of tasks (each accepted reservation
 * to its completion: a transfer's initiator has a part and no completion), transfers started,
 * reservations, time per activity and occupancy = busy ÷ (time in available activities ∪ busy),
 * as the live view computes them.
 */
export function agentsReport(context: ReportContext): Report {
  const activities = activityColumns(context.directory.activityList());
  return { columns: agentColumns(activities), batches: agentRows(context, activities) };
}

export function agentColumns(activities: { column: string }[]): string[] {
  return [...BASE_COLUMNS, ...activities.map((a) => a.column), OTHER_ACTIVITIES_COLUMN];
}

async function* agentRows(context: ReportContext, activities: { sid: string; column: string }[]): AsyncGenerator<ReportBatch> {
  const { params, directory } = context;
  const end = effectiveEnd(context);
  const thresholds: Thresholds = { splitSeconds: [], ...directory.defaults };
  const totals = new Map<string, WorkerTotals>();
  const totalsOf = (workerSid: string): WorkerTotals => {
    let t = totals.get(workerSid);
    if (t === undefined) {
      t = { agg: emptyAgg(thresholds), activityMs: new Map(), busyMs: 0, availableOrBusyMs: 0 };
      totals.set(workerSid, t);
    }
    return t;
  };

  // Two independent reads of the log (the tasks; the agents' days), run side by side.
  const countFacts = async () => {
    for await (const page of taskFactPages(context)) {
      for (const facts of page) {
        for (const fact of facts.facts) {
          if (!countsForWorker(fact) || fact.atMs < params.fromMs || fact.atMs >= end) continue;
          if (!directory.workerInQueues(fact.workerSid, params.queueSids)) continue;
          addFact(totalsOf(fact.workerSid).agg, fact, thresholds);
        }
      }
    }
  };
  const isAvailable = (activitySid: string) => directory.activity(activitySid).available;
  const sumTime = async () => {
    for await (const span of workerSpans(context)) {
      const summary = summarizeWorkerWindow(span.intervals.activity, span.intervals.busy, span.fromMs, span.toMs, isAvailable);
      const t = totalsOf(span.workerSid);
      for (const [activitySid, ms] of summary.activityMs) t.activityMs.set(activitySid, (t.activityMs.get(activitySid) ?? 0) + ms);
      t.busyMs += summary.busyMs;
      t.availableOrBusyMs += summary.availableOrBusyMs;
    }
  };
  await Promise.all([countFacts(), sumTime()]);
  // Every configured agent has a row, a row of zeros when it did nothing in the range (so a
  // missing agent never reads as a missing export).
  for (const workerSid of directory.workerSids()) if (directory.workerInQueues(workerSid, params.queueSids)) totalsOf(workerSid);

  const listed = new Set(activities.map((a) => a.sid));
  const workers = [...totals.keys()].sort((a, b) => {
    const byName = (directory.workerName(a) ?? a).localeCompare(directory.workerName(b) ?? b);
    return byName || (a < b ? -1 : 1);
  });
  const batch: ReportBatch = [];
  for (const workerSid of workers) {
    const t = totals.get(workerSid)!;
    const { agg } = t;
    let otherMs = 0;
    for (const [activitySid, ms] of t.activityMs) if (!listed.has(activitySid)) otherMs += ms;
    const avg = (d: { n: number; totalMs: number }) => (d.n === 0 ? null : round(d.totalMs / d.n / 1000, 1));
    batch.push([
      workerSid,
      directory.workerName(workerSid),
      agg.counts.tasksCompleted,
      avg(agg.handleTime),
      avg(agg.wrapUpTime),
      agg.counts.reservationsCreated,
      agg.counts.reservationsAccepted,
      agg.counts.reservationsRejected,
      agg.counts.reservationsTimedOut,
      agg.counts.transfersInitiated,
      seconds(t.busyMs),
      seconds(t.availableOrBusyMs),
      t.availableOrBusyMs > 0 ? round((100 * t.busyMs) / t.availableOrBusyMs, 1) : null,
      ...activities.map((a) => seconds(t.activityMs.get(a.sid) ?? 0)),
      seconds(otherMs),
    ]);
  }
  yield batch;
}
