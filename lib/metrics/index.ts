/**
 * The metrics fold of METRICS.md: pure, framework-free, no I/O, time passed in.
 * State and snapshots live here; the per-entity derivations are exported for the CSV reports so
 * that reports and live numbers come from one computation.
 */
export { applyEvent, applyEvents, createMetricsState, type MetricsState } from "./state";
export { buildSnapshot, workerSnapshot, serviceLevelPercent, toDuration } from "./snapshot";
export { buildSeries, DEFAULT_INTERVAL_MS, MAX_SERIES_POINTS } from "./series";
export { startOfLocalDay, windowBounds } from "./window";
export {
  deriveTaskFacts,
  deriveTaskFactsFromRecords,
  toTaskRecord,
  type AcceptedFact,
  type BusyInterval,
  type CumulativeFact,
  type QueueVisit,
  type ReservationFacts,
  type ReservationStatus,
  type SpanFact,
  type TaskFacts,
  type TaskFactsWithAttributes,
  type TaskOutcome,
  type TaskRecord,
  type WaitingInterval,
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
export { epochMs } from "./params";
export type * from "./types";
