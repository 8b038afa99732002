/**
 * The live fold. The state is, per entity (task, worker, queue, activity, workflow), the set of
 * that entity's events (kept as compact records or last-writer-wins fields); everything else is
 * derived from those sets and re-derived when one of them grows. So folding any permutation of a
 * set of events, with duplicates, yields the same state as folding them in event-time order.
 */
import type { WorkspaceConfig } from "@/lib/config/types";
import type { TaskRouterEvent } from "@/lib/events/types";
import { compileExpression } from "@/lib/expression";
import { ScopeAggregate, type Thresholds } from "./aggregate";
import { IntervalIndex } from "./interval-index";
import { CONFIG_KEY, compareKeys, compareTimeSid, insertSorted, type Lww, lww, NO_VERSION, type OrderKey } from "./order";
import { bool, integer, jsonObject, text } from "./params";
import {
  type BusyInterval,
  compareTaskRecords,
  type CumulativeFact,
  counterKindOf,
  deriveFacts,
  type ReservationFacts,
  type TaskFacts,
  type TaskRecord,
  toFoldRecord,
  type WaitingInterval,
} from "./task-facts";
import type { MetricsSettings } from "./types";
import { type ActivityChange, toActivityChange } from "./worker-intervals";
import { assertTimezone } from "./window";

/** Event types of reference/taskrouter.md §1–2; anything else is stored elsewhere but not folded. */
export const FOLDED_TYPES: ReadonlySet<string> = new Set([
  "activity.created",
  "activity.updated",
  "activity.deleted",
  "reservation.created",
  "reservation.accepted",
  "reservation.rejected",
  "reservation.timeout",
  "reservation.canceled",
  "reservation.rescinded",
  "reservation.completed",
  "reservation.failed",
  "reservation.wrapup",
  "task.created",
  "task.updated",
  "task.canceled",
  "task.wrapup",
  "task.completed",
  "task.deleted",
  "task.system-deleted",
  "task.transfer-initiated",
  "task.transfer-attempt-failed",
  "task.transfer-failed",
  "task.transfer-canceled",
  "task.transfer-completed",
  "task-queue.created",
  "task-queue.deleted",
  "task-queue.entered",
  "task-queue.timeout",
  "task-queue.moved",
  "task-queue.expression.updated",
  "worker.created",
  "worker.activity.update",
  "worker.attributes.update",
  "worker.capacity.update",
  "worker.channel.availability.update",
  "worker.deleted",
  "workflow.created",
  "workflow.updated",
  "workflow.deleted",
  "workflow.target-matched",
  "workflow.entered",
  "workflow.timeout",
  "workflow.skipped",
]);

export type JsonAttributes = { raw: string; value: Record<string, unknown> };

/**
 * Attributes by last-writer-wins among the events whose attributes parse. They rarely change, so
 * a winning event with the same text only moves the key, without parsing again.
 */
function lwwAttributes(current: Lww<JsonAttributes> | undefined, key: OrderKey, raw: string | undefined): Lww<JsonAttributes> | undefined {
  if (raw === undefined || (current !== undefined && compareKeys(key, current.key) <= 0)) return current;
  if (current !== undefined && current.value.raw === raw) return { key, value: current.value };
  const value = jsonObject(raw);
  return value === null ? current : { key, value: { raw, value } };
}

/** `lwwAttributes` with a task record's (TaskVersion, time, Sid), building the key only when it wins. */
function lwwTaskAttributes(
  current: Lww<JsonAttributes> | undefined,
  r: TaskRecord,
  raw: string | undefined,
): Lww<JsonAttributes> | undefined {
  if (raw === undefined) return current;
  if (current !== undefined) {
    const k = current.key;
    const after =
      r.taskVersion !== k.version ? !(r.taskVersion < k.version) : r.timeMs !== k.timeMs ? !(r.timeMs < k.timeMs) : r.sid > k.sid;
    if (!after) return current;
  }
  return lwwAttributes(current, { version: r.taskVersion, timeMs: r.timeMs, sid: r.sid }, raw);
}

