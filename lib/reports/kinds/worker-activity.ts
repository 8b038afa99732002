import { effectiveEnd, type Report, type ReportBatch, type ReportContext } from "../context";
import { formatInstant, seconds } from "../time";
import { workerSpans } from "../worker-source";

/**
 * One row per activity interval of each agent, clipped to the range: `start` is the later of
 * the interval's start and `from`, `end` the earlier of its end and `to` (or now, for the
 * interval an agent is still in: `ongoing` is true). So the seconds of one agent add up to the
 * length of the range, less the time before its first known activity.
 */
export const WORKER_ACTIVITY_COLUMNS = [
  "agent_sid",
  "agent",
  "activity_sid",
  "activity",
  "available",
  "start",
  "end",
  "seconds",
  "ongoing",
] as const;

type PendingRow = { workerSid: string; activitySid: string; startMs: number; endMs: number; open: boolean };

export function workerActivityReport(context: ReportContext): Report {
  return { columns: WORKER_ACTIVITY_COLUMNS, batches: workerActivityRows(context) };
}

async function* workerActivityRows(context: ReportContext): AsyncGenerator<ReportBatch> {
  const { directory, params } = context;
  const end = effectiveEnd(context);
  const stillRunning = params.toMs > context.now;
  let pending: PendingRow | null = null;
  let batch: ReportBatch = [];
  const flush = () => {
    if (pending === null) return;
    const activity = directory.activity(pending.activitySid);
    batch.push([
      pending.workerSid,
      directory.workerName(pending.workerSid),
      activity.sid,
      activity.friendlyName,
      String(activity.available),
      formatInstant(pending.startMs, params.timezone),
      formatInstant(pending.endMs, params.timezone),
      seconds(pending.endMs - pending.startMs),
      String(pending.open && stillRunning && pending.endMs === end),
    ]);
    pending = null;
  };
  for await (const span of workerSpans(context)) {
    if (pending !== null && pending.workerSid !== span.workerSid) flush();
    for (const interval of span.intervals.activity) {
      const startMs = Math.max(interval.fromMs, span.fromMs);
      const endMs = Math.min(interval.toMs ?? span.toMs, span.toMs);
      if (endMs <= startMs) continue;
      // A span is read on its own, so an interval across spans arrives in parts (open at the
      // end of one span, continuing at the start of the next): join them.
      const p = pending as PendingRow | null;
      if (p?.open && p.activitySid === interval.activitySid && p.endMs === startMs) {
        p.endMs = endMs;
        p.open = interval.toMs === null;
        continue;
      }
      flush();
      pending = { workerSid: span.workerSid, activitySid: interval.activitySid, startMs, endMs, open: interval.toMs === null };
    }
    if (batch.length >= 500) {
      yield batch;
      batch = [];
    }
  }
  flush();
  yield batch;
}
