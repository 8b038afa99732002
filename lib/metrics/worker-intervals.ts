/**
 * A worker's time: activity intervals from its activity changes, busy intervals from the tasks
 * it accepted, and how both meet a window. Shared by the live fold and the reports.
 *
 * Window rule for time spent (activityDurations, occupancy): every interval, closed or still
 * open, contributes the part of it that lies inside the window [from, to]; an open interval
 * runs until `to` (now). This differs on purpose from per-task durations (handle time, waits),
 * which are averaged per task and so count whole in the window of the event that ends them.
 */
import type { TypedEvent } from "@/lib/events/types";
import { compareTimeSid } from "./order";
import { deriveTaskFactsFromRecords } from "./task-derivation";
import { type BusyInterval, compareTaskRecords, type TaskRecord, toTaskRecord } from "./task-facts";

/** worker.created (opens), worker.activity.update (closes the previous, opens the next), worker.deleted (closes). */
export type ActivityChange = {
  sid: string;
  timeMs: number;
  kind: "created" | "update" | "deleted";
  activitySid: string | null;
  previousActivitySid: string | null;
  /** WorkerTimeInPreviousActivityMs (else WorkerTimeInPreviousActivity seconds × 1000). */
  previousDurationMs: number | null;
};

const CHANGE_KIND: Record<string, ActivityChange["kind"]> = {
  "worker.created": "created",
  "worker.activity.update": "update",
  "worker.deleted": "deleted",
};

export function toActivityChange(event: TypedEvent): ActivityChange | null {
  const kind = event.kind === "worker" ? CHANGE_KIND[event.eventType] : undefined;
  if (kind === undefined) return null;
  const worker = event.worker;
  return {
    sid: event.sid,
    timeMs: event.timeMs,
    kind,
    activitySid: worker.activitySid,
    previousActivitySid: worker.previousActivitySid,
    previousDurationMs: worker.timeInPreviousActivityMs,
  };
}

/** Time in one activity: [fromMs, toMs), toMs null while the worker is still in it. */
export type ActivityInterval = { activitySid: string; fromMs: number; toMs: number | null };

/**
 * The interval that change `index` closes: its activity is WorkerPreviousActivitySid, its start
 * is the change's time minus WorkerTimeInPreviousActivityMs (else the previous change's time).
 */
export function closedIntervalAt(changes: readonly ActivityChange[], index: number): ActivityInterval | null {
  const change = changes[index];
  if (change === undefined || change.kind === "created") return null;
  const previous = index > 0 ? changes[index - 1] : undefined;
  const previousOpen = previous !== undefined && previous.kind !== "deleted" ? previous : undefined;
  const activitySid = change.previousActivitySid ?? previousOpen?.activitySid ?? null;
  const fromMs = change.previousDurationMs !== null ? change.timeMs - change.previousDurationMs : (previousOpen?.timeMs ?? null);
  if (activitySid === null || fromMs === null) return null;
  return { activitySid, fromMs, toMs: change.timeMs };
}

/** The activity the worker is in since its last change (null when deleted or unknown). */
export function openInterval(changes: readonly ActivityChange[]): ActivityInterval | null {
  const last = changes[changes.length - 1];
  if (last === undefined || last.kind === "deleted" || last.activitySid === null) return null;
  return { activitySid: last.activitySid, fromMs: last.timeMs, toMs: null };
}

/** Closed intervals from changes[startIndex…] plus the open one. `changes` sorted by (time, Sid). */
export function activityIntervals(changes: readonly ActivityChange[], startIndex = 0): ActivityInterval[] {
  const intervals: ActivityInterval[] = [];
  for (let i = Math.max(0, startIndex); i < changes.length; i++) {
    const interval = closedIntervalAt(changes, i);
    if (interval !== null) intervals.push(interval);
  }
  const open = openInterval(changes);
  if (open !== null) intervals.push(open);
  return intervals;
}

/**
 * The worker's activity at instant t: the activity of the last change at or before t; before the
 * first change, the activity that change left (null before worker.created); `fallback` when
 * there is no change at all (e.g. configuration only).
 */
export function activityAt(changes: readonly ActivityChange[], t: number, fallback: string | null): string | null {
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((changes[mid] as ActivityChange).timeMs <= t) lo = mid + 1;
    else hi = mid;
  }
  const at = changes[lo - 1];
  if (at !== undefined) return at.kind === "deleted" ? null : at.activitySid;
  const first = changes[0];
  if (first === undefined) return fallback;
  return first.kind === "update" ? first.previousActivitySid : null;
}

