/**
 * Realistic TaskRouter event callbacks for tests, with Twilio's exact parameter names
 * (docs/taskrouter-fidelity.md). Two layers:
 * - one function per event type, `(at, overrides) => TestEvent`, where overrides are raw
 *   callback parameters (`TaskSid`, `TaskQueueSid`, …); `callbackParams(...)` gives the form body
 *   for HTTP tests;
 * - `TaskScript` / `WorkerScript`, which keep a task's or worker's version, status and activity
 *   consistent across a lifecycle.
 */
import { parseCallback } from "@/lib/events/parse";
import type { TypedEvent } from "@/lib/events/types";

/** A parsed event that keeps its callback parameters too, so a test can fold it, post it or store it. */
export type TestEvent = TypedEvent & { params: Record<string, string> };

export const ACCOUNT_SID = "AC00000000000000000000000000000000";
export const WORKSPACE_SID = "WS00000000000000000000000000000000";

export type Overrides = Record<string, string | number | boolean | null | undefined>;

let sidCounter = 0;

/** `prefix` + 32 hex digits, e.g. sid("WT", 7) = WT000…007; without n, the next of a counter. */
export function sid(prefix: string, n?: number): string {
  if (n === undefined) sidCounter += 1;
  const value = n ?? sidCounter;
  return `${prefix}${value.toString(16).padStart(32, "0")}`;
}

const RESOURCE_TYPE: Record<string, string> = {
  activity: "activity",
  reservation: "reservation",
  task: "task",
  "task-queue": "taskqueue",
  worker: "worker",
  workflow: "workflow",
  "task-channel": "taskchannel",
  workspace: "workspace",
};

function resourceOf(eventType: string, fields: Record<string, string>): { type: string; sid: string | undefined } {
  const family = eventType.split(".")[0] ?? "";
  const type = RESOURCE_TYPE[family] ?? family;
  const sidField: Record<string, string> = {
    activity: "ActivitySid",
    reservation: "ReservationSid",
    task: "TaskSid",
    taskqueue: "TaskQueueSid",
    worker: "WorkerSid",
    workflow: "WorkflowSid",
  };
  const field = sidField[type];
  return { type, sid: field ? fields[field] : undefined };
}

/** The form-encoded body TaskRouter would POST: strings only; null/undefined overrides drop a field. */
export function callbackParams(eventType: string, at: number, overrides: Overrides = {}): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(overrides)) if (value !== null && value !== undefined) fields[key] = String(value);
  const resource = resourceOf(eventType, fields);
  const params: Record<string, string> = {
    Sid: sid("EV"),
    EventType: eventType,
    AccountSid: ACCOUNT_SID,
    WorkspaceSid: WORKSPACE_SID,
    WorkspaceName: "Test Contact Centre",
    EventDescription: `${eventType} event`,
    ResourceType: resource.type,
    Timestamp: String(Math.floor(at / 1000)),
    TimestampMs: String(at),
  };
  if (resource.sid) params.ResourceSid = resource.sid;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null || value === undefined) delete params[key];
    else params[key] = String(value);
  }
  return params;
}

/** Parses params through the production parser, so tests see exactly what the route would fold. */
export function toEvent(params: Record<string, string>): TestEvent {
  const parsed = parseCallback(params);
  if (!parsed.ok) throw new Error(`test event does not parse: ${parsed.error.message}`);
  return { ...parsed.value.event, params };
}

export function makeEvent(eventType: string, at: number, overrides: Overrides = {}): TestEvent {
  return toEvent(callbackParams(eventType, at, overrides));
}

const builder =
  (eventType: string) =>
  (at: number, overrides: Overrides = {}) =>
    makeEvent(eventType, at, overrides);

