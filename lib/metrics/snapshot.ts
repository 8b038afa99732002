/** Snapshots: pure reads of the state at a given `now` and window. */
import { type Agg, type DurationAgg, emptyAgg, type Thresholds } from "./aggregate";
import { lowerBound } from "./order";
import type { ActivityEntity, MetricsState, QueueEntity, WorkerEntity } from "./state";
import type {
  ActivityStatistic,
  Duration,
  MetricsSnapshot,
  MetricsWindow,
  QueueCumulative,
  QueueSnapshot,
  QueueTask,
  Realtime,
  ServiceLevel,
  SnapshotOptions,
  SplitByWaitTime,
  TaskAssignmentStatus,
  TasksByStatus,
  WorkerChannel,
  WorkerCumulative,
  WorkerSnapshot,
  WorkerTask,
  WorkspaceCumulative,
} from "./types";
import { type ActivityChange, activityIntervals, summarizeWorkerWindow } from "./worker-intervals";
import { windowBounds } from "./window";

const iso = (ms: number): string => new Date(ms).toISOString();
const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Seconds with millisecond precision; zeros when there is no sample. */
export function toDuration(d: DurationAgg): Duration {
  if (d.n === 0) return { avg: 0, min: 0, max: 0, total: 0 };
  return { avg: Math.round(d.totalMs / d.n) / 1000, min: d.minMs / 1000, max: d.maxMs / 1000, total: d.totalMs / 1000 };
}

/** 100 × accepted within T ÷ (accepted + abandons after S); null when the divisor is 0. */
export function serviceLevelPercent(accepted: number, acceptedWithin: number, abandoned: number, shortAbandoned: number): number | null {
  const divisor = accepted + abandoned - shortAbandoned;
  return divisor > 0 ? round((100 * acceptedWithin) / divisor, 2) : null;
}

function queueLikeCumulative(agg: Agg, t: Thresholds): Omit<QueueCumulative, "tasksEntered"> {
  const c = agg.counts;
  const accepted = agg.waitUntilAccepted.n;
  const abandoned = agg.waitUntilCanceled.n;
  const splitByWaitTime: SplitByWaitTime = {};
  t.splitSeconds.forEach((seconds, i) => {
    const acceptedBelow = agg.acceptedBelow[i] ?? 0;
    const canceledBelow = agg.canceledBelow[i] ?? 0;
    splitByWaitTime[String(seconds)] = {
      below: { tasksAccepted: acceptedBelow, tasksCanceled: canceledBelow },
      above: { tasksAccepted: accepted - acceptedBelow, tasksCanceled: abandoned - canceledBelow },
    };
  });
  const serviceLevel: ServiceLevel = {
    thresholdSeconds: t.slaSeconds,
    shortAbandonSeconds: t.shortAbandonSeconds,
    percent: serviceLevelPercent(accepted, agg.tasksAcceptedWithinSla, abandoned, agg.tasksShortAbandoned),
  };
  const waitDurationUntilAccepted = toDuration(agg.waitUntilAccepted);
  return {
    tasksMoved: c.tasksMoved,
    tasksCompleted: c.tasksCompleted,
    tasksCanceled: c.tasksCanceled,
    tasksDeleted: c.tasksDeleted,
    tasksAbandoned: abandoned,
    tasksShortAbandoned: agg.tasksShortAbandoned,
    reservationsCreated: c.reservationsCreated,
    reservationsAccepted: c.reservationsAccepted,
    reservationsRejected: c.reservationsRejected,
    reservationsTimedOut: c.reservationsTimedOut,
    reservationsCanceled: c.reservationsCanceled,
    reservationsRescinded: c.reservationsRescinded,
    waitDurationUntilAccepted,
    waitDurationInQueueUntilAccepted: toDuration(agg.waitInQueueUntilAccepted),
    waitDurationUntilCanceled: toDuration(agg.waitUntilCanceled),
    avgTaskAcceptanceTime: accepted === 0 ? 0 : Math.round(agg.waitUntilAccepted.totalMs / accepted / 1000),
    splitByWaitTime,
    serviceLevel,
    handleTime: toDuration(agg.handleTime),
    wrapUpTime: toDuration(agg.wrapUpTime),
  };
}

export function queueCumulative(agg: Agg, t: Thresholds): QueueCumulative {
  return { tasksEntered: agg.counts.tasksEntered, ...queueLikeCumulative(agg, t) };
}

