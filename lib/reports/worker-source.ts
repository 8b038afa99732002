import { deriveWorkerIntervals, type WorkerIntervals } from "@/lib/metrics";
import type { TypedEvent } from "@/lib/events/types";
import { effectiveEnd, type ReportContext } from "./context";
import { workerSids, workerSpanEvents } from "./event-log";

/**
 * How far before the range a reservation accepted then can still keep the worker busy into the
 * range and be seen. A task held longer than this across the start of the range is missed for
 * its part inside the range (busy time only; activity time is exact at any age).
 */
export const BUSY_LOOKBACK_MS = 12 * 3_600_000;

/** A worker's time is read this much at a time: about 50 tasks' events for a busy agent. */
export const WORKER_SPAN_MS = 6 * 3_600_000;

export type WorkerSpan = { workerSid: string; fromMs: number; toMs: number; intervals: WorkerIntervals };

/**
 * Every worker (in the requested queues), a span of the range at a time, with the activity and
 * busy intervals the live fold's `deriveWorkerIntervals` finds in that span. Each span reads the
 * worker's state change before it and its own events; the events of tasks the worker still
 * holds at the end of a span are carried into the next (instead of reading back again), so
 * memory holds one span and a handful of open tasks however long the range.
 */
export async function* workerSpans(context: ReportContext): AsyncGenerator<WorkerSpan> {
  const { run, params, directory, workspaceSid } = context;
  const end = effectiveEnd(context);
  if (end <= params.fromMs) return;
  for (const workerSid of await workerSids(run, workspaceSid)) {
    if (!directory.workerInQueues(workerSid, params.queueSids)) continue;
    let carried: TypedEvent[] = [];
    for (let fromMs = params.fromMs; fromMs < end; fromMs += WORKER_SPAN_MS) {
      const toMs = Math.min(end, fromMs + WORKER_SPAN_MS);
      const lookbackMs = fromMs === params.fromMs ? BUSY_LOOKBACK_MS : 0;
      const events = [...carried, ...(await workerSpanEvents(run, workerSid, { fromMs, toMs, lookbackMs, workspaceSid }))];
      if (events.length === 0) continue;
      for (const event of events) if (event.workerSid === workerSid) directory.learn(event);
      const intervals = deriveWorkerIntervals(workerSid, events);
      const held = new Set(intervals.busy.filter((busy) => busy.toMs === null || busy.toMs > toMs).map((busy) => busy.taskSid));
      carried = held.size === 0 ? [] : events.filter((event) => event.taskSid !== null && held.has(event.taskSid));
      yield { workerSid, fromMs, toMs, intervals };
    }
  }
}