export const activityCreated = builder("activity.created");
export const activityUpdated = builder("activity.updated");
export const activityDeleted = builder("activity.deleted");
export const reservationCreated = builder("reservation.created");
export const reservationAccepted = builder("reservation.accepted");
export const reservationRejected = builder("reservation.rejected");
export const reservationTimeout = builder("reservation.timeout");
export const reservationCanceled = builder("reservation.canceled");
export const reservationRescinded = builder("reservation.rescinded");
export const reservationCompleted = builder("reservation.completed");
export const reservationFailed = builder("reservation.failed");
export const reservationWrapup = builder("reservation.wrapup");
export const taskCreated = builder("task.created");
export const taskUpdated = builder("task.updated");
export const taskCanceled = builder("task.canceled");
export const taskWrapup = builder("task.wrapup");
export const taskCompleted = builder("task.completed");
export const taskDeleted = builder("task.deleted");
export const taskSystemDeleted = builder("task.system-deleted");
export const taskTransferInitiated = builder("task.transfer-initiated");
export const taskQueueCreated = builder("task-queue.created");
export const taskQueueDeleted = builder("task-queue.deleted");
export const taskQueueEntered = builder("task-queue.entered");
export const taskQueueTimeout = builder("task-queue.timeout");
export const taskQueueMoved = builder("task-queue.moved");
export const taskQueueExpressionUpdated = builder("task-queue.expression.updated");
export const workerCreated = builder("worker.created");
export const workerActivityUpdate = builder("worker.activity.update");
export const workerAttributesUpdate = builder("worker.attributes.update");
export const workerCapacityUpdate = builder("worker.capacity.update");
export const workerChannelAvailabilityUpdate = builder("worker.channel.availability.update");
export const workerDeleted = builder("worker.deleted");
export const workflowCreated = builder("workflow.created");
export const workflowUpdated = builder("workflow.updated");
export const workflowDeleted = builder("workflow.deleted");
export const workflowTargetMatched = builder("workflow.target-matched");

export type Activity = { sid: string; name: string };

/** A worker whose events carry a consistent WorkerVersion, activity and time in previous activity. */
export class WorkerScript {
  version = 0;
  activity: Activity;
  activitySinceMs: number | null;
  attributes: Record<string, unknown>;

  constructor(
    readonly sid: string,
    readonly name: string,
    options: { activity: Activity; attributes?: Record<string, unknown>; activitySinceMs?: number | null },
  ) {
    this.activity = options.activity;
    this.attributes = options.attributes ?? {};
    this.activitySinceMs = options.activitySinceMs ?? null;
  }

  /** The Worker field group that worker.* and reservation.* events carry. */
  fields(): Overrides {
    return {
      WorkerSid: this.sid,
      WorkerName: this.name,
      WorkerAttributes: JSON.stringify(this.attributes),
      WorkerActivitySid: this.activity.sid,
      WorkerActivityName: this.activity.name,
      WorkerVersion: this.version,
    };
  }

  created(at: number, overrides: Overrides = {}): TestEvent {
    this.activitySinceMs = at;
    return workerCreated(at, { ...this.fields(), ...overrides });
  }

  setActivity(at: number, activity: Activity, overrides: Overrides = {}): TestEvent {
    const previous = this.activity;
    const since = this.activitySinceMs;
    this.version += 1;
    this.activity = activity;
    this.activitySinceMs = at;
    const inPreviousMs = since === null ? undefined : at - since;
    return workerActivityUpdate(at, {
      ...this.fields(),
      WorkerPreviousActivitySid: previous.sid,
      WorkerPreviousActivityName: previous.name,
      WorkerTimeInPreviousActivityMs: inPreviousMs,
      WorkerTimeInPreviousActivity: inPreviousMs === undefined ? undefined : Math.floor(inPreviousMs / 1000),
      ...overrides,
    });
  }

  setAttributes(at: number, attributes: Record<string, unknown>, overrides: Overrides = {}): TestEvent {
    this.version += 1;
    this.attributes = attributes;
    return workerAttributesUpdate(at, { ...this.fields(), ...overrides });
  }

  channel(at: number, eventType: "worker.capacity.update" | "worker.channel.availability.update", channel: Overrides): TestEvent {
    return makeEvent(eventType, at, { ...this.fields(), ...channel });
  }

  deleted(at: number, overrides: Overrides = {}): TestEvent {
    this.version += 1;
    return workerDeleted(at, { ...this.fields(), ...overrides });
  }
}

export const DEFAULT_WORKFLOW_SID = sid("WW", 1);

export type DateCreatedFormat = "seconds" | "ms" | "iso" | "none";

/**
 * One task's lifecycle with consistent TaskVersion / TaskAssignmentStatus / TaskQueueSid. The
 * queue on task-queue.moved / timeout is the queue being left, as docs/metrics.md counts it.
 */
export class TaskScript {
  version = 0;
  status = "pending";
  priority: number;
  attributes: Record<string, unknown>;
  queueSid: string | null = null;
  readonly workflowSid: string;
  readonly dateCreated: DateCreatedFormat;
  /** TaskChannelUniqueName (a name), or TaskChannelSid and TaskChannelUniqueName, on every event of the task. */
  readonly channel: string | { sid: string; uniqueName: string } | undefined;

