/** Snapshots: pure reads of the state at a given `now` and window. */
import { type Agg, type DurationAgg, emptyAgg, type Thresholds } from "./aggregate";
import { lowerBound } from "./order";
import {
  type ActivityEntity,
  channelScopeKey,
  type MetricsState,
  type QueueEntity,
  settleTasks,
  type WorkerEntity,
  type WorkflowEntity,
} from "./state";
import type {
  ActivityStatistic,
  Duration,
  MetricsSnapshot,
  MetricsWindow,
  QueueChannel,
  QueueCumulative,
  QueueRealtime,
  QueueSnapshot,
  QueueTask,
  Realtime,
  ServiceLevel,
  SnapshotOptions,
  SplitByWaitTime,
  TaskAssignmentStatus,
  TasksByStatus,
  QueueChannelCapacity,
  WorkerChannel,
  WorkerCumulative,
  WorkerSnapshot,
  WorkerTask,
  WorkflowCumulative,
  WorkflowRealtime,
  WorkflowSnapshot,
  WorkspaceCumulative,
} from "./types";
import { type ActivityChange, activityIntervals, summarizeWorkerWindow, type WorkerWindowSummary } from "./worker-intervals";
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
  const accepted = agg.tasksAccepted;
  const acceptances = agg.waitUntilAccepted.n;
  const abandoned = agg.waitUntilCanceled.n;
  const splitByWaitTime: SplitByWaitTime = {};
  t.splitSeconds.forEach((seconds, i) => {
    const acceptedBelow = agg.acceptedBelow[i] ?? 0;
    const reservationsBelow = agg.reservationsAcceptedBelow[i] ?? 0;
    const canceledBelow = agg.canceledBelow[i] ?? 0;
    splitByWaitTime[String(seconds)] = {
      below: { tasksAccepted: acceptedBelow, reservationsAccepted: reservationsBelow, tasksCanceled: canceledBelow },
      above: {
        tasksAccepted: accepted - acceptedBelow,
        reservationsAccepted: acceptances - reservationsBelow,
        tasksCanceled: agg.tasksCanceledForSplit - canceledBelow,
      },
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
    tasksCanceledBySupervisor: agg.tasksCanceledBySupervisor,
    tasksAccepted: accepted,
    reservationsCreated: c.reservationsCreated,
    reservationsAccepted: c.reservationsAccepted,
    reservationsRejected: c.reservationsRejected,
    reservationsTimedOut: c.reservationsTimedOut,
    reservationsCanceled: c.reservationsCanceled,
    reservationsRescinded: c.reservationsRescinded,
    transfersInitiated: c.transfersInitiated,
    transfersCompleted: c.transfersCompleted,
    transfersFailed: c.transfersFailed,
    transfersCanceled: c.transfersCanceled,
    transferAttemptsFailed: c.transferAttemptsFailed,
    waitDurationUntilAccepted,
    waitDurationUntilFirstAccepted: toDuration(agg.waitUntilFirstAccepted),
    waitDurationInQueueUntilAccepted: toDuration(agg.waitInQueueUntilAccepted),
    waitDurationUntilCanceled: toDuration(agg.waitUntilCanceled),
    avgTaskAcceptanceTime: acceptances === 0 ? 0 : Math.round(agg.waitUntilAccepted.totalMs / acceptances / 1000),
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
  return {
    tasksCreated: agg.counts.tasksCreated,
    ...queueLikeCumulative(agg, t),
    tasksTimedOutInWorkflow: agg.counts.tasksTimedOutInWorkflow,
  };
}

/** Twilio's workflow fields: tasks entered = created with the workflow; no wait in queue. */
export function workflowCumulative(agg: Agg, t: Thresholds): WorkflowCumulative {
  const { waitDurationInQueueUntilAccepted: _inQueue, ...rest } = queueLikeCumulative(agg, t);
  return { tasksEntered: agg.counts.tasksCreated, ...rest, tasksTimedOutInWorkflow: agg.counts.tasksTimedOutInWorkflow };
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

/**
 * Listings every part of one snapshot shares, computed once per snapshot. `availability` names
 * the activities that are available: equal strings, equal `activityAvailable`. `keep`: the
 * window starts at a fixed instant (today), so what is summed up to now is kept for the next read.
 */
type View = { activities: ActivityEntity[]; queueOrder: Map<string, number>; availability: string; keep: boolean };

function viewOf(state: MetricsState, window: MetricsWindow): View {
  const available: string[] = [];
  for (const a of state.activities.values()) if (a.available?.value === true) available.push(a.sid);
  return {
    activities: visibleActivities(state),
    queueOrder: new Map(visibleQueues(state).map((q, i) => [q.sid, i])),
    availability: available.join(","),
    keep: window.kind === "today",
  };
}

const REALTIME_STATUSES: ReadonlySet<string> = new Set(["pending", "reserved", "assigned", "wrapping"]);

export function realtimeStatus(status: string | null): TaskAssignmentStatus | null {
  const s = status ?? "pending";
  return REALTIME_STATUSES.has(s) ? (s as TaskAssignmentStatus) : null;
}

/** The tasks part of real time (what a workflow's real-time statistics hold). */
function taskRealtime(state: MetricsState, taskSids: Iterable<string>, now: number, workflowSid?: string): WorkflowRealtime {
  const tasksByStatus: TasksByStatus = { pending: 0, reserved: 0, assigned: 0, wrapping: 0 };
  const priorities = new Map<number, number>();
  let longestAge = -1;
  let longestSid: string | null = null;
  for (const sid of taskSids) {
    const facts = state.tasks.get(sid)?.facts;
    if (facts === undefined || facts.endedMs !== null) continue;
    if (workflowSid !== undefined && facts.workflowSid !== workflowSid) continue;
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
  return {
    tasksByStatus,
    tasksByPriority,
    totalTasks: tasksByStatus.pending + tasksByStatus.reserved + tasksByStatus.assigned + tasksByStatus.wrapping,
    longestTaskWaitingAge: longestSid === null ? 0 : longestAge,
    longestTaskWaitingSid: longestSid,
  };
}

function realtime(state: MetricsState, view: View, taskSids: Iterable<string>, workers: readonly WorkerEntity[], now: number): Realtime {
  const tasks = taskRealtime(state, taskSids, now);
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
    ...tasks,
    totalEligibleWorkers: workers.length,
    totalAvailableWorkers: available,
    activityStatistics,
  };
}

/**
 * Twilio's `longest_relative_task_age_in_queue`: among pending and reserved tasks, the one that
 * entered this queue first, and whole seconds since then.
 */
function queueRealtime(state: MetricsState, view: View, queue: QueueEntity, now: number): QueueRealtime {
  let oldestMs = Number.POSITIVE_INFINITY;
  let oldestSid: string | null = null;
  for (const sid of queue.members) {
    const facts = state.tasks.get(sid)?.facts;
    if (facts === undefined || facts.endedMs !== null) continue;
    const status = realtimeStatus(facts.status);
    if (status !== "pending" && status !== "reserved") continue;
    const visit = facts.queueVisits[facts.queueVisits.length - 1];
    if (visit === undefined || visit.queueSid !== queue.sid || visit.leftMs !== null) continue;
    if (visit.enteredMs < oldestMs || (visit.enteredMs === oldestMs && oldestSid !== null && sid < oldestSid)) {
      oldestMs = visit.enteredMs;
      oldestSid = sid;
    }
  }
  const workers = eligibleWorkers(state, queue);
  return {
    ...realtime(state, view, queue.members, workers, now),
    longestRelativeTaskAgeInQueue: oldestSid === null ? 0 : Math.max(0, Math.floor((now - oldestMs) / 1000)),
    longestRelativeTaskSidInQueue: oldestSid,
    channelCapacity: queueChannelCapacity(state, view, workers),
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
    .sort(
      (a, b) =>
        rank(a.status) - rank(b.status) || (a.createdMs ?? 0) - (b.createdMs ?? 0) || (a.reservationSid < b.reservationSid ? -1 : 1),
    )[0];
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

/**
 * A worker's time in a window from `fromMs` up to `cutMs`, the latest instant any of its
 * intervals starts or ends at (or fromMs): past cutMs only still-open intervals run, each over
 * all of [cutMs, to]. So for any `to` ≥ cutMs the summary of [fromMs, to] is this one plus
 * (to − cutMs) for each open part, and a worker's whole day of history is summed once, not at
 * every snapshot. Valid while the worker's activity changes, its busy intervals and the set of
 * available activities are those it was computed from.
 */
type SettledTime = {
  fromMs: number;
  changes: number;
  busyRevision: number;
  availability: string;
  cutMs: number;
  summary: WorkerWindowSummary;
  /** Activities of the open activity interval (none or one). */
  openActivities: string[];
  openAvailable: boolean;
  openBusy: boolean;
};

/**
 * Per worker, the two windows read most recently (typically today and one N-minute window).
 * Today is settled at its first read; another window from its second read with the same start
 * (an N-minute window starts somewhere else at every read, and settling it would only add work).
 */
const settledTimes = new WeakMap<WorkerEntity, { entries: SettledTime[]; readFrom: number[] }>();

function settle(state: MetricsState, view: View, worker: WorkerEntity, fromMs: number): SettledTime {
  const isAvailable = (sid: string) => activityAvailable(state, sid);
  const intervals = activityIntervals(
    worker.changes,
    lowerBound(worker.changes, (c) => c.timeMs >= fromMs),
  );
  const busy = worker.busy.overlapping(fromMs, Number.POSITIVE_INFINITY);
  let cutMs = fromMs;
  for (const list of [intervals, busy]) {
    for (const i of list) {
      if (i.fromMs > cutMs) cutMs = i.fromMs;
      if (i.toMs !== null && i.toMs > cutMs) cutMs = i.toMs;
    }
  }
  const open = intervals.filter((i) => i.toMs === null);
  return {
    fromMs,
    changes: worker.changes.length,
    busyRevision: worker.busy.revision,
    availability: view.availability,
    cutMs,
    summary: summarizeWorkerWindow(intervals, busy, fromMs, cutMs, isAvailable),
    openActivities: open.map((i) => i.activitySid),
    openAvailable: open.some((i) => isAvailable(i.activitySid)),
    openBusy: busy.some((b) => b.toMs === null),
  };
}

/** `summarizeWorkerWindow` of the worker's intervals over [fromMs, toMs], from the settled part when it applies. */
function workerWindowSummary(state: MetricsState, view: View, worker: WorkerEntity, fromMs: number, toMs: number): WorkerWindowSummary {
  // The split at cutMs is exact for integer milliseconds (every event time is one).
  if (Number.isInteger(fromMs) && Number.isInteger(toMs)) {
    let cache = settledTimes.get(worker);
    if (cache === undefined) {
      cache = { entries: [], readFrom: [] };
      settledTimes.set(worker, cache);
    }
    const { entries, readFrom } = cache;
    let index = entries.findIndex(
      (e) =>
        e.fromMs === fromMs &&
        e.changes === worker.changes.length &&
        e.busyRevision === worker.busy.revision &&
        e.availability === view.availability,
    );
    if (index < 0 && (view.keep || readFrom.includes(fromMs))) {
      entries.unshift(settle(state, view, worker, fromMs));
      entries.length = Math.min(entries.length, 2);
      index = 0;
    } else if (index < 0) {
      readFrom.unshift(fromMs);
      readFrom.length = Math.min(readFrom.length, 2);
    }
    const settled = entries[index];
    if (index > 0) entries.unshift(...entries.splice(index, 1));
    if (settled !== undefined && toMs >= settled.cutMs) {
      const tail = toMs - settled.cutMs;
      const { summary } = settled;
      const activityMs = new Map(summary.activityMs);
      if (tail > 0) for (const sid of settled.openActivities) activityMs.set(sid, (activityMs.get(sid) ?? 0) + tail);
      const busyMs = summary.busyMs + (tail > 0 && settled.openBusy ? tail : 0);
      const availableOrBusyMs = summary.availableOrBusyMs + (tail > 0 && (settled.openBusy || settled.openAvailable) ? tail : 0);
      return { activityMs, busyMs, availableOrBusyMs, occupancy: availableOrBusyMs > 0 ? busyMs / availableOrBusyMs : null };
    }
  }
  const intervals = activityIntervals(
    worker.changes,
    lowerBound(worker.changes, (c) => c.timeMs >= fromMs),
  );
  return summarizeWorkerWindow(intervals, worker.busy.overlapping(fromMs, toMs), fromMs, toMs, (sid) => activityAvailable(state, sid));
}

function workerCumulative(state: MetricsState, view: View, worker: WorkerEntity, fromMs: number, toMs: number): WorkerCumulative {
  const agg = state.workerScopes.get(worker.sid)?.query(fromMs, toMs + 1, view.keep);
  const summary = workerWindowSummary(state, view, worker, fromMs, toMs);
  const activityDurations = view.activities.map((a) => ({
    sid: a.sid,
    friendlyName: a.name?.value ?? a.sid,
    seconds: (summary.activityMs.get(a.sid) ?? 0) / 1000,
  }));
  const listed = new Set(activityDurations.map((a) => a.sid));
  for (const sid of [...summary.activityMs.keys()].filter((s) => !listed.has(s)).sort()) {
    activityDurations.push({
      sid,
      friendlyName: state.activities.get(sid)?.name?.value ?? sid,
      seconds: (summary.activityMs.get(sid) ?? 0) / 1000,
    });
  }
  return {
    reservationsCreated: agg?.counts.reservationsCreated ?? 0,
    reservationsAccepted: agg?.counts.reservationsAccepted ?? 0,
    reservationsRejected: agg?.counts.reservationsRejected ?? 0,
    reservationsTimedOut: agg?.counts.reservationsTimedOut ?? 0,
    reservationsCanceled: agg?.counts.reservationsCanceled ?? 0,
    reservationsRescinded: agg?.counts.reservationsRescinded ?? 0,
    tasksCompleted: agg?.counts.tasksCompleted ?? 0,
    handleTime: toDuration(agg?.handleTime ?? { n: 0, totalMs: 0, minMs: 0, maxMs: 0 }),
    talkTime: toDuration(agg?.talkTime ?? { n: 0, totalMs: 0, minMs: 0, maxMs: 0 }),
    transfersInitiated: agg?.counts.transfersInitiated ?? 0,
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

const byUniqueName = (a: { taskChannelUniqueName: string }, b: { taskChannelUniqueName: string }) =>
  a.taskChannelUniqueName < b.taskChannelUniqueName ? -1 : a.taskChannelUniqueName > b.taskChannelUniqueName ? 1 : 0;

/**
 * A worker's channels: what the channel events told (capacity, availability) with what the worker
 * holds now on each, from the live tasks (channel events come only when capacity or availability
 * change, so their task count goes stale as tasks come and go). A channel the worker holds tasks on
 * but no event described is listed with its capacity unknown.
 */
function workerChannels(state: MetricsState, worker: WorkerEntity): WorkerChannel[] {
  const channels = new Map<string, WorkerChannel>();
  const keyOf = new Map<string, string>();
  for (const c of worker.channels.values()) {
    const channel: WorkerChannel = {
      taskChannelSid: c.taskChannelSid?.value ?? null,
      taskChannelUniqueName: c.uniqueName?.value ?? c.key,
      capacity: c.capacity?.value ?? null,
      consumed: c.consumed?.value ?? null,
      available: c.available?.value ?? null,
      assignedTasks: 0,
      reservedTasks: 0,
      free: 0,
    };
    channels.set(c.key, channel);
    if (channel.taskChannelSid !== null) keyOf.set(channel.taskChannelSid, c.key);
    keyOf.set(channel.taskChannelUniqueName, c.key);
  }
  for (const taskSid of worker.currentTasks) {
    const task = state.tasks.get(taskSid);
    if (task === undefined || task.facts.endedMs !== null || task.channelIds === undefined) continue;
    const reservation = holdingReservation(state, taskSid, worker.sid);
    if (reservation === undefined) continue;
    const { sid, uniqueName } = task.channelIds;
    const key =
      (sid === null ? undefined : keyOf.get(sid)) ?? (uniqueName === null ? undefined : keyOf.get(uniqueName)) ?? sid ?? uniqueName;
    if (key === null) continue;
    let channel = channels.get(key);
    if (channel === undefined) {
      channel = {
        taskChannelSid: sid,
        taskChannelUniqueName: uniqueName ?? key,
        capacity: null,
        consumed: null,
        available: null,
        assignedTasks: 0,
        reservedTasks: 0,
        free: 0,
      };
      channels.set(key, channel);
      if (sid !== null) keyOf.set(sid, key);
      if (uniqueName !== null) keyOf.set(uniqueName, key);
    }
    if (reservation.status === "pending") channel.reservedTasks += 1;
    else channel.assignedTasks += 1;
  }
  const ready = activityAvailable(state, worker.activitySid?.value ?? null);
  for (const channel of channels.values()) {
    if (ready && channel.available !== false && channel.capacity !== null) {
      channel.free = Math.max(0, channel.capacity - channel.assignedTasks - channel.reservedTasks);
    }
  }
  return [...channels.values()].sort(byUniqueName);
}

/** Each worker's channels once per snapshot, however many queues the worker is in. */
const channelsByView = new WeakMap<View, Map<string, WorkerChannel[]>>();

function channelsOf(state: MetricsState, view: View, worker: WorkerEntity): WorkerChannel[] {
  let byWorker = channelsByView.get(view);
  if (byWorker === undefined) {
    byWorker = new Map();
    channelsByView.set(view, byWorker);
  }
  let channels = byWorker.get(worker.sid);
  if (channels === undefined) {
    channels = workerChannels(state, worker);
    byWorker.set(worker.sid, channels);
  }
  return channels;
}

/** Each task channel over the queue's eligible workers: configured and free capacity (docs/metrics.md). */
function queueChannelCapacity(state: MetricsState, view: View, workers: readonly WorkerEntity[]): QueueChannelCapacity[] {
  const totals = new Map<string, QueueChannelCapacity>();
  for (const worker of workers) {
    for (const channel of channelsOf(state, view, worker)) {
      if (channel.capacity === null) continue;
      const key = channel.taskChannelSid ?? channel.taskChannelUniqueName;
      const total = totals.get(key) ?? {
        taskChannelSid: channel.taskChannelSid,
        taskChannelUniqueName: channel.taskChannelUniqueName,
        workers: 0,
        capacity: 0,
        free: 0,
      };
      total.workers += 1;
      total.capacity += channel.capacity;
      total.free += channel.free;
      totals.set(key, total);
    }
  }
  return [...totals.values()].sort(byUniqueName);
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
    channels: channelsOf(state, view, worker),
    cumulative: workerCumulative(state, view, worker, fromMs, toMs),
  };
}

function queueSnapshot(
  state: MetricsState,
  view: View,
  queue: QueueEntity,
  fromMs: number,
  toMs: number,
  now: number,
  withTasks: boolean,
): QueueSnapshot {
  const agg = state.queueScopes.get(queue.sid)?.query(fromMs, toMs + 1, view.keep);
  const snapshot: QueueSnapshot = {
    sid: queue.sid,
    friendlyName: queue.name?.value ?? queue.sid,
    targetWorkers: queue.expression?.value ?? "",
    slaSeconds: queue.thresholds.slaSeconds,
    shortAbandonSeconds: queue.thresholds.shortAbandonSeconds,
    realtime: queueRealtime(state, view, queue, now),
    cumulative: queueCumulative(agg ?? emptyAgg(queue.thresholds), queue.thresholds),
  };
  if (withTasks) snapshot.tasks = queueTasks(state, queue, now);
  const channels = queueChannels(state, view, queue, fromMs, toMs, now);
  if (channels.length > 0) snapshot.channels = channels;
  return snapshot;
}

function queueChannels(state: MetricsState, view: View, queue: QueueEntity, fromMs: number, toMs: number, now: number): QueueChannel[] {
  const names = state.queueChannels.get(queue.sid);
  if (names === undefined || names.size === 0) return [];
  const members = new Map<string, string[]>();
  for (const sid of queue.members) {
    const channel = state.tasks.get(sid)?.channel;
    if (channel == null) continue;
    const list = members.get(channel);
    if (list === undefined) members.set(channel, [sid]);
    else list.push(sid);
  }
  // By name: the order events arrived in must not show (order-independence).
  return [...names].sort().map((channel) => {
    const live = realtime(state, view, members.get(channel) ?? [], [], now);
    const agg = state.channelScopes.get(channelScopeKey(queue.sid, channel))?.query(fromMs, toMs + 1, view.keep);
    const cumulative = queueCumulative(agg ?? emptyAgg(queue.thresholds), queue.thresholds);
    return {
      channel,
      tasksByStatus: live.tasksByStatus,
      tasksByPriority: live.tasksByPriority,
      longestTaskWaitingAge: live.longestTaskWaitingAge,
      tasksCompleted: cumulative.tasksCompleted,
      tasksAbandoned: cumulative.tasksAbandoned,
      serviceLevel: cumulative.serviceLevel,
    };
  });
}

export function buildSnapshot(state: MetricsState, options: SnapshotOptions): MetricsSnapshot {
  settleTasks(state);
  const { now } = options;
  const { fromMs, toMs } = windowBounds(options.window, now, state.settings.timezone);
  const view = viewOf(state, options.window);
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
      cumulative: workspaceCumulative(state.workspaceScope.query(fromMs, toMs + 1, view.keep), state.workspaceThresholds),
    },
    queues: queues.map((q) => queueSnapshot(state, view, q, fromMs, toMs, now, options.queueSid !== undefined)),
    workers: workers.map((w) => toWorkerSnapshot(state, view, w, fromMs, toMs)),
    workflows: visibleWorkflows(state).map((f) => workflowSnapshot(state, view, f, fromMs, toMs, now)),
  };
}

export function visibleWorkflows(state: MetricsState): WorkflowEntity[] {
  return [...state.workflows.values()].filter((f) => !f.deleted).sort(byOrderThenSid);
}

function workflowSnapshot(
  state: MetricsState,
  view: View,
  workflow: WorkflowEntity,
  fromMs: number,
  toMs: number,
  now: number,
): WorkflowSnapshot {
  const agg = state.workflowScopes.get(workflow.sid)?.query(fromMs, toMs + 1, view.keep);
  const t = state.workspaceThresholds;
  return {
    sid: workflow.sid,
    friendlyName: workflow.name?.value ?? workflow.sid,
    realtime: taskRealtime(state, state.liveTasks, now, workflow.sid),
    cumulative: workflowCumulative(agg ?? emptyAgg(t), t),
  };
}

/** One worker for live `worker` pushes; null when unknown or deleted. Window defaults to today. */
export function workerSnapshot(
  state: MetricsState,
  workerSid: string,
  now: number,
  window: MetricsWindow = { kind: "today" },
): WorkerSnapshot | null {
  settleTasks(state);
  const worker = state.workers.get(workerSid);
  if (worker === undefined || worker.deleted) return null;
  const { fromMs, toMs } = windowBounds(window, now, state.settings.timezone);
  return toWorkerSnapshot(state, viewOf(state, window), worker, fromMs, toMs);
}
