import { deriveWorkerIntervals, type WorkerIntervals } from "@/lib/metrics";
import { effectiveEnd, localDays, type ReportContext, zoneOf } from "./context";
import { workerSids, workerSpanEvents } from "./event-log";

/**
 * How far before a span a reservation accepted then can still keep the worker busy into the span
 * and be seen. A task held longer than this across a span boundary is missed for the part after
 * the boundary (its busy time only; activity time is exact at any age).
 */
export const BUSY_LOOKBACK_MS = 12 * 3_600_000;

export type WorkerDay = { workerSid: string; fromMs: number; toMs: number; intervals: WorkerIntervals };

/**
 * Every worker (in the requested queues), one local day of the range at a time, with the
 * activity and busy intervals the live fold's `deriveWorkerIntervals` finds for that day. Reading
 * a day at a time keeps memory to one worker-day of events, however long the range.
 */
export async function* workerDays(context: ReportContext): AsyncGenerator<WorkerDay> {
  const { run, params, directory } = context;
  const zone = zoneOf(context);
  const end = effectiveEnd(context);
  if (end <= params.fromMs) return;
  for await (const workerSid of workerSids(run)) {
    if (!directory.workerInQueues(workerSid, params.queueSids)) continue;
    for (const day of localDays(params.fromMs, end, zone)) {
      const events = await workerSpanEvents(run, workerSid, { ...day, lookbackMs: BUSY_LOOKBACK_MS, workspaceSid: context.workspaceSid });
      if (events.length === 0) continue;
      for (const event of events) if (event.workerSid === workerSid) directory.learn(event.params);
      yield { workerSid, ...day, intervals: deriveWorkerIntervals(workerSid, events) };
    }
  }
}