export type WorkerWindowSummary = {
  /** Milliseconds in each activity inside the window. */
  activityMs: Map<string, number>;
  /** Time holding at least one accepted task. */
  busyMs: number;
  /** Time in an available activity or busy (the union, so busy time in "Available" counts once). */
  availableOrBusyMs: number;
  /** busyMs ÷ availableOrBusyMs; null when that is 0. */
  occupancy: number | null;
};

type Span = { fromMs: number; toMs: number };

function clip(interval: { fromMs: number; toMs: number | null }, fromMs: number, toMs: number): Span | null {
  const start = Math.max(fromMs, interval.fromMs);
  const end = Math.min(toMs, interval.toMs ?? toMs);
  return end > start ? { fromMs: start, toMs: end } : null;
}

function unionLength(spans: Span[]): number {
  spans.sort((a, b) => a.fromMs - b.fromMs || a.toMs - b.toMs);
  let total = 0;
  let start = Number.NaN;
  let end = Number.NaN;
  for (const s of spans) {
    if (Number.isNaN(end) || s.fromMs > end) {
      if (!Number.isNaN(end)) total += end - start;
      start = s.fromMs;
      end = s.toMs;
    } else if (s.toMs > end) end = s.toMs;
  }
  if (!Number.isNaN(end)) total += end - start;
  return total;
}

/** How a worker's intervals meet the window [fromMs, toMs] (see the rule at the top of this file). */
export function summarizeWorkerWindow(
  activity: readonly ActivityInterval[],
  busy: readonly { fromMs: number; toMs: number | null }[],
  fromMs: number,
  toMs: number,
  isAvailable: (activitySid: string) => boolean,
): WorkerWindowSummary {
  const activityMs = new Map<string, number>();
  const availableSpans: Span[] = [];
  for (const interval of activity) {
    const span = clip(interval, fromMs, toMs);
    if (span === null) continue;
    activityMs.set(interval.activitySid, (activityMs.get(interval.activitySid) ?? 0) + span.toMs - span.fromMs);
    if (isAvailable(interval.activitySid)) availableSpans.push(span);
  }
  const busySpans: Span[] = [];
  for (const interval of busy) {
    const span = clip(interval, fromMs, toMs);
    if (span !== null) busySpans.push(span);
  }
  const busyMs = unionLength([...busySpans]);
  const availableOrBusyMs = unionLength([...availableSpans, ...busySpans]);
  return { activityMs, busyMs, availableOrBusyMs, occupancy: availableOrBusyMs > 0 ? busyMs / availableOrBusyMs : null };
}

export type WorkerIntervals = { workerSid: string; activity: ActivityInterval[]; busy: BusyInterval[] };

/**
 * A worker's activity and busy intervals from events in any order, with duplicates: its worker.*
 * events, plus the events of the tasks it worked on (reservation.* carry its WorkerSid;
 * task.completed does not, so pass those too, or rely on reservation.completed to close).
 */
export function deriveWorkerIntervals(workerSid: string, events: Iterable<TypedEvent>): WorkerIntervals {
  const seen = new Set<string>();
  const changes: ActivityChange[] = [];
  const taskRecords = new Map<string, TaskRecord[]>();
  for (const event of events) {
    if (seen.has(event.sid)) continue;
    seen.add(event.sid);
    if (event.workerSid === workerSid && event.kind === "worker") {
      const change = toActivityChange(event);
      if (change !== null) changes.push(change);
    }
    if (event.taskSid !== null) {
      const records = taskRecords.get(event.taskSid) ?? [];
      records.push(toTaskRecord(event));
      taskRecords.set(event.taskSid, records);
    }
  }
  changes.sort(compareTimeSid);
  const busy: BusyInterval[] = [];
  for (const [taskSid, records] of taskRecords) {
    records.sort(compareTaskRecords);
    for (const interval of deriveTaskFactsFromRecords(taskSid, records).busy) if (interval.workerSid === workerSid) busy.push(interval);
  }
  busy.sort((a, b) => a.fromMs - b.fromMs || (a.reservationSid < b.reservationSid ? -1 : 1));
  return { workerSid, activity: activityIntervals(changes), busy };
}