export function workspaceCumulative(agg: Agg, t: Thresholds): WorkspaceCumulative {
  return { tasksCreated: agg.counts.tasksCreated, ...queueLikeCumulative(agg, t) };
}

const byOrderThenSid = (a: { order: number; sid: string }, b: { order: number; sid: string }): number =>
  a.order - b.order || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0);

export function visibleActivities(state: MetricsState) {
  return [...state.activities.values()].filter((a) => !a.deleted).sort(byOrderThenSid);
}

export function visibleQueues(state: MetricsState): QueueEntity[] {
  return [...state.queues.values()].filter((q) => !q.deleted).sort(byOrderThenSid);
}

export function visibleWorkers(state: MetricsState): WorkerEntity[] {
  return [...state.workers.values()].filter((w) => !w.deleted).sort(byOrderThenSid);
}

export function activityAvailable(state: MetricsState, activitySid: string | null): boolean {
  return activitySid !== null && (state.activities.get(activitySid)?.available?.value ?? false);
}

/** Listings every part of one snapshot shares, computed once per snapshot. */
type View = { activities: ActivityEntity[]; queueOrder: Map<string, number> };

function viewOf(state: MetricsState): View {
  return { activities: visibleActivities(state), queueOrder: new Map(visibleQueues(state).map((q, i) => [q.sid, i])) };
}

const REALTIME_STATUSES: ReadonlySet<string> = new Set(["pending", "reserved", "assigned", "wrapping"]);

export function realtimeStatus(status: string | null): TaskAssignmentStatus | null {
  const s = status ?? "pending";
  return REALTIME_STATUSES.has(s) ? (s as TaskAssignmentStatus) : null;
}

function realtime(state: MetricsState, view: View, taskSids: Iterable<string>, workers: readonly WorkerEntity[], now: number): Realtime {
  const tasksByStatus: TasksByStatus = { pending: 0, reserved: 0, assigned: 0, wrapping: 0 };
  const priorities = new Map<number, number>();
  let longestAge = -1;
  let longestSid: string | null = null;
  for (const sid of taskSids) {
    const facts = state.tasks.get(sid)?.facts;
    if (facts === undefined || facts.endedMs !== null) continue;
    const status = realtimeStatus(facts.status);
    if (status === null) continue;
    tasksByStatus[status] += 1;
    if (status !== "pending" && status !== "reserved") continue;
    priorities.set(facts.priority, (priorities.get(facts.priority) ?? 0) + 1);
    const age = Math.max(0, Math.floor((now - facts.createdMs) / 1000));
    if (age > longestAge || (age === longestAge && longestSid !== null && sid < longestSid)) {
      longestAge = age;
      longestSid = sid;
    }
  }
  const tasksByPriority: Record<string, number> = {};
  for (const p of [...priorities.keys()].sort((a, b) => a - b)) tasksByPriority[String(p)] = priorities.get(p) ?? 0;

  const perActivity = new Map<string, number>();
  let available = 0;
  for (const worker of workers) {
    const activitySid = worker.activitySid?.value ?? null;
    if (activitySid === null) continue;
    perActivity.set(activitySid, (perActivity.get(activitySid) ?? 0) + 1);
    if (activityAvailable(state, activitySid)) available += 1;
  }
  const activityStatistics: ActivityStatistic[] = view.activities.map((a) => ({
    sid: a.sid,
    friendlyName: a.name?.value ?? a.sid,
    available: a.available?.value ?? false,
    workers: perActivity.get(a.sid) ?? 0,
  }));
  return {
    tasksByStatus,
    tasksByPriority,
    totalTasks: tasksByStatus.pending + tasksByStatus.reserved + tasksByStatus.assigned + tasksByStatus.wrapping,
    longestTaskWaitingAge: longestSid === null ? 0 : longestAge,
    longestTaskWaitingSid: longestSid,
    totalEligibleWorkers: workers.length,
    totalAvailableWorkers: available,
    activityStatistics,
  };
}

function eligibleWorkers(state: MetricsState, queue: QueueEntity): WorkerEntity[] {
  return [...queue.eligibleWorkers]
    .map((sid) => state.workers.get(sid))
    .filter((w): w is WorkerEntity => w !== undefined && !w.deleted)
    .sort(byOrderThenSid);
}

