/**
 * The live fold. The state is, per entity (task, worker, queue, activity, workflow), the set of
 * that entity's events (kept as compact records or last-writer-wins fields); everything else is
 * derived from those sets and re-derived when one of them grows. So folding any permutation of a
 * set of events, with duplicates, yields the same state as folding them in event-time order.
 *
 * A task event is filed at once and its task re-derived at the state's next read (`settleTasks`,
 * which every reader calls first): once however many of the task's events came in between. One
 * TaskRouter step sends several callbacks together (task.created with task-queue.entered,
 * reservation.accepted with the task's update), and a rebuild reads whole lifecycles.
 */
import type { WorkspaceConfig } from "@/lib/config/types";
import type { ActivityEvent, JsonAttributes, TypedEvent, WorkerEvent } from "@/lib/events/types";
import { compileExpression } from "@/lib/expression";
import { ScopeAggregate, type Thresholds } from "./aggregate";
import { IntervalIndex } from "./interval-index";
import { CONFIG_KEY, compareKeys, compareTimeSid, insertSorted, type Lww, lww, NO_VERSION, type OrderKey } from "./order";
import {
  type BusyInterval,
  compareTaskRecords,
  type CumulativeFact,
  counterKindOf,
  type ReservationFacts,
  type TaskFacts,
  type TaskRecord,
  toTaskRecord,
  type WaitingInterval,
  WORKER_FACT_KINDS,
  WORKER_ONLY_KINDS,
} from "./task-facts";
import type { MetricsSettings } from "./types";
import { deriveFacts } from "./task-derivation";
import { type ActivityChange, toActivityChange } from "./worker-intervals";
import { assertTimezone } from "./window";

export type { JsonAttributes };

/**
 * Attributes by last-writer-wins among the events whose attributes parse. They rarely change, so
 * a winning event with the same text keeps the current object (which then still compares equal).
 */
function lwwAttributes(
  current: Lww<JsonAttributes> | undefined,
  key: OrderKey,
  incoming: JsonAttributes | null,
): Lww<JsonAttributes> | undefined {
  if (incoming === null || (current !== undefined && compareKeys(key, current.key) <= 0)) return current;
  if (current !== undefined && current.value.raw === incoming.raw) return { key, value: current.value };
  return { key, value: incoming };
}

/** `lwwAttributes` with a task record's (TaskVersion, time, Sid), building the key only when it wins. */
function lwwTaskAttributes(
  current: Lww<JsonAttributes> | undefined,
  r: TaskRecord,
  incoming: JsonAttributes | null,
): Lww<JsonAttributes> | undefined {
  if (incoming === null) return current;
  if (current !== undefined) {
    const k = current.key;
    const after =
      r.taskVersion !== k.version ? !(r.taskVersion < k.version) : r.timeMs !== k.timeMs ? !(r.timeMs < k.timeMs) : r.sid > k.sid;
    if (!after) return current;
  }
  return lwwAttributes(current, { version: r.taskVersion, timeMs: r.timeMs, sid: r.sid }, incoming);
}

export type TaskEntity = {
  sid: string;
  records: TaskRecord[];
  attributes: Lww<JsonAttributes> | undefined;
  /**
   * The task's TaskChannel (unique name, else sid), from the first event that carries one: a
   * task's channel is set when it is created and never changes (TaskRouter's Task resource).
   */
  channel: string | null;
  facts: TaskFacts;
  /** The same channel's Sid and unique name as events gave them: matched against workers' channels. */
  channelIds?: { sid: string | null; uniqueName: string | null };
};

export type ChannelEntity = {
  key: string;
  taskChannelSid: Lww<string> | undefined;
  uniqueName: Lww<string> | undefined;
  capacity: Lww<number> | undefined;
  consumed: Lww<number> | undefined;
  available: Lww<boolean> | undefined;
};

export type WorkerEntity = {
  sid: string;
  /** Position in the configuration; workers first seen in events sort after, by Sid. */
  order: number;
  name: Lww<string> | undefined;
  attributes: Lww<JsonAttributes>;
  activitySid: Lww<string> | undefined;
  /** worker.created / activity.update / deleted, sorted by (time, Sid). */
  changes: ActivityChange[];
  deleted: boolean;
  channels: Map<string, ChannelEntity>;
  busy: IntervalIndex<BusyInterval>;
  /** Live tasks this worker holds a pending, accepted or wrapping reservation on. */
  currentTasks: Set<string>;
  eligibleQueues: Set<string>;
};