  constructor(
    readonly sid: string,
    readonly createdAtMs: number,
    options: {
      priority?: number;
      attributes?: Record<string, unknown>;
      workflowSid?: string;
      dateCreated?: DateCreatedFormat;
      channel?: string | { sid: string; uniqueName: string };
    } = {},
  ) {
    this.channel = options.channel;
    this.priority = options.priority ?? 0;
    this.attributes = options.attributes ?? { type: "support" };
    this.workflowSid = options.workflowSid ?? DEFAULT_WORKFLOW_SID;
    this.dateCreated = options.dateCreated ?? "seconds";
  }

  private dateCreatedValue(): string | undefined {
    switch (this.dateCreated) {
      case "seconds":
        return String(Math.floor(this.createdAtMs / 1000));
      case "ms":
        return String(this.createdAtMs);
      case "iso":
        return new Date(this.createdAtMs).toISOString();
      case "none":
        return undefined;
    }
  }

  /** The Task field group plus TaskQueueSid / WorkflowSid. */
  fields(): Overrides {
    return {
      TaskSid: this.sid,
      TaskAttributes: JSON.stringify(this.attributes),
      TaskPriority: this.priority,
      TaskAssignmentStatus: this.status,
      TaskVersion: this.version,
      TaskDateCreated: this.dateCreatedValue(),
      TaskAge: undefined,
      TaskQueueSid: this.queueSid ?? undefined,
      WorkflowSid: this.workflowSid,
      TaskChannelSid: typeof this.channel === "object" ? this.channel.sid : undefined,
      TaskChannelUniqueName: typeof this.channel === "object" ? this.channel.uniqueName : this.channel,
    };
  }

  private next(status: string | null): void {
    this.version += 1;
    if (status !== null) this.status = status;
  }

  created(at = this.createdAtMs, overrides: Overrides = {}): TestEvent {
    return taskCreated(at, {
      ...this.fields(),
      TaskQueueSid: undefined,
      TaskAge: Math.floor((at - this.createdAtMs) / 1000),
      ...overrides,
    });
  }

  entered(at: number, queueSid: string, overrides: Overrides = {}): TestEvent {
    this.queueSid = queueSid;
    return taskQueueEntered(at, { ...this.fields(), TaskQueueEnteredDate: Math.floor(at / 1000), ...overrides });
  }

  /** Leaves the current queue for `toQueueSid` (task-queue.moved, then enter it with `entered`). */
  moved(at: number, overrides: Overrides = {}): TestEvent {
    return taskQueueMoved(at, { ...this.fields(), ...overrides });
  }

  queueTimeout(at: number, overrides: Overrides = {}): TestEvent {
    return taskQueueTimeout(at, { ...this.fields(), ...overrides });
  }

  updatePriority(at: number, priority: number, overrides: Overrides = {}): TestEvent {
    this.priority = priority;
    this.next(null);
    return taskUpdated(at, { ...this.fields(), ...overrides });
  }

  /** task.updated with new attributes (e.g. a target the workflow routes on). */
  updateAttributes(at: number, attributes: Record<string, unknown>, overrides: Overrides = {}): TestEvent {
    this.attributes = attributes;
    this.next(null);
    return taskUpdated(at, { ...this.fields(), ...overrides });
  }

  /** reservation.created for `worker`; returns the event and the new ReservationSid. */
  reserve(at: number, worker: WorkerScript, overrides: Overrides = {}): { event: TestEvent; reservationSid: string } {
    const reservationSid = sid("WR");
    this.next("reserved");
    return {
      event: reservationCreated(at, {
        ...this.fields(),
        ...worker.fields(),
        ReservationSid: reservationSid,
        ReservationVersion: 0,
        ...overrides,
      }),
      reservationSid,
    };
  }

  private reservationEvent(
    eventType: string,
    status: string | null,
    at: number,
    worker: WorkerScript,
    reservationSid: string,
    reservationVersion: number,
    overrides: Overrides,
  ): TestEvent {
    this.next(status);
    return makeEvent(eventType, at, {
      ...this.fields(),
      ...worker.fields(),
      ReservationSid: reservationSid,
      ReservationVersion: reservationVersion,
      ...overrides,
    });
  }

