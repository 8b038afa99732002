/** The wallboard charts: pure reads of the same state as the snapshot. */
import { emptyAgg, mergeAgg } from "./aggregate";
import { serviceLevelPercent, visibleActivities, visibleQueues, visibleWorkers } from "./snapshot";
import { type MetricsState, settleTasks, type WorkerEntity } from "./state";
import type {
  AgentsByActivityPoint,
  ArrivalsHandledInterval,
  MetricsSeries,
  SeriesOptions,
  ServiceLevelPoint,
  WaitingTasksPoint,
} from "./types";
import { activityAt } from "./worker-intervals";

/** Guards the work one call may ask for (a day at one-minute steps is 1,441 samples). */
export const MAX_SERIES_POINTS = 10_000;
export const DEFAULT_INTERVAL_MS = 15 * 60_000;

function sampleTimes(fromMs: number, toMs: number, stepMs: number): number[] {
  const times: number[] = [];
  for (let t = fromMs; t <= toMs; t += stepMs) times.push(t);
  if (times[times.length - 1] !== toMs) times.push(toMs);
  return times;
}

/** Index of the first time ≥ t. */
function firstAtOrAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) >= t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Samples over [fromMs, toMs] (both inclusive, like snapshot windows): waiting tasks and agents by
 * activity at each instant, service level cumulated from fromMs, arrivals/handled per interval.
 * Workers are counted by their activity history; queue eligibility is today's (attributes now).
 */
export function buildSeries(state: MetricsState, options: SeriesOptions): MetricsSeries {
  settleTasks(state);
  const { now, fromMs, toMs, stepMs } = options;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  for (const [name, value] of [
    ["fromMs", fromMs],
    ["toMs", toMs],
    ["now", now],
  ] as const) {
    if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite time`);
  }
  if (!(stepMs > 0) || !(intervalMs > 0)) throw new RangeError("stepMs and intervalMs must be positive");
  if (toMs < fromMs) throw new RangeError("toMs must not be before fromMs");
  if ((toMs - fromMs) / stepMs > MAX_SERIES_POINTS || (toMs - fromMs) / intervalMs > MAX_SERIES_POINTS) {
    throw new RangeError(`a series is limited to ${MAX_SERIES_POINTS} points`);
  }

  const queueSid = options.queueSid ?? null;
  const queues = visibleQueues(state).filter((q) => queueSid === null || q.sid === queueSid);
  const queue = queueSid === null ? null : (state.queues.get(queueSid) ?? null);
  const scope = queueSid === null ? state.workspaceScope : state.queueScopes.get(queueSid);
  const thresholds = queue?.thresholds ?? state.workspaceThresholds;
  const times = sampleTimes(fromMs, toMs, stepMs);

  const waitingCounts = new Map<string, number[]>(queues.map((q) => [q.sid, times.map(() => 0)]));
  for (const interval of state.waiting.overlapping(fromMs, toMs + 1)) {
    const counts = waitingCounts.get(interval.queueSid);
    if (counts === undefined) continue;
    const end = interval.toMs ?? now + 1;
    for (let i = firstAtOrAfter(times, interval.fromMs); i < times.length && (times[i] as number) < end; i++)
      counts[i] = (counts[i] ?? 0) + 1;
  }
  const waitingTasks: WaitingTasksPoint[] = times.map((t, i) => {
    const byQueue: Record<string, number> = {};
    let total = 0;
    for (const q of queues) {
      const n = waitingCounts.get(q.sid)?.[i] ?? 0;
      byQueue[q.sid] = n;
      total += n;
    }
    return { t, total, byQueue };
  });

  const running = emptyAgg(thresholds);
  let previousEnd = fromMs;
  const serviceLevel: ServiceLevelPoint[] = times.map((t) => {
    if (scope !== undefined) mergeAgg(running, scope.query(previousEnd, t + 1));
    previousEnd = t + 1;
    const accepted = running.tasksAccepted;
    const abandoned = running.waitUntilCanceled.n;
    return {
      t,
      percent: serviceLevelPercent(accepted, running.tasksAcceptedWithinSla, abandoned, running.tasksShortAbandoned),
      tasksAccepted: accepted,
      tasksAcceptedWithinThreshold: running.tasksAcceptedWithinSla,
      tasksAbandoned: abandoned,
      tasksShortAbandoned: running.tasksShortAbandoned,
    };
  });

  const activities = visibleActivities(state);
  const workers: WorkerEntity[] =
    queue === null
      ? queueSid === null
        ? [...state.workers.values()]
        : []
      : visibleWorkers(state).filter((w) => queue.eligibleWorkers.has(w.sid));
  const agentsByActivity: AgentsByActivityPoint[] = times.map((t) => {
    const byActivity: Record<string, number> = {};
    for (const a of activities) byActivity[a.sid] = 0;
    for (const worker of workers) {
      // Deleted workers still count before their worker.deleted; without history, today's activity.
      const fallback = worker.deleted ? null : (worker.activitySid?.value ?? null);
      const activitySid = activityAt(worker.changes, t, fallback);
      if (activitySid !== null) byActivity[activitySid] = (byActivity[activitySid] ?? 0) + 1;
    }
    return { t, byActivity };
  });

  const arrivalsHandled: ArrivalsHandledInterval[] = [];
  for (let from = fromMs; from <= toMs; from += intervalMs) {
    const to = Math.min(from + intervalMs, toMs);
    // The last interval includes toMs itself, as the snapshot window does.
    const agg = scope?.query(from, to === toMs ? toMs + 1 : to);
    arrivalsHandled.push({
      from,
      to,
      arrivals: (queueSid === null ? agg?.counts.tasksCreated : agg?.counts.tasksEntered) ?? 0,
      handled: agg?.counts.tasksCompleted ?? 0,
    });
    if (to === toMs) break;
  }

  return {
    queueSid,
    from: fromMs,
    to: toMs,
    stepMs,
    intervalMs,
    thresholdSeconds: thresholds.slaSeconds,
    shortAbandonSeconds: thresholds.shortAbandonSeconds,
    queues: queues.map((q) => ({ sid: q.sid, friendlyName: q.name?.value ?? q.sid })),
    activities: activities.map((a) => ({ sid: a.sid, friendlyName: a.name?.value ?? a.sid, available: a.available?.value ?? false })),
    waitingTasks,
    serviceLevel,
    agentsByActivity,
    arrivalsHandled,
  };
}
