/**
 * Cumulative statistics recomputed from the emulator's own event history, field by field as
 * docs/metrics.md defines them, so the dashboard's fold can be checked against them:
 *
 * - An event counts when its time is in the window; a duration counts in the window of the event
 *   that ends it. Waits run from the task's creation or queue entry, to the millisecond (the
 *   `TimestampMs` of task.created / task-queue.entered), to the event's `TimestampMs`, in seconds;
 *   `avg` is total ÷ count, unrounded; `avg_task_acceptance_time` is that average rounded.
 * - Scope: a queue counts events whose `TaskQueueSid` is the queue (for reservations, the queue the
 *   reservation was made from; for moves, the queue left); a workflow, events of its tasks; the
 *   workspace, everything.
 * - `tasks_abandoned`: task.canceled of a task never accepted; short abandons waited ≤ S seconds.
 * - `service_level.percent` = 100 × accepted within T ÷ (accepted + abandons after S), null on 0.
 * - `split_by_wait_time[T]`: accepted / canceled with wait ≤ T (below) or > T (above).
 * - `handle_time`: first reservation.accepted → task.completed; `wrap_up_time`: task.wrapup → task.completed.
 * - `wait_duration_until_accepted`, `avg_task_acceptance_time` and `split_by_wait_time` count every
 *   accepted reservation, a transfer's too, waited from the task's creation (twilio-oai: "For
 *   transfers, the wait duration is counted from the moment the Task was created"); the service
 *   level, `tasks_accepted` and `wait_duration_until_first_accepted` (ours) count a task once, at
 *   its first acceptance.
 * - `transfers_*` (ours): task.transfer-* events by their TaskQueueSid.
 * Beyond Twilio's own fields, the extra ones are snake_case versions of docs/metrics.md's names.
 */
import type { EventRecord } from "../model";
import { inWindow, isoSeconds, type TimeWindow } from "./window";

export type Scope = { kind: "queue"; sid: string } | { kind: "workflow"; sid: string } | { kind: "workspace" };

export type CumulativeOptions = {
  window: TimeWindow;
  /** Unique name of the only task channel to count. */
  taskChannel?: string;
  splitByWaitTime?: number[];
  /** Service level threshold T (seconds, default 20). */
  slaSeconds?: number;
  /** Short abandon threshold S (seconds, default 5). */
  shortAbandonSeconds?: number;
};

export type DurationStats = { avg: number; min: number; max: number; total: number };
type SplitCounts = { reservations_accepted: number; tasks_canceled: number; tasks_accepted: number };

class DurationAccumulator {
  private count = 0;
  private total = 0;
  private min = Infinity;
  private max = -Infinity;

  add(seconds: number): void {
    this.count += 1;
    this.total += seconds;
    this.min = Math.min(this.min, seconds);
    this.max = Math.max(this.max, seconds);
  }

  get size(): number {
    return this.count;
  }