function holdingReservation(state: MetricsState, taskSid: string, workerSid: string | null) {
  const facts = state.tasks.get(taskSid)?.facts;
  if (facts === undefined) return undefined;
  const rank = (status: string) => (status === "accepted" || status === "wrapping" ? 0 : status === "pending" ? 1 : 2);
  return facts.reservations
    .filter((r) => rank(r.status) < 2 && r.workerSid !== null && (workerSid === null || r.workerSid === workerSid))
    .sort((a, b) => rank(a.status) - rank(b.status) || (a.createdMs ?? 0) - (b.createdMs ?? 0) || (a.reservationSid < b.reservationSid ? -1 : 1))[0];
}

function queueTasks(state: MetricsState, queue: QueueEntity, now: number): QueueTask[] {
  const tasks: QueueTask[] = [];
  for (const sid of queue.members) {
    const task = state.tasks.get(sid);
    if (task === undefined || task.facts.endedMs !== null) continue;
    const status = realtimeStatus(task.facts.status);
    if (status === null) continue;
    const holder = holdingReservation(state, sid, null);
    const workerSid = holder?.workerSid ?? null;
    const visit = task.facts.queueVisits[task.facts.queueVisits.length - 1];
    tasks.push({
      sid,
      taskQueueSid: queue.sid,
      status,
      priority: task.facts.priority,
      createdAt: iso(task.facts.createdMs),
      enteredQueueAt: visit && visit.queueSid === queue.sid ? iso(visit.enteredMs) : null,
      age: Math.max(0, Math.floor((now - task.facts.createdMs) / 1000)),
      workerSid,
      workerName: workerSid === null ? null : (state.workers.get(workerSid)?.name?.value ?? null),
      attributes: task.attributes?.value.value ?? {},
    });
  }
  // Highest priority first, then oldest: the order TaskRouter assigns in.
  return tasks.sort((a, b) => b.priority - a.priority || a.createdAt.localeCompare(b.createdAt) || (a.sid < b.sid ? -1 : 1));
}

function workerCumulative(state: MetricsState, view: View, worker: WorkerEntity, fromMs: number, toMs: number): WorkerCumulative {
  const agg = state.workerScopes.get(worker.sid)?.query(fromMs, toMs + 1);
  const start = lowerBound(worker.changes, (c) => c.timeMs >= fromMs);
  const intervals = activityIntervals(worker.changes, start);
  const busy = [...worker.busy.overlapping(fromMs, toMs)];
  const summary = summarizeWorkerWindow(intervals, busy, fromMs, toMs, (sid) => activityAvailable(state, sid));
  const activityDurations = view.activities.map((a) => ({
    sid: a.sid,
    friendlyName: a.name?.value ?? a.sid,
    seconds: (summary.activityMs.get(a.sid) ?? 0) / 1000,
  }));
  const listed = new Set(activityDurations.map((a) => a.sid));
  for (const sid of [...summary.activityMs.keys()].filter((s) => !listed.has(s)).sort()) {
    activityDurations.push({ sid, friendlyName: state.activities.get(sid)?.name?.value ?? sid, seconds: (summary.activityMs.get(sid) ?? 0) / 1000 });
  }
  return {
    reservationsCreated: agg?.counts.reservationsCreated ?? 0,
    reservationsAccepted: agg?.counts.reservationsAccepted ?? 0,
    reservationsRejected: agg?.counts.reservationsRejected ?? 0,
    reservationsTimedOut: agg?.counts.reservationsTimedOut ?? 0,
    tasksCompleted: agg?.counts.tasksCompleted ?? 0,
    handleTime: toDuration(agg?.handleTime ?? { n: 0, totalMs: 0, minMs: 0, maxMs: 0 }),
    activityDurations,
    occupancy: summary.occupancy === null ? null : round(summary.occupancy, 4),
  };
}

function workerTasks(state: MetricsState, worker: WorkerEntity): WorkerTask[] {
  const tasks: WorkerTask[] = [];
  for (const taskSid of [...worker.currentTasks].sort()) {
    const facts = state.tasks.get(taskSid)?.facts;
    if (facts === undefined || facts.endedMs !== null) continue;
    const status = realtimeStatus(facts.status);
    const reservation = holdingReservation(state, taskSid, worker.sid);
    if (status === null || reservation === undefined) continue;
    tasks.push({
      taskSid,
      taskQueueSid: facts.currentQueueSid ?? reservation.queueSid,
      reservationSid: reservation.reservationSid,
      status,
      priority: facts.priority,
      acceptedAt: reservation.acceptedMs === null ? null : iso(reservation.acceptedMs),
    });
  }
  return tasks;
}

