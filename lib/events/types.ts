/**
 * TaskRouter events in two forms:
 * - `StoredEvent`: a callback as the log keeps it — the indexed columns and every parameter
 *   exactly as posted (the log is the source of truth, so nothing is lost by parsing);
 * - `TypedEvent`: the same event with numbers, instants (epoch ms) and JSON attributes parsed,
 *   a union discriminated by `kind` (the event type's family). Everything below `lib/events`
 *   (the fold, the reports, live state) reads typed events only.
 */

/** One TaskRouter event callback as stored in the log. */
export type StoredEvent = EventIds & {
  /** Every parameter exactly as posted; TaskRouter sends strings only. */
  params: Readonly<Record<string, string>>;
};

/** The identity, time and resource sids of an event (the columns the log indexes). */
export type EventIds = {
  /** The callback's `Sid` (EV…): the event's identity. */
  sid: string;
  eventType: string;
  /** Event time in epoch milliseconds (`TimestampMs`, else `Timestamp`). */
  timeMs: number;
  workspaceSid: string | null;
  resourceSid: string | null;
  taskSid: string | null;
  workerSid: string | null;
  taskQueueSid: string | null;
  workflowSid: string | null;
  reservationSid: string | null;
};

/** A JSON object attribute with its source text (equal text means equal attributes, without comparing objects). */
export type JsonAttributes = { raw: string; value: Record<string, unknown> };

/**
 * The dashboard's cancel action sends TaskRouter its reason behind this marker, so that the
 * task.canceled event alone (TaskCanceledReason) tells a supervisor's cancel from a caller's abandon.
 */
export const SUPERVISOR_CANCEL_MARKER = "Canceled by supervisor: ";

export const supervisorCancelReason = (reason: string): string => `${SUPERVISOR_CANCEL_MARKER}${reason}`;

export const isSupervisorCancel = (reason: string | null): boolean => reason?.startsWith(SUPERVISOR_CANCEL_MARKER) ?? false;

/** Task* parameters (task.*, task-queue.*, reservation.* and workflow.* events of a task). */
export type TaskFields = {
  version: number | null;
  /** TaskAssignmentStatus, lower case. */
  assignmentStatus: string | null;
  priority: number | null;
  /** TaskDateCreated (whole seconds on Twilio). */
  dateCreatedMs: number | null;
  /** TaskQueueEnteredDate (whole seconds on Twilio). */
  queueEnteredMs: number | null;
  /** TaskCanceledReason, else TaskCompletedReason, else Reason. */
  reason: string | null;
  /** TaskChannelUniqueName, else TaskChannelSid: the channel (voice, chat…) the task is on. */
  channel: string | null;
  attributes: JsonAttributes | null;
  /** TaskChannelSid and TaskChannelUniqueName: the channel whose capacity the task takes on a worker. */
  channelSid: string | null;
  channelUniqueName: string | null;
};

/** Worker* parameters (worker.* and reservation.* events). */
export type WorkerFields = {
  version: number | null;
  name: string | null;
  activitySid: string | null;
  activityName: string | null;
  previousActivitySid: string | null;
  previousActivityName: string | null;
  /** WorkerTimeInPreviousActivityMs, else WorkerTimeInPreviousActivity seconds × 1000. */
  timeInPreviousActivityMs: number | null;
  attributes: JsonAttributes | null;
};

/** TaskQueue* parameters. */
export type QueueFields = { name: string | null; targetExpression: string | null };

/** Channel parameters of worker.capacity.update and worker.channel.availability.update. */
export type ChannelFields = {
  taskChannelSid: string | null;
  uniqueName: string | null;
  /** Configured capacity: WorkerChannelCapacity, else WorkerChannelAvailableCapacity + WorkerChannelTaskCount. */
  capacity: number | null;
  /** Tasks on the channel: WorkerChannelTaskCount, else WorkerChannelConsumedCapacity. */
  consumed: number | null;
  available: boolean | null;
};

/** Activity* parameters of activity.* events. */
export type ActivityFields = { sid: string | null; name: string | null; available: boolean | null };

type Common = EventIds & {
  task: TaskFields;
  worker: WorkerFields;
  queue: QueueFields;
  workflowName: string | null;
};

export const TASK_EVENT_TYPES = [
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
] as const;
export const RESERVATION_EVENT_TYPES = [
  "reservation.created",
  "reservation.accepted",
  "reservation.rejected",
  "reservation.timeout",
  "reservation.canceled",
  "reservation.rescinded",
  "reservation.completed",
  "reservation.failed",
  "reservation.wrapup",
] as const;
export const WORKER_EVENT_TYPES = [
  "worker.created",
  "worker.activity.update",
  "worker.attributes.update",
  "worker.capacity.update",
  "worker.channel.availability.update",
  "worker.deleted",
] as const;
export const TASK_QUEUE_EVENT_TYPES = [
  "task-queue.created",
  "task-queue.deleted",
  "task-queue.entered",
  "task-queue.timeout",
  "task-queue.moved",
  "task-queue.expression.updated",
] as const;
export const WORKFLOW_EVENT_TYPES = [
  "workflow.created",
  "workflow.updated",
  "workflow.deleted",
  "workflow.target-matched",
  "workflow.entered",
  "workflow.timeout",
  "workflow.skipped",
] as const;
export const ACTIVITY_EVENT_TYPES = ["activity.created", "activity.updated", "activity.deleted"] as const;

export type TaskEvent = Common & { kind: "task"; eventType: (typeof TASK_EVENT_TYPES)[number] };
export type ReservationEvent = Common & {
  kind: "reservation";
  eventType: (typeof RESERVATION_EVENT_TYPES)[number];
  reservationVersion: number | null;
};
export type WorkerEvent = Common & { kind: "worker"; eventType: (typeof WORKER_EVENT_TYPES)[number]; channel: ChannelFields };
export type TaskQueueEvent = Common & { kind: "task-queue"; eventType: (typeof TASK_QUEUE_EVENT_TYPES)[number] };
export type WorkflowEvent = Common & { kind: "workflow"; eventType: (typeof WORKFLOW_EVENT_TYPES)[number] };
export type ActivityEvent = Common & { kind: "activity"; eventType: (typeof ACTIVITY_EVENT_TYPES)[number]; activity: ActivityFields };
/** An event type the fold does not know: stored in the log, never folded. */
export type UnknownEvent = Common & { kind: "unknown" };

export type TypedEvent = TaskEvent | ReservationEvent | WorkerEvent | TaskQueueEvent | WorkflowEvent | ActivityEvent | UnknownEvent;
export type EventKind = TypedEvent["kind"];

/** Every event type the fold reads (anything else is stored, never folded). */
export const FOLDED_EVENT_TYPES: readonly string[] = [
  ...TASK_EVENT_TYPES,
  ...RESERVATION_EVENT_TYPES,
  ...WORKER_EVENT_TYPES,
  ...TASK_QUEUE_EVENT_TYPES,
  ...WORKFLOW_EVENT_TYPES,
  ...ACTIVITY_EVENT_TYPES,
];

/** Event types that end a task: the fold, the reports and the log's reads share this list. */
export const TASK_END_EVENT_TYPES = ["task.completed", "task.canceled", "task.deleted", "task.system-deleted"] as const;
