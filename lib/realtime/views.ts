import type { MetricsSnapshot, WorkerCumulative, WorkerSnapshot } from "@/lib/metrics/types";
import type { SnapshotView } from "./protocol";

const NO_DURATION = { avg: 0, min: 0, max: 0, total: 0 };
/** The per-agent figures the board view leaves out (constant, so deltas never carry them). */
const LEFT_OUT: WorkerCumulative = {
  reservationsCreated: 0,
  reservationsAccepted: 0,
  reservationsRejected: 0,
  reservationsTimedOut: 0,
  reservationsCanceled: 0,
  reservationsRescinded: 0,
  tasksCompleted: 0,
  handleTime: NO_DURATION,
  talkTime: NO_DURATION,
  transfersInitiated: 0,
  activityDurations: [],
  occupancy: null,
};

/**
 * An agent as the wallboard counts it (ready, busy, away, offline; per queue by `queueSids`, ready
 * by free channel capacity): activity, tasks, queues and channels, nothing that ticks.
 */
const boardWorker = (worker: WorkerSnapshot): WorkerSnapshot => ({
  ...worker,
  attributes: {},
  cumulative: LEFT_OUT,
});

/** The snapshot a subscription's view shows. */
export function viewOf(snapshot: MetricsSnapshot, view: SnapshotView): MetricsSnapshot {
  return view === "full" ? snapshot : { ...snapshot, workers: snapshot.workers.map(boardWorker) };
}
