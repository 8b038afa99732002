/**
 * Forgetting: a long-running instance keeps only what the windows it serves can read, so its
 * memory stays flat however many days it runs. Finished tasks, old activity changes, closed
 * intervals and fact buckets older than the horizon go, and with them their events (a duplicate of
 * one of those is refused by the log's unique key before it reaches the fold).
 */
import { HOUR_MS } from "./aggregate";
import { lowerBound } from "./order";
import { type MetricsState, settleTasks } from "./state";

/**
 * The longest window served: 1,440 minutes, or "today", which lasts 25 h on the day clocks go
 * back. Buckets go by whole hours ending before the horizon, so nothing a window reads is dropped.
 */
export const LIVE_HORIZON_MS = 25 * HOUR_MS;

export type Forgotten = { tasks: number; workerChanges: number; sids: number };

export function forgetBefore(state: MetricsState, horizonMs: number): Forgotten {
  settleTasks(state);
  const sidsBefore = state.seen.size;
  let tasks = 0;
  for (const [taskSid, task] of state.tasks) {
    const ended = task.facts.endedMs;
    // A live task is kept however old; a finished one once all its events are past the horizon.
    if (ended === null || ended >= horizonMs || state.liveTasks.has(taskSid)) continue;
    if (task.records.some((r) => r.timeMs >= horizonMs)) continue;
    state.tasks.delete(taskSid);
    tasks += 1;
  }
  let workerChanges = 0;
  for (const worker of state.workers.values()) {
    // The last change before the horizon stays: it is the activity a window starting there begins in.
    const drop = lowerBound(worker.changes, (c) => c.timeMs >= horizonMs) - 1;
    if (drop > 0) {
      for (const change of worker.changes.slice(0, drop)) state.seen.delete(change.sid);
      worker.changes.splice(0, drop);
      workerChanges += drop;
    }
    worker.busy.forgetClosedBefore(horizonMs);
  }
  state.waiting.forgetClosedBefore(horizonMs);
  state.workspaceScope.forgetBefore(horizonMs);
  for (const scope of state.queueScopes.values()) scope.forgetBefore(horizonMs);
  for (const scope of state.workerScopes.values()) scope.forgetBefore(horizonMs);
  for (const scope of state.workflowScopes.values()) scope.forgetBefore(horizonMs);
  return { tasks, workerChanges, sids: sidsBefore - state.seen.size };
}