export type QueueEntity = {
  sid: string;
  order: number;
  name: Lww<string> | undefined;
  expression: Lww<string> | undefined;
  matcher: (attributes: Record<string, unknown>) => boolean;
  deleted: boolean;
  thresholds: Thresholds;
  eligibleWorkers: Set<string>;
  /** Live tasks currently in this queue. */
  members: Set<string>;
};

export type ActivityEntity = {
  sid: string;
  order: number;
  name: Lww<string> | undefined;
  available: Lww<boolean> | undefined;
  deleted: boolean;
};

export type WorkflowEntity = { sid: string; order: number; name: Lww<string> | undefined; deleted: boolean };

export type MetricsState = {
  readonly settings: MetricsSettings;
  readonly workspace: { sid: string; friendlyName: string };
  readonly workspaceThresholds: Thresholds;
  /** Sids of the folded events that are not a task's (a task's events are its records). */
  readonly seen: Set<string>;
  readonly tasks: Map<string, TaskEntity>;
  readonly liveTasks: Set<string>;
  readonly workers: Map<string, WorkerEntity>;
  readonly queues: Map<string, QueueEntity>;
  readonly activities: Map<string, ActivityEntity>;
  readonly workflows: Map<string, WorkflowEntity>;
  readonly workspaceScope: ScopeAggregate;
  readonly queueScopes: Map<string, ScopeAggregate>;
  readonly workerScopes: Map<string, ScopeAggregate>;
  readonly workflowScopes: Map<string, ScopeAggregate>;
  /** A queue's facts per task channel: key `channelScopeKey(queueSid, channel)`. */
  readonly channelScopes: Map<string, ScopeAggregate>;
  /** The channels each queue has seen tasks of (facts or live members); the snapshot lists them by name. */
  readonly queueChannels: Map<string, Set<string>>;
  /** Pending/reserved intervals of every task in every queue (the waiting-tasks chart). */
  readonly waiting: IntervalIndex<WaitingInterval>;
  /**
   * Tasks with events filed since their last derivation, each with the facts the aggregates hold
   * for it now (null for a task new since then).
   */
  readonly unsettled: Map<string, TaskFacts | null>;
};

/** Entities first seen in events sort after configured ones, by Sid. */
const UNORDERED = Number.MAX_SAFE_INTEGER;

function thresholdsFor(settings: MetricsSettings, queueSid: string | null): Thresholds {
  const override = queueSid === null ? undefined : settings.queueOverrides?.[queueSid];
  const slaSeconds = override?.slaSeconds ?? settings.slaSeconds;
  const shortAbandonSeconds = override?.shortAbandonSeconds ?? settings.shortAbandonSeconds;
  const splitSeconds = [...new Set([slaSeconds, ...settings.splitSeconds])]
    .filter((s) => Number.isFinite(s) && s >= 0)
    .sort((a, b) => a - b);
  return { splitSeconds, slaSeconds, shortAbandonSeconds };
}

function compileMatcher(expression: string | undefined): (attributes: Record<string, unknown>) => boolean {
  if (expression === undefined) return () => false;
  try {
    const compiled = compileExpression(expression, { defaultScope: "worker" });
    return (attributes) => {
      try {
        return compiled({ worker: attributes });
      } catch {
        return false;
      }
    };
  } catch {
    // A queue whose TargetWorkers does not parse matches nobody rather than breaking the fold.
    return () => false;
  }
}

