/**
 * Worker cumulative statistics from the event history (docs/metrics.md "Per worker"): reservation counts,
 * time per activity (closed intervals from `WorkerTimeInPreviousActivityMs` on worker.activity.update
 * events in the window, plus each worker's open interval up to now when the window reaches now), and
 * for one worker its completed tasks, handle time (reservation.accepted → reservation.completed),
 * talk time (the same up to the reservation's reservation.wrapup) and
 * the transfers it started (ours: task.transfer-initiated carries no worker, so the holder is the
 * worker whose reservation.accepted came last).
 */
import type { EventRecord } from "../model";
import type { EngineState } from "../state";
import { inWindow, isoSeconds, type TimeWindow } from "./window";

type ActivityDuration = { sid: string; friendly_name: string; avg: number; min: number; max: number; total: number };

const RESERVATION_COUNTERS: Record<
  string,
  | "reservations_created"
  | "reservations_accepted"
  | "reservations_rejected"
  | "reservations_timed_out"
  | "reservations_canceled"
  | "reservations_rescinded"
> = {
  "reservation.created": "reservations_created",
  "reservation.accepted": "reservations_accepted",
  "reservation.rejected": "reservations_rejected",
  "reservation.timeout": "reservations_timed_out",
  "reservation.canceled": "reservations_canceled",
  "reservation.rescinded": "reservations_rescinded",
};

export type WorkerStatsOptions = {
  window: TimeWindow;
  /** Only these workers (all when absent). */
  workerSids?: Set<string>;
  taskChannel?: string;
};

export function computeWorkersCumulative(s: EngineState, events: readonly EventRecord[], options: WorkerStatsOptions) {
  const { window, workerSids } = options;
  const counters = {
    reservations_created: 0,
    reservations_accepted: 0,
    reservations_rejected: 0,
    reservations_timed_out: 0,
    reservations_canceled: 0,
    reservations_rescinded: 0,
    tasks_completed: 0,
    transfers_initiated: 0,
  };
  const intervals = new Map<string, number[]>();
  const addInterval = (activitySid: string, ms: number) => {
    const list = intervals.get(activitySid);
    if (list) list.push(ms);
    else intervals.set(activitySid, [ms]);
  };
  const acceptedAt = new Map<string, number>();
  const wrapupAt = new Map<string, number>();
  const holder = new Map<string, string>();
  const handle: number[] = [];
  const talk: number[] = [];

  for (const event of events) {
    if (event.timeMs > window.endMs) break;
    if (event.type === "reservation.accepted" && event.taskSid && event.workerSid) holder.set(event.taskSid, event.workerSid);
    if (event.type === "task.transfer-initiated" && event.taskSid && inWindow(window, event.timeMs)) {
      const initiator = holder.get(event.taskSid);
      if (initiator && (!workerSids || workerSids.has(initiator))) counters.transfers_initiated += 1;
    }
    const worker = event.workerSid;
    if (!worker || (workerSids && !workerSids.has(worker))) continue;
    if (event.type === "reservation.accepted" && event.reservationSid) acceptedAt.set(event.reservationSid, event.timeMs);
    if (event.type === "reservation.wrapup" && event.reservationSid && !wrapupAt.has(event.reservationSid))
      wrapupAt.set(event.reservationSid, event.timeMs);
    if (!inWindow(window, event.timeMs)) continue;
    if (options.taskChannel && event.taskSid && event.taskChannelUniqueName !== options.taskChannel) continue;
    const counter = RESERVATION_COUNTERS[event.type];
    if (counter) counters[counter] += 1;
    if (event.type === "worker.activity.update") {
      const previous = event.params.WorkerPreviousActivitySid;
      const ms = Number(event.params.WorkerTimeInPreviousActivityMs);
      if (previous && Number.isFinite(ms)) addInterval(previous, ms);
    }
    if (event.type === "reservation.completed") {
      // A transfer's initiator completes their reservation while the task goes on: their handle time, not a completion.
      if (event.params.TaskAssignmentStatus === "completed") counters.tasks_completed += 1;
      const accepted = event.reservationSid ? acceptedAt.get(event.reservationSid) : undefined;
      if (accepted !== undefined) {
        handle.push(event.timeMs - accepted);
        // Talk: until the reservation's wrap-up (a transfer's initiator never wraps up: all talk).
        const wrapped = event.reservationSid ? wrapupAt.get(event.reservationSid) : undefined;
        talk.push((wrapped ?? event.timeMs) - accepted);
      }
    }
  }

  const now = s.now();
  if (window.endMs >= now) {
    for (const worker of s.workers.values()) {
      if (workerSids && !workerSids.has(worker.sid)) continue;
      if (worker.activitySince <= window.endMs) addInterval(worker.activitySid, now - worker.activitySince);
    }
  }

  const activity_durations: ActivityDuration[] = [...s.activities.values()].map((activity) => {
    const list = intervals.get(activity.sid) ?? [];
    const total = list.reduce((sum, ms) => sum + ms, 0) / 1000;
    return {
      sid: activity.sid,
      friendly_name: activity.friendlyName,
      avg: list.length ? total / list.length : 0,
      min: list.length ? smallest(list) / 1000 : 0,
      max: list.length ? largest(list) / 1000 : 0,
      total,
    };
  });
  const handleTotal = handle.reduce((sum, ms) => sum + ms, 0) / 1000;
  const talkTotal = talk.reduce((sum, ms) => sum + ms, 0) / 1000;
  return {
    start_time: isoSeconds(window.startMs),
    end_time: isoSeconds(window.endMs),
    ...counters,
    activity_durations,
    handle_time: {
      avg: handle.length ? handleTotal / handle.length : 0,
      min: handle.length ? smallest(handle) / 1000 : 0,
      max: handle.length ? largest(handle) / 1000 : 0,
      total: handleTotal,
    },
    talk_time: {
      avg: talk.length ? talkTotal / talk.length : 0,
      min: talk.length ? smallest(talk) / 1000 : 0,
      max: talk.length ? largest(talk) / 1000 : 0,
      total: talkTotal,
    },
  };
}

// Not Math.min(...list): long histories would overflow the argument list.
const smallest = (list: number[]): number => list.reduce((a, b) => Math.min(b, a));
const largest = (list: number[]): number => list.reduce((a, b) => Math.max(b, a));