  accept(at: number, worker: WorkerScript, reservationSid: string, overrides: Overrides = {}): TestEvent {
    return this.reservationEvent("reservation.accepted", "assigned", at, worker, reservationSid, 1, overrides);
  }

  reject(at: number, worker: WorkerScript, reservationSid: string, overrides: Overrides = {}): TestEvent {
    return this.reservationEvent("reservation.rejected", "pending", at, worker, reservationSid, 1, overrides);
  }

  reservationTimeout(at: number, worker: WorkerScript, reservationSid: string, overrides: Overrides = {}): TestEvent {
    return this.reservationEvent("reservation.timeout", "pending", at, worker, reservationSid, 1, overrides);
  }

  rescind(at: number, worker: WorkerScript, reservationSid: string, overrides: Overrides = {}): TestEvent {
    return this.reservationEvent("reservation.rescinded", null, at, worker, reservationSid, 1, overrides);
  }

  cancelReservation(at: number, worker: WorkerScript, reservationSid: string, overrides: Overrides = {}): TestEvent {
    return this.reservationEvent("reservation.canceled", null, at, worker, reservationSid, 1, overrides);
  }

  reservationWrapup(at: number, worker: WorkerScript, reservationSid: string, overrides: Overrides = {}): TestEvent {
    return this.reservationEvent("reservation.wrapup", "wrapping", at, worker, reservationSid, 2, overrides);
  }

  reservationCompleted(at: number, worker: WorkerScript, reservationSid: string, overrides: Overrides = {}): TestEvent {
    return this.reservationEvent("reservation.completed", "completed", at, worker, reservationSid, 3, overrides);
  }

  /** reservation.completed of a transfer's initiator: the reservation ends, the task goes on in `taskStatus`. */
  handOver(at: number, worker: WorkerScript, reservationSid: string, taskStatus: string, overrides: Overrides = {}): TestEvent {
    return this.reservationEvent("reservation.completed", taskStatus, at, worker, reservationSid, 3, overrides);
  }

  /** task.transfer-<kind>: [E] documents only the Task, TaskQueueSid and WorkflowSid fields on them. */
  transfer(at: number, kind: "initiated" | "completed" | "failed" | "canceled" | "attempt-failed", overrides: Overrides = {}): TestEvent {
    this.next(null);
    return makeEvent(`task.transfer-${kind}`, at, { ...this.fields(), ...overrides });
  }

  workflowTimeout(at: number, overrides: Overrides = {}): TestEvent {
    return makeEvent("workflow.timeout", at, { ...this.fields(), ...overrides });
  }

  wrapup(at: number, overrides: Overrides = {}): TestEvent {
    this.next("wrapping");
    return taskWrapup(at, { ...this.fields(), ...overrides });
  }

  completed(at: number, reason = "Task completed", overrides: Overrides = {}): TestEvent {
    this.next("completed");
    return taskCompleted(at, { ...this.fields(), TaskCompletedReason: reason, ...overrides });
  }

  canceled(at: number, reason = "Customer hung up", overrides: Overrides = {}): TestEvent {
    this.next("canceled");
    return taskCanceled(at, { ...this.fields(), TaskCanceledReason: reason, ...overrides });
  }

  deleted(at: number, overrides: Overrides = {}): TestEvent {
    this.next(null);
    return taskDeleted(at, { ...this.fields(), ...overrides });
  }

  systemDeleted(at: number, overrides: Overrides = {}): TestEvent {
    this.next(null);
    return taskSystemDeleted(at, { ...this.fields(), ...overrides });
  }
}

/**
 * A task entering a queue now, as the callback TaskRouter posts: the one event the process,
 * scale-out and socket tests send to see a figure move. `id` (32 hex digits or fewer) names both
 * the event and the task.
 */
export function enteredNow({ id, queueSid, workspaceSid }: { id: string; queueSid: string; workspaceSid: string }): Record<string, string> {
  const now = Date.now();
  const padded = id.padStart(32, "0");
  return callbackParams("task-queue.entered", now, {
    Sid: `EV${padded}`,
    WorkspaceSid: workspaceSid,
    TaskSid: `WT${padded}`,
    TaskQueueSid: queueSid,
    TaskAssignmentStatus: "pending",
    TaskPriority: 0,
    TaskAttributes: "{}",
    TaskDateCreated: Math.floor(now / 1000),
  });
}