export type TaskEntity = {
  sid: string;
  records: TaskRecord[];
  attributes: Lww<JsonAttributes> | undefined;
  facts: TaskFacts;
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
  /** Pending/reserved intervals of every task in every queue (the waiting-tasks chart). */
  readonly waiting: IntervalIndex<WaitingInterval>;
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
    waiting: new IntervalIndex(),
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

const WORKER_FACT_KINDS: ReadonlySet<CumulativeFact["kind"]> = new Set([
  "reservationsCreated",
  "reservationsAccepted",
  "reservationsRejected",
  "reservationsTimedOut",
  "reservationsCanceled",
  "reservationsRescinded",
  "tasksCompleted",
  "handle",
]);

function routeFact(state: MetricsState, fact: CumulativeFact, op: "add" | "remove"): void {
  const add = op === "add";
  if (fact.kind !== "tasksEntered") route(state.workspaceScope, fact, add);
  if (fact.queueSid !== null && fact.kind !== "tasksCreated") route(queueScope(state, fact.queueSid), fact, add);
  if (fact.workerSid !== null && WORKER_FACT_KINDS.has(fact.kind)) route(workerScope(state, fact.workerSid), fact, add);
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
function replaceFacts(state: MetricsState, before: readonly CumulativeFact[], after: readonly CumulativeFact[]): void {
  if (before.length + after.length > 64) {
    const kept = new Set(after);
    const had = new Set(before);
    for (const fact of before) if (!kept.has(fact)) routeFact(state, fact, "remove");
    for (const fact of after) if (!had.has(fact)) routeFact(state, fact, "add");
    return;
  }
  for (const fact of before) if (!after.includes(fact)) routeFact(state, fact, "remove");
  for (const fact of after) if (!before.includes(fact)) routeFact(state, fact, "add");
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

function applyTaskEvent(state: MetricsState, taskSid: string, event: TaskRouterEvent): void {
  const record = toFoldRecord(event);
  let task = state.tasks.get(taskSid);
  let before: TaskFacts | null = null;
  if (task === undefined) {
    const records: TaskRecord[] = [record];
    task = { sid: taskSid, records, attributes: undefined, facts: deriveFacts(taskSid, records, null) };
    state.tasks.set(taskSid, task);
  } else {
    // An equal record (same time, rank and Sid) is the same event: nothing to do.
    if (!insertSorted(task.records, record, compareTaskRecords)) return;
    before = task.facts;
    task.facts = deriveFacts(taskSid, task.records, before);
  }
  task.attributes = lwwTaskAttributes(task.attributes, record, event.params.TaskAttributes);
  const after = task.facts;

  const factsBefore = before?.facts ?? NONE;
  if (factsBefore !== after.facts) replaceFacts(state, factsBefore, after.facts);

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

function workerKey(event: TaskRouterEvent): OrderKey {
  return { version: integer(event.params.WorkerVersion) ?? NO_VERSION, timeMs: event.timeMs, sid: event.sid };
}

const plainKey = (event: TaskRouterEvent): OrderKey => ({ version: NO_VERSION, timeMs: event.timeMs, sid: event.sid });

function observeActivity(state: MetricsState, sid: string, name: string | null, key: OrderKey): void {
  const activity = ensureActivity(state, sid);
  if (name !== null) activity.name = lww(activity.name, key, name);
}

/** Names, attributes and activity that any event tells about its worker, queue and activities. */
function observeResources(state: MetricsState, event: TaskRouterEvent): void {
  const p = event.params;
  const key = plainKey(event);
  const activitySid = text(p.WorkerActivitySid);
  if (activitySid !== null) observeActivity(state, activitySid, text(p.WorkerActivityName), key);
  const previousActivitySid = text(p.WorkerPreviousActivitySid);
  if (previousActivitySid !== null) observeActivity(state, previousActivitySid, text(p.WorkerPreviousActivityName), key);
  if (event.taskQueueSid !== null) {
    const queue = ensureQueue(state, event.taskQueueSid);
    const name = text(p.TaskQueueName);
    if (name !== null) queue.name = lww(queue.name, key, name);
    const expression = p.TaskQueueTargetExpression;
    if (expression !== undefined && expression.trim() !== "") {
      const next = lww(queue.expression, key, expression.trim());
      if (next !== queue.expression) {
        queue.expression = next;
        queue.matcher = compileMatcher(next.value);
        refreshQueueEligibility(state, queue);
      }
    }
  }
  if (event.workflowSid !== null) {
    const workflow = ensureWorkflow(state, event.workflowSid);
    const name = text(p.WorkflowName);
    if (name !== null) workflow.name = lww(workflow.name, key, name);
  }
  if (event.workerSid !== null) {
    const worker = ensureWorker(state, event.workerSid);
    const wKey = workerKey(event);
    const name = text(p.WorkerName);
    if (name !== null) worker.name = lww(worker.name, wKey, name);
    if (activitySid !== null) worker.activitySid = lww(worker.activitySid, wKey, activitySid);
    const next = lwwAttributes(worker.attributes, wKey, p.WorkerAttributes) ?? worker.attributes;
    const changed = next.value !== worker.attributes.value;
    worker.attributes = next;
    if (changed) refreshWorkerEligibility(state, worker);
  }
}

function applyWorkerEvent(state: MetricsState, workerSid: string, event: TaskRouterEvent): void {
  const worker = ensureWorker(state, workerSid);
  const change = toActivityChange(event);
  if (change !== null) insertSorted(worker.changes, change, compareTimeSid);
  if (event.eventType === "worker.deleted" && !worker.deleted) {
    worker.deleted = true;
    refreshWorkerEligibility(state, worker);
  }
  if (event.eventType === "worker.capacity.update" || event.eventType === "worker.channel.availability.update") {
    const p = event.params;
    const channelSid = text(p.TaskChannelSid);
    const uniqueName = text(p.TaskChannelUniqueName);
    const channelKey = channelSid ?? uniqueName;
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
    if (channelSid !== null) channel.taskChannelSid = lww(channel.taskChannelSid, key, channelSid);
    if (uniqueName !== null) channel.uniqueName = lww(channel.uniqueName, key, uniqueName);
    const capacity = integer(p.WorkerChannelCapacity);
    if (capacity !== null) channel.capacity = lww(channel.capacity, key, capacity);
    const consumed = integer(p.WorkerChannelConsumedCapacity) ?? integer(p.WorkerChannelTaskCount);
    if (consumed !== null) channel.consumed = lww(channel.consumed, key, consumed);
    const available = bool(p.WorkerChannelAvailable);
    if (available !== null) channel.available = lww(channel.available, key, available);
  }
}

function applyActivityEvent(state: MetricsState, event: TaskRouterEvent): void {
  const p = event.params;
  const sid = text(p.ActivitySid) ?? event.resourceSid;
  if (sid === null) return;
  const activity = ensureActivity(state, sid);
  const key = plainKey(event);
  const name = text(p.ActivityName);
  if (name !== null) activity.name = lww(activity.name, key, name);
  const available = bool(p.ActivityAvailable);
  if (available !== null) activity.available = lww(activity.available, key, available);
  if (event.eventType === "activity.deleted") activity.deleted = true;
}

function applyQueueEvent(state: MetricsState, event: TaskRouterEvent): void {
  const sid = event.taskQueueSid ?? event.resourceSid;
  if (sid === null) return;
  const queue = ensureQueue(state, sid);
  if (event.eventType === "task-queue.deleted" && !queue.deleted) {
    queue.deleted = true;
    refreshQueueEligibility(state, queue);
  }
}

function applyWorkflowEvent(state: MetricsState, event: TaskRouterEvent): void {
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

/** Folds one event; false when an event with that Sid was already folded. */
export function applyEvent(state: MetricsState, event: TaskRouterEvent): boolean {
  const seen = state.seen.size;
  state.seen.add(event.sid);
  if (state.seen.size === seen) return false;
  const type = event.eventType;
  if (!FOLDED_TYPES.has(type)) return true;

  observeResources(state, event);

  if (type.startsWith("activity.")) applyActivityEvent(state, event);
  else if (type === "task-queue.created" || type === "task-queue.deleted" || type === "task-queue.expression.updated")
    applyQueueEvent(state, event);
  else if (type === "workflow.created" || type === "workflow.updated" || type === "workflow.deleted") applyWorkflowEvent(state, event);
  else if (type.startsWith("worker.")) {
    if (event.workerSid !== null) applyWorkerEvent(state, event.workerSid, event);
  } else if (event.taskSid !== null) applyTaskEvent(state, event.taskSid, event);
  else {
    // A reservation event without its TaskSid still counts for its queue and worker.
    const kind = counterKindOf(type);
    if (kind !== null && type.startsWith("reservation.")) {
      routeFact(
        state,
        {
          id: `${kind}:${event.sid}`,
          kind,
          atMs: event.timeMs,
          queueSid: event.taskQueueSid,
          workerSid: event.workerSid,
          valueMs: 0,
          inQueueMs: null,
        },
        "add",
      );
    }
  }
  return true;
}

/** Folds events in any order; returns how many were new. */
export function applyEvents(state: MetricsState, events: Iterable<TaskRouterEvent>): number {
  let folded = 0;
  for (const event of events) if (applyEvent(state, event)) folded += 1;
  return folded;
}