function workerChannels(worker: WorkerEntity): WorkerChannel[] {
  return [...worker.channels.values()]
    .map((c) => ({
      taskChannelSid: c.taskChannelSid?.value ?? null,
      taskChannelUniqueName: c.uniqueName?.value ?? c.key,
      capacity: c.capacity?.value ?? null,
      consumed: c.consumed?.value ?? null,
      available: c.available?.value ?? null,
    }))
    .sort((a, b) => (a.taskChannelUniqueName < b.taskChannelUniqueName ? -1 : a.taskChannelUniqueName > b.taskChannelUniqueName ? 1 : 0));
}

function toWorkerSnapshot(state: MetricsState, view: View, worker: WorkerEntity, fromMs: number, toMs: number): WorkerSnapshot {
  const activitySid = worker.activitySid?.value ?? null;
  let lastChange: ActivityChange | undefined;
  for (let i = worker.changes.length - 1; i >= 0 && lastChange === undefined; i--) {
    const change = worker.changes[i] as ActivityChange;
    if (change.kind !== "deleted") lastChange = change;
  }
  const order = view.queueOrder;
  return {
    sid: worker.sid,
    friendlyName: worker.name?.value ?? worker.sid,
    attributes: worker.attributes.value.value,
    activitySid,
    activityName: activitySid === null ? null : (state.activities.get(activitySid)?.name?.value ?? null),
    available: activityAvailable(state, activitySid),
    activitySince: lastChange === undefined ? null : iso(lastChange.timeMs),
    queueSids: [...worker.eligibleQueues].filter((sid) => order.has(sid)).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
    tasks: workerTasks(state, worker),
    channels: workerChannels(worker),
    cumulative: workerCumulative(state, view, worker, fromMs, toMs),
  };
}

function queueSnapshot(state: MetricsState, view: View, queue: QueueEntity, fromMs: number, toMs: number, now: number, withTasks: boolean): QueueSnapshot {
  const agg = state.queueScopes.get(queue.sid)?.query(fromMs, toMs + 1);
  const snapshot: QueueSnapshot = {
    sid: queue.sid,
    friendlyName: queue.name?.value ?? queue.sid,
    targetWorkers: queue.expression?.value ?? "",
    slaSeconds: queue.thresholds.slaSeconds,
    shortAbandonSeconds: queue.thresholds.shortAbandonSeconds,
    realtime: realtime(state, view, queue.members, eligibleWorkers(state, queue), now),
    cumulative: queueCumulative(agg ?? emptyAgg(queue.thresholds), queue.thresholds),
  };
  if (withTasks) snapshot.tasks = queueTasks(state, queue, now);
  return snapshot;
}

export function buildSnapshot(state: MetricsState, options: SnapshotOptions): MetricsSnapshot {
  const { now } = options;
  const { fromMs, toMs } = windowBounds(options.window, now, state.settings.timezone);
  const view = viewOf(state);
  const allWorkers = visibleWorkers(state);
  const queues = visibleQueues(state).filter((q) => options.queueSid === undefined || q.sid === options.queueSid);
  const queue = options.queueSid === undefined ? undefined : queues[0];
  const workers = options.queueSid === undefined ? allWorkers : queue === undefined ? [] : eligibleWorkers(state, queue);
  return {
    generatedAt: iso(now),
    timezone: state.settings.timezone,
    window: { from: iso(fromMs), to: iso(toMs) },
    workspace: {
      sid: state.workspace.sid,
      friendlyName: state.workspace.friendlyName,
      realtime: realtime(state, view, state.liveTasks, allWorkers, now),
      cumulative: workspaceCumulative(state.workspaceScope.query(fromMs, toMs + 1), state.workspaceThresholds),
    },
    queues: queues.map((q) => queueSnapshot(state, view, q, fromMs, toMs, now, options.queueSid !== undefined)),
    workers: workers.map((w) => toWorkerSnapshot(state, view, w, fromMs, toMs)),
  };
}

/** One worker for live `worker` pushes; null when unknown or deleted. Window defaults to today. */
export function workerSnapshot(state: MetricsState, workerSid: string, now: number, window: MetricsWindow = { kind: "today" }): WorkerSnapshot | null {
  const worker = state.workers.get(workerSid);
  if (worker === undefined || worker.deleted) return null;
  const { fromMs, toMs } = windowBounds(window, now, state.settings.timezone);
  return toWorkerSnapshot(state, viewOf(state), worker, fromMs, toMs);
}
