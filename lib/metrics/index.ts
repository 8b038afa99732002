/**
 * The metrics fold of docs/metrics.md: pure, framework-free, no I/O, time passed in.
 * State and snapshots live here; the per-entity derivations are exported for the CSV reports so
 * that reports and live numbers come from one computation.
 *
 * Decided here where docs/metrics.md is silent:
 * - Cumulative windows include both ends, [local midnight or now − N min, now]; realtime is the state
 *   after every folded event, whatever `now` is.
 * - Durations are seconds with millisecond precision; `avgTaskAcceptanceTime` is whole seconds.
 * - "Within T", "below T" and short abandons ("within S") all mean ≤.
 * - Service level and splitByWaitTime use the wait from task creation (as waitDurationUntilAccepted);
 *   the service level and `tasksAccepted` count a task once, at its first reservation.accepted;
 *   waits until accepted and split `reservationsAccepted` count every acceptance (a transfer's too);
 *   split `tasksCanceled` counts every cancel but the dashboard's own.
 * - After a transfer, the completion goes to the worker holding the task at task.completed, and each
 *   worker's handle time is its own reservation's, acceptance → completion.
 * - The workspace uses the default T and S; queues use `queueOverrides` when given.
 * - TaskQueueSid on task-queue.moved / timeout is the queue being left. A task entering another queue
 *   without a move event leaves the previous one. A completed/canceled TaskAssignmentStatus ends a task
 *   even when task.completed / task.canceled is missing.
 * - Creation time when neither TaskDateCreated nor task.created is known yet: the task's first event.
 * - Busy = from each accepted reservation until it is completed, rescinded, canceled, timed out or
 *   rejected, or the task ends (wrap-up is busy). Occupancy = busy ÷ (available ∪ busy), so busy time
 *   inside an available activity is not counted twice.
 * - Worker time (activityDurations, occupancy) is clipped to the window; see worker-intervals.ts.
 * - Events override configuration read at start; configuration has no time of its own.
 * - Queues, workers and activities first seen in events are listed after configured ones, by Sid;
 *   an activity known only from worker events has `available: false`.
 * - `queueSid` snapshots list that queue's eligible workers only.
 */
export { applyEvent, applyEvents, createMetricsState, type MetricsState, settleTasks } from "./state";
export { type Forgotten, forgetBefore, LIVE_HORIZON_MS } from "./forget";
export { buildSnapshot, workerSnapshot, serviceLevelPercent, toDuration } from "./snapshot";
export { buildSeries, DEFAULT_INTERVAL_MS, MAX_SERIES_POINTS } from "./series";
export { startOfLocalDay, windowBounds } from "./window";
export { deriveTaskFacts, deriveTaskFactsFromRecords, type TaskFactsWithAttributes } from "./task-derivation";
export {
  toTaskRecord,
  type AcceptedFact,
  type BusyInterval,
  type CumulativeFact,
  type QueueVisit,
  type ReservationFacts,
  type ReservationStatus,
  type SpanFact,
  type TaskFacts,
  type TaskOutcome,
  type TaskRecord,
  type WaitingInterval,
  WORKER_FACT_KINDS,
} from "./task-facts";
export {
  activityAt,
  activityIntervals,
  deriveWorkerIntervals,
  summarizeWorkerWindow,
  toActivityChange,
  type ActivityChange,
  type ActivityInterval,
  type WorkerIntervals,
  type WorkerWindowSummary,
} from "./worker-intervals";
export { addFact, type Agg, emptyAgg, mergeAgg, type Thresholds } from "./aggregate";
export type * from "./types";