export function createMetricsState(config: WorkspaceConfig, settings: MetricsSettings): MetricsState {
  assertTimezone(settings.timezone);
  for (const [name, value] of [
    ["slaSeconds", settings.slaSeconds],
    ["shortAbandonSeconds", settings.shortAbandonSeconds],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  }
  const workspaceThresholds = thresholdsFor(settings, null);
  const state: MetricsState = {
    settings,
    workspace: { ...config.workspace },
    workspaceThresholds,
    seen: new Set(),
    tasks: new Map(),
    liveTasks: new Set(),
    workers: new Map(),
    queues: new Map(),
    activities: new Map(),
    workflows: new Map(),
    workspaceScope: new ScopeAggregate(workspaceThresholds),
    queueScopes: new Map(),
    workerScopes: new Map(),
    workflowScopes: new Map(),
    channelScopes: new Map(),
    queueChannels: new Map(),
    waiting: new IntervalIndex(),
    unsettled: new Map(),
  };
  config.activities.forEach((a, order) => {
    state.activities.set(a.sid, {
      sid: a.sid,
      order,
      name: { key: CONFIG_KEY, value: a.friendlyName },
      available: { key: CONFIG_KEY, value: a.available },
      deleted: false,
    });
  });
  config.queues.forEach((q, order) => {
    const queue = ensureQueue(state, q.sid, order);
    queue.name = { key: CONFIG_KEY, value: q.friendlyName };
    queue.expression = { key: CONFIG_KEY, value: q.targetWorkers };
    queue.matcher = compileMatcher(q.targetWorkers);
  });
  config.workers.forEach((w, order) => {
    const worker = ensureWorker(state, w.sid, order, w.attributes);
    worker.name = { key: CONFIG_KEY, value: w.friendlyName };
    if (w.activitySid) worker.activitySid = { key: CONFIG_KEY, value: w.activitySid };
  });
  config.workflows.forEach((f, order) => {
    state.workflows.set(f.sid, { sid: f.sid, order, name: { key: CONFIG_KEY, value: f.friendlyName }, deleted: false });
  });
  return state;
}

function ensureQueue(state: MetricsState, sid: string, order = UNORDERED): QueueEntity {
  let queue = state.queues.get(sid);
  if (queue === undefined) {
    queue = {
      sid,
      order,
      name: undefined,
      expression: undefined,
      matcher: () => false,
      deleted: false,
      thresholds: thresholdsFor(state.settings, sid),
      eligibleWorkers: new Set(),
      members: new Set(),
    };
    state.queues.set(sid, queue);
  }
  return queue;
}

/** A new worker is matched against every queue at once, whichever event or config made it. */
function ensureWorker(state: MetricsState, sid: string, order = UNORDERED, configured?: Record<string, unknown>): WorkerEntity {
  let worker = state.workers.get(sid);
  if (worker === undefined) {
    const attributes = configured ?? {};
    worker = {
      sid,
      order,
      name: undefined,
      attributes: { key: CONFIG_KEY, value: { raw: JSON.stringify(attributes), value: attributes } },
      activitySid: undefined,
      changes: [],
      deleted: false,
      channels: new Map(),
      busy: new IntervalIndex(),
      currentTasks: new Set(),
      eligibleQueues: new Set(),
    };
    state.workers.set(sid, worker);
    refreshWorkerEligibility(state, worker);
  }
  return worker;
}

function ensureActivity(state: MetricsState, sid: string): ActivityEntity {
  let activity = state.activities.get(sid);
  if (activity === undefined) {
    activity = { sid, order: UNORDERED, name: undefined, available: undefined, deleted: false };
    state.activities.set(sid, activity);
  }
  return activity;
}

function ensureWorkflow(state: MetricsState, sid: string): WorkflowEntity {
  let workflow = state.workflows.get(sid);
  if (workflow === undefined) {
    workflow = { sid, order: UNORDERED, name: undefined, deleted: false };
    state.workflows.set(sid, workflow);
  }
  return workflow;
}

function queueScope(state: MetricsState, queueSid: string): ScopeAggregate {
  let scope = state.queueScopes.get(queueSid);
  if (scope === undefined) {
    scope = new ScopeAggregate(ensureQueue(state, queueSid).thresholds);
    state.queueScopes.set(queueSid, scope);
  }
  return scope;
}

function workerScope(state: MetricsState, workerSid: string): ScopeAggregate {
  let scope = state.workerScopes.get(workerSid);
  if (scope === undefined) {
    ensureWorker(state, workerSid);
    scope = new ScopeAggregate(state.workspaceThresholds);
    state.workerScopes.set(workerSid, scope);
  }
  return scope;
}

function workflowScope(state: MetricsState, workflowSid: string): ScopeAggregate {
  let scope = state.workflowScopes.get(workflowSid);
  if (scope === undefined) {
    ensureWorkflow(state, workflowSid);
    scope = new ScopeAggregate(state.workspaceThresholds);
    state.workflowScopes.set(workflowSid, scope);
  }
  return scope;
}

export const channelScopeKey = (queueSid: string, channel: string): string => `${queueSid}\u0000${channel}`;

function noteQueueChannel(state: MetricsState, queueSid: string, channel: string): void {
  let channels = state.queueChannels.get(queueSid);
  if (channels === undefined) {
    channels = new Set();
    state.queueChannels.set(queueSid, channels);
  }
  channels.add(channel);
}

function channelScope(state: MetricsState, queueSid: string, channel: string): ScopeAggregate {
  const key = channelScopeKey(queueSid, channel);
  let scope = state.channelScopes.get(key);
  if (scope === undefined) {
    scope = new ScopeAggregate(ensureQueue(state, queueSid).thresholds);
    state.channelScopes.set(key, scope);
    noteQueueChannel(state, queueSid, channel);
  }
  return scope;
}

/**
 * Workspace: everything but queue entries; queue: what happened in it but task creation;
 * workflow: its tasks' facts but queue entries (its `tasksEntered` are the tasks created with it);
 * worker: its reservations, completions, transfers and handle time. A worker's own handle time
 * counts for the worker only.
 */
function routeFact(state: MetricsState, fact: CumulativeFact, op: "add" | "remove", channel: string | null): void {
  const add = op === "add";
  if (fact.workerSid !== null && WORKER_FACT_KINDS.has(fact.kind)) route(workerScope(state, fact.workerSid), fact, add);
  if (WORKER_ONLY_KINDS.has(fact.kind)) return;
  if (fact.kind !== "tasksEntered") route(state.workspaceScope, fact, add);
  if (fact.queueSid !== null && fact.kind !== "tasksCreated") {
    route(queueScope(state, fact.queueSid), fact, add);
    if (channel !== null) route(channelScope(state, fact.queueSid, channel), fact, add);
  }
  if (fact.workflowSid !== null && fact.kind !== "tasksEntered") route(workflowScope(state, fact.workflowSid), fact, add);
}

function route(scope: ScopeAggregate, fact: CumulativeFact, add: boolean): void {
  if (add) scope.add(fact);
  else scope.remove(fact);
}

const NONE: readonly never[] = [];

/**
 * Retracts the task's contributions that changed and adds the new ones. Unchanged facts are the
 * very objects of the previous derivation (`deriveFacts` lends them), so identity tells them
 * apart; retractions go first, so that a changed fact never meets its old self under its id.
 */
function replaceFacts(
  state: MetricsState,
  before: readonly CumulativeFact[],
  after: readonly CumulativeFact[],
  channel: string | null,
): void {
  if (before.length + after.length > 64) {
    const kept = new Set(after);
    const had = new Set(before);
    for (const fact of before) if (!kept.has(fact)) routeFact(state, fact, "remove", channel);
    for (const fact of after) if (!had.has(fact)) routeFact(state, fact, "add", channel);
    return;
  }
  for (const fact of before) if (!after.includes(fact)) routeFact(state, fact, "remove", channel);
  for (const fact of after) if (!before.includes(fact)) routeFact(state, fact, "add", channel);
}

/** The same for a task's waiting intervals in the shared index. */
function replaceWaiting(
  index: IntervalIndex<WaitingInterval>,
  before: readonly WaitingInterval[],
  after: readonly WaitingInterval[],
): void {
  for (const w of before) if (!after.includes(w)) index.delete(w);
  for (const w of after) if (!before.includes(w)) index.add(w);
}

const ACTIVE_RESERVATION = new Set(["pending", "accepted", "wrapping"]);

/** The worker of a pending, accepted or wrapping reservation (null for any other). */
const holderOf = (r: ReservationFacts): string | null => (r.workerSid !== null && ACTIVE_RESERVATION.has(r.status) ? r.workerSid : null);

/** Whether `workerSid` holds a pending, accepted or wrapping reservation on the task, which is live. */
function holds(facts: TaskFacts | null, workerSid: string): boolean {
  if (facts === null || facts.endedMs !== null) return false;
  for (const r of facts.reservations) if (holderOf(r) === workerSid) return true;
  return false;
}

/** The facts of a task not derived yet: never read, as every reader settles first. */
const NOT_DERIVED: TaskFacts = Object.freeze({
  taskSid: "",
  createdMs: 0,
  createdFrom: "first-event",
  workflowSid: null,
  status: null,
  priority: 0,
  endedMs: null,
  currentQueueSid: null,
  queueVisits: [],
  reservations: [],
  accepted: null,
  acceptances: [],
  completedBy: null,
  transferredBy: [],
  outcome: null,
  abandoned: null,
  handle: null,
  wrapUp: null,
  busy: [],
  waiting: [],
  facts: [],
});

/** Files a task's event; false when the task already has it (an equal record: same time, rank and Sid). */
function applyTaskEvent(state: MetricsState, taskSid: string, event: TypedEvent): boolean {
  const record = toTaskRecord(event);
  let task = state.tasks.get(taskSid);
  if (task === undefined) {
    task = { sid: taskSid, records: [record], attributes: undefined, channel: null, facts: NOT_DERIVED };
    state.tasks.set(taskSid, task);
    state.unsettled.set(taskSid, null);
  } else {
    if (!insertSorted(task.records, record, compareTaskRecords)) return false;
    if (!state.unsettled.has(taskSid)) state.unsettled.set(taskSid, task.facts);
  }
  task.attributes = lwwTaskAttributes(task.attributes, record, event.task.attributes);
  const { channelSid, channelUniqueName } = event.task;
  if (channelSid !== null || channelUniqueName !== null) {
    task.channelIds = { sid: task.channelIds?.sid ?? channelSid, uniqueName: task.channelIds?.uniqueName ?? channelUniqueName };
  }
  if (task.channel === null && event.task.channel !== null) {
    // Learned now (events can arrive in any order): the facts counted so far join the channel's scopes.
    task.channel = event.task.channel;
    for (const fact of task.facts.facts) {
      if (fact.queueSid !== null && fact.kind !== "tasksCreated") route(channelScope(state, fact.queueSid, task.channel), fact, true);
    }
  }
  return true;
}

/** Derives every task with events filed since its last derivation, and moves what its facts changed. */
export function settleTasks(state: MetricsState): void {
  if (state.unsettled.size === 0) return;
  for (const [taskSid, before] of state.unsettled) {
    const task = state.tasks.get(taskSid);
    if (task === undefined) continue;
    task.facts = deriveFacts(taskSid, task.records, before);
    moveDerived(state, task, before);
  }
  state.unsettled.clear();
}

/** Retracts from the aggregates, indexes and sets what `before` put there and `task.facts` no longer says, and adds what is new. */
function moveDerived(state: MetricsState, task: TaskEntity, before: TaskFacts | null): void {
  const taskSid = task.sid;
  const after = task.facts;
  const factsBefore = before?.facts ?? NONE;
  if (factsBefore !== after.facts) replaceFacts(state, factsBefore, after.facts, task.channel);
  if (task.channel !== null && after.currentQueueSid !== null) noteQueueChannel(state, after.currentQueueSid, task.channel);

  const waitingBefore = before?.waiting ?? NONE;
  if (waitingBefore !== after.waiting) replaceWaiting(state.waiting, waitingBefore, after.waiting);

  const busyBefore: readonly BusyInterval[] = before?.busy ?? NONE;
  if (busyBefore !== after.busy) {
    for (const b of busyBefore) if (!after.busy.includes(b)) state.workers.get(b.workerSid)?.busy.delete(b);
    for (const b of after.busy) if (!busyBefore.includes(b)) ensureWorker(state, b.workerSid).busy.add(b);
  }

  const liveBefore = before !== null && before.endedMs === null;
  const liveAfter = after.endedMs === null;
  if (before === null || liveBefore !== liveAfter) {
    if (liveAfter) state.liveTasks.add(taskSid);
    else state.liveTasks.delete(taskSid);
  }

  const queueBefore = before?.currentQueueSid ?? null;
  if (before === null || queueBefore !== after.currentQueueSid) {
    if (queueBefore !== null) state.queues.get(queueBefore)?.members.delete(taskSid);
    if (after.currentQueueSid !== null) ensureQueue(state, after.currentQueueSid).members.add(taskSid);
  }

  const reservationsBefore: readonly ReservationFacts[] = before?.reservations ?? NONE;
  if (reservationsBefore !== after.reservations || liveBefore !== liveAfter) {
    if (liveBefore) {
      for (const r of reservationsBefore) {
        const w = holderOf(r);
        if (w !== null && !holds(after, w)) state.workers.get(w)?.currentTasks.delete(taskSid);
      }
    }
    if (liveAfter) {
      for (const r of after.reservations) {
        const w = holderOf(r);
        if (w !== null) ensureWorker(state, w).currentTasks.add(taskSid);
      }
    }
  }
}

function workerKey(event: TypedEvent): OrderKey {
  return { version: event.worker.version ?? NO_VERSION, timeMs: event.timeMs, sid: event.sid };
}

const plainKey = (event: TypedEvent): OrderKey => ({ version: NO_VERSION, timeMs: event.timeMs, sid: event.sid });

function observeActivity(state: MetricsState, sid: string, name: string | null, key: OrderKey): void {
  const activity = ensureActivity(state, sid);
  if (name !== null) activity.name = lww(activity.name, key, name);
}

/** Names, attributes and activity that any event tells about its worker, queue and activities. */
function observeResources(state: MetricsState, event: TypedEvent): void {
  const key = plainKey(event);
  const { worker: w, queue: q } = event;
  if (w.activitySid !== null) observeActivity(state, w.activitySid, w.activityName, key);
  if (w.previousActivitySid !== null) observeActivity(state, w.previousActivitySid, w.previousActivityName, key);
  if (event.taskQueueSid !== null) {
    const queue = ensureQueue(state, event.taskQueueSid);
    if (q.name !== null) queue.name = lww(queue.name, key, q.name);
    if (q.targetExpression !== null) {
      const next = lww(queue.expression, key, q.targetExpression);
      if (next !== queue.expression) {
        queue.expression = next;
        queue.matcher = compileMatcher(next.value);
        refreshQueueEligibility(state, queue);
      }
    }
  }
  if (event.workflowSid !== null) {
    const workflow = ensureWorkflow(state, event.workflowSid);
    if (event.workflowName !== null) workflow.name = lww(workflow.name, key, event.workflowName);
  }
  if (event.workerSid !== null) {
    const worker = ensureWorker(state, event.workerSid);
    const wKey = workerKey(event);
    if (w.name !== null) worker.name = lww(worker.name, wKey, w.name);
    if (w.activitySid !== null) worker.activitySid = lww(worker.activitySid, wKey, w.activitySid);
    const next = lwwAttributes(worker.attributes, wKey, w.attributes) ?? worker.attributes;
    const changed = next.value !== worker.attributes.value;
    worker.attributes = next;
    if (changed) refreshWorkerEligibility(state, worker);
  }
}

function applyWorkerEvent(state: MetricsState, workerSid: string, event: WorkerEvent): void {
  const worker = ensureWorker(state, workerSid);
  const change = toActivityChange(event);
  if (change !== null) insertSorted(worker.changes, change, compareTimeSid);
  if (event.eventType === "worker.deleted" && !worker.deleted) {
    worker.deleted = true;
    refreshWorkerEligibility(state, worker);
  }
  if (event.eventType === "worker.capacity.update" || event.eventType === "worker.channel.availability.update") {
    applyChannelUpdate(worker, event);
  }
}

function applyChannelUpdate(worker: WorkerEntity, event: WorkerEvent): void {
  const c = event.channel;
  const channelKey = c.taskChannelSid ?? c.uniqueName;
  if (channelKey === null) return;
  let channel = worker.channels.get(channelKey);
  if (channel === undefined) {
    channel = {
      key: channelKey,
      taskChannelSid: undefined,
      uniqueName: undefined,
      capacity: undefined,
      consumed: undefined,
      available: undefined,
    };
    worker.channels.set(channelKey, channel);
  }
  // Channels have no version of their own: (time, Sid) orders their updates, field by field.
  const key = plainKey(event);
  if (c.taskChannelSid !== null) channel.taskChannelSid = lww(channel.taskChannelSid, key, c.taskChannelSid);
  if (c.uniqueName !== null) channel.uniqueName = lww(channel.uniqueName, key, c.uniqueName);
  if (c.capacity !== null) channel.capacity = lww(channel.capacity, key, c.capacity);
  if (c.consumed !== null) channel.consumed = lww(channel.consumed, key, c.consumed);
  if (c.available !== null) channel.available = lww(channel.available, key, c.available);
}

function applyActivityEvent(state: MetricsState, event: ActivityEvent): void {
  const a = event.activity;
  const sid = a.sid ?? event.resourceSid;
  if (sid === null) return;
  const activity = ensureActivity(state, sid);
  const key = plainKey(event);
  if (a.name !== null) activity.name = lww(activity.name, key, a.name);
  if (a.available !== null) activity.available = lww(activity.available, key, a.available);
  if (event.eventType === "activity.deleted") activity.deleted = true;
}

function applyQueueEvent(state: MetricsState, event: TypedEvent): void {
  const sid = event.taskQueueSid ?? event.resourceSid;
  if (sid === null) return;
  const queue = ensureQueue(state, sid);
  if (event.eventType === "task-queue.deleted" && !queue.deleted) {
    queue.deleted = true;
    refreshQueueEligibility(state, queue);
  }
}

function applyWorkflowEvent(state: MetricsState, event: TypedEvent): void {
  const sid = event.workflowSid ?? event.resourceSid;
  if (sid === null) return;
  const workflow = ensureWorkflow(state, sid);
  if (event.eventType === "workflow.deleted") workflow.deleted = true;
}

function matches(queue: QueueEntity, worker: WorkerEntity): boolean {
  return !queue.deleted && !worker.deleted && queue.matcher(worker.attributes.value.value);
}

function setEligible(queue: QueueEntity, worker: WorkerEntity, eligible: boolean): void {
  if (eligible) {
    queue.eligibleWorkers.add(worker.sid);
    worker.eligibleQueues.add(queue.sid);
  } else {
    queue.eligibleWorkers.delete(worker.sid);
    worker.eligibleQueues.delete(queue.sid);
  }
}

function refreshWorkerEligibility(state: MetricsState, worker: WorkerEntity): void {
  for (const queue of state.queues.values()) setEligible(queue, worker, matches(queue, worker));
}

function refreshQueueEligibility(state: MetricsState, queue: QueueEntity): void {
  for (const worker of state.workers.values()) setEligible(queue, worker, matches(queue, worker));
}

const QUEUE_RESOURCE_TYPES: ReadonlySet<string> = new Set(["task-queue.created", "task-queue.deleted", "task-queue.expression.updated"]);
const WORKFLOW_RESOURCE_TYPES: ReadonlySet<string> = new Set(["workflow.created", "workflow.updated", "workflow.deleted"]);

/** Folds one event; false when an event with that Sid was already folded. */
export function applyEvent(state: MetricsState, event: TypedEvent): boolean {
  const taskSid = taskOf(event);
  // A task's event is known by its records; a repeat tells its resources nothing new either.
  if (taskSid === null && !firstSight(state, event.sid)) return false;
  if (event.kind === "unknown") return true;

  observeResources(state, event);

  if (taskSid !== null) return applyTaskEvent(state, taskSid, event);
  if (event.kind === "activity") applyActivityEvent(state, event);
  else if (event.kind === "worker") {
    if (event.workerSid !== null) applyWorkerEvent(state, event.workerSid, event);
  } else if (QUEUE_RESOURCE_TYPES.has(event.eventType)) applyQueueEvent(state, event);
  else if (WORKFLOW_RESOURCE_TYPES.has(event.eventType)) applyWorkflowEvent(state, event);
  else if (event.kind === "reservation") applyReservationWithoutTask(state, event);
  return true;
}

/** The task whose records an event joins (null for resource and worker events, and those naming no task). */
function taskOf(event: TypedEvent): string | null {
  if (event.taskSid === null || event.kind === "unknown" || event.kind === "activity" || event.kind === "worker") return null;
  if (QUEUE_RESOURCE_TYPES.has(event.eventType) || WORKFLOW_RESOURCE_TYPES.has(event.eventType)) return null;
  return event.taskSid;
}

function firstSight(state: MetricsState, sid: string): boolean {
  const size = state.seen.size;
  state.seen.add(sid);
  return state.seen.size !== size;
}

/** A reservation event without its TaskSid still counts for its queue and worker. */
function applyReservationWithoutTask(state: MetricsState, event: TypedEvent): void {
  const kind = counterKindOf(event.eventType);
  if (kind === null) return;
  const fact: CumulativeFact = {
    id: `${kind}:${event.sid}`,
    kind,
    atMs: event.timeMs,
    queueSid: event.taskQueueSid,
    workerSid: event.workerSid,
    workflowSid: event.workflowSid,
    valueMs: 0,
    inQueueMs: null,
  };
  routeFact(state, fact, "add", event.task.channel);
}

/** Folds events in any order; returns how many were new. */
export function applyEvents(state: MetricsState, events: Iterable<TypedEvent>): number {
  let folded = 0;
  for (const event of events) if (applyEvent(state, event)) folded += 1;
  return folded;
}