  result(): DurationStats {
    if (this.count === 0) return { avg: 0, min: 0, max: 0, total: 0 };
    return { avg: this.total / this.count, min: round3(this.min), max: round3(this.max), total: round3(this.total) };
  }
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;
const seconds = (ms: number): number => ms / 1000;

function inScope(scope: Scope, event: EventRecord): boolean {
  if (scope.kind === "queue") return event.queueSid === scope.sid;
  if (scope.kind === "workflow") return event.workflowSid === scope.sid;
  return true;
}

type ReservationCounter =
  | "reservations_created"
  | "reservations_accepted"
  | "reservations_rejected"
  | "reservations_timed_out"
  | "reservations_canceled"
  | "reservations_rescinded";

type TransferCounter =
  | "transfers_initiated"
  | "transfers_completed"
  | "transfers_failed"
  | "transfers_canceled"
  | "transfer_attempts_failed";

const TRANSFER_COUNTERS: Record<string, TransferCounter> = {
  "task.transfer-initiated": "transfers_initiated",
  "task.transfer-completed": "transfers_completed",
  "task.transfer-failed": "transfers_failed",
  "task.transfer-canceled": "transfers_canceled",
  "task.transfer-attempt-failed": "transfer_attempts_failed",
};

const RESERVATION_COUNTERS: Record<string, ReservationCounter> = {
  "reservation.created": "reservations_created",
  "reservation.accepted": "reservations_accepted",
  "reservation.rejected": "reservations_rejected",
  "reservation.timeout": "reservations_timed_out",
  "reservation.canceled": "reservations_canceled",
  "reservation.rescinded": "reservations_rescinded",
};

export function computeCumulative(events: readonly EventRecord[], scope: Scope, options: CumulativeOptions) {
  const { window } = options;
  const T = options.slaSeconds ?? 20;
  const S = options.shortAbandonSeconds ?? 5;
  const thresholds = options.splitByWaitTime ?? [];
  const counters = {
    tasks_created: 0,
    tasks_entered: 0,
    tasks_moved: 0,
    tasks_completed: 0,
    tasks_canceled: 0,
    tasks_deleted: 0,
    tasks_timed_out_in_workflow: 0,
    tasks_abandoned: 0,
    tasks_short_abandoned: 0,
    tasks_accepted: 0,
    reservations_created: 0,
    reservations_accepted: 0,
    reservations_rejected: 0,
    reservations_timed_out: 0,
    reservations_canceled: 0,
    reservations_rescinded: 0,
    transfers_initiated: 0,
    transfers_completed: 0,
    transfers_failed: 0,
    transfers_canceled: 0,
    transfer_attempts_failed: 0,
  };
  const untilAccepted = new DurationAccumulator();
  const untilFirstAccepted = new DurationAccumulator();
  const inQueueUntilAccepted = new DurationAccumulator();
  const untilCanceled = new DurationAccumulator();
  const handle = new DurationAccumulator();
  const wrapUp = new DurationAccumulator();
  const split = new Map<number, { below: SplitCounts; above: SplitCounts }>(
    thresholds.map((t) => [
      t,
      {
        below: { reservations_accepted: 0, tasks_canceled: 0, tasks_accepted: 0 },
        above: { reservations_accepted: 0, tasks_canceled: 0, tasks_accepted: 0 },
      },
    ]),
  );
  let acceptedWithinT = 0;
  let abandonedAfterS = 0;

  // Facts about tasks from the whole history before the window's end (acceptance can precede the window).
  const acceptedAt = new Map<string, number>();
  const wrapupAt = new Map<string, number>();

  for (const event of events) {
    if (event.timeMs > window.endMs) break;
    const task = event.taskSid;
    const counted =
      inWindow(window, event.timeMs) &&
      inScope(scope, event) &&
      (!options.taskChannel || event.taskChannelUniqueName === options.taskChannel);

    if (counted) {
      const counter = RESERVATION_COUNTERS[event.type] ?? TRANSFER_COUNTERS[event.type];
      if (counter) counters[counter] += 1;
      switch (event.type) {
        case "task.created":
          counters.tasks_created += 1;
          if (scope.kind === "workflow") counters.tasks_entered += 1;
          break;
        case "task-queue.entered":
          if (scope.kind === "queue") counters.tasks_entered += 1;
          break;
        case "task-queue.moved":
        case "task-queue.timeout":
          counters.tasks_moved += 1;
          break;
        case "workflow.timeout":
          counters.tasks_timed_out_in_workflow += 1;
          break;
        case "task.deleted":
        case "task.system-deleted":
          counters.tasks_deleted += 1;
          break;
        case "task.completed": {
          counters.tasks_completed += 1;
          const accepted = task ? acceptedAt.get(task) : undefined;
          if (accepted !== undefined) handle.add(seconds(event.timeMs - accepted));
          const wrapped = task ? wrapupAt.get(task) : undefined;
          if (wrapped !== undefined) wrapUp.add(seconds(event.timeMs - wrapped));
          break;
        }
        case "task.canceled": {
          counters.tasks_canceled += 1;
          const wait = event.taskCreatedMs !== null ? seconds(event.timeMs - event.taskCreatedMs) : null;
          if (wait !== null) for (const [t, bucket] of split) bucket[wait <= t ? "below" : "above"].tasks_canceled += 1;
          if (task && !acceptedAt.has(task)) {
            counters.tasks_abandoned += 1;
            if (wait !== null) {
              untilCanceled.add(wait);
              if (wait <= S) counters.tasks_short_abandoned += 1;
              else abandonedAfterS += 1;
            }
          }
          break;
        }
        case "reservation.accepted": {
          if (event.taskCreatedMs === null) break;
          const wait = seconds(event.timeMs - event.taskCreatedMs);
          // Twilio counts every accepted reservation (a transfer's acceptance too, waited from creation).
          for (const [t, bucket] of split) bucket[wait <= t ? "below" : "above"].reservations_accepted += 1;
          untilAccepted.add(wait);
          if (event.queueEnteredMs !== null) inQueueUntilAccepted.add(seconds(event.timeMs - event.queueEnteredMs));
          // Tasks accepted and the service level are a task's: its first acceptance only.
          if (task && acceptedAt.has(task)) break;
          counters.tasks_accepted += 1;
          untilFirstAccepted.add(wait);
          for (const [t, bucket] of split) bucket[wait <= t ? "below" : "above"].tasks_accepted += 1;
          if (wait <= T) acceptedWithinT += 1;
          break;
        }
      }
    }

    if (task && event.type === "reservation.accepted" && !acceptedAt.has(task)) acceptedAt.set(task, event.timeMs);
    if (task && event.type === "task.wrapup") wrapupAt.set(task, event.timeMs);
  }

  // Tasks accepted (first acceptances), not reservations: a transfer does not serve the customer twice.
  const accepted = counters.tasks_accepted;
  const divisor = accepted + abandonedAfterS;
  const waitAccepted = untilAccepted.result();
  return {
    start_time: isoSeconds(window.startMs),
    end_time: isoSeconds(window.endMs),
    ...counters,
    avg_task_acceptance_time: Math.round(waitAccepted.avg),
    wait_duration_until_accepted: waitAccepted,
    wait_duration_until_first_accepted: untilFirstAccepted.result(),
    wait_duration_in_queue_until_accepted: inQueueUntilAccepted.result(),
    wait_duration_until_canceled: untilCanceled.result(),
    split_by_wait_time: thresholds.length > 0 ? Object.fromEntries([...split].map(([t, bucket]) => [String(t), bucket])) : null,
    service_level: { threshold_seconds: T, short_abandon_seconds: S, percent: divisor === 0 ? null : (100 * acceptedWithinT) / divisor },
    handle_time: handle.result(),
    wrap_up_time: wrapUp.result(),
  };
}

export type Cumulative = ReturnType<typeof computeCumulative>;

/** Twilio's field set for each scope (extra docs/metrics.md fields kept), in a stable order. */
export function queueCumulativeFields(c: Cumulative) {
  const { tasks_created: _created, tasks_timed_out_in_workflow: _timedOut, ...rest } = c;
  return rest;
}

export function workflowCumulativeFields(c: Cumulative) {
  const { tasks_created: _created, wait_duration_in_queue_until_accepted: _inQueue, ...rest } = c;
  return rest;
}

export function workspaceCumulativeFields(c: Cumulative) {
  const { tasks_entered: _entered, wait_duration_in_queue_until_accepted: _inQueue, ...rest } = c;
  return rest;
}
