/**
 * Everything the metrics know about one task, derived from that task's events alone (task.*,
 * task-queue.*, reservation.*, workflow.* carrying its TaskSid): the records kept per event, the
 * facts derived from them (task-derivation.ts), and the kinds of facts the aggregates count.
 */
import { TASK_END_EVENT_TYPES, type TypedEvent } from "@/lib/events/types";
import { NO_VERSION } from "./order";

/**
 * The fields of one task event that the derivation reads: a compact copy, which the live state
 * keeps per task instead of the event.
 */
export type TaskRecord = {
  sid: string;
  type: string;
  timeMs: number;
  taskVersion: number;
  status: string | null;
  priority: number | null;
  queueSid: string | null;
  workerSid: string | null;
  reservationSid: string | null;
  reservationVersion: number;
  dateCreatedMs: number | null;
  queueEnteredMs: number | null;
  workflowSid: string | null;
  reason: string | null;
  /** Id of the event's counter fact, built once (re-deriving the task neither builds nor hashes it again). */
  factId: string | null;
};

/** One literal, so that every record has the same shape. */
export function toTaskRecord(event: TypedEvent): TaskRecord {
  const task = event.task;
  const counter = counterKindOf(event.eventType);
  return {
    sid: event.sid,
    type: event.eventType,
    timeMs: event.timeMs,
    taskVersion: task.version ?? NO_VERSION,
    status: task.assignmentStatus,
    priority: task.priority,
    queueSid: event.taskQueueSid,
    workerSid: event.workerSid,
    reservationSid: event.reservationSid,
    reservationVersion: (event.kind === "reservation" ? event.reservationVersion : null) ?? NO_VERSION,
    dateCreatedMs: task.dateCreatedMs,
    queueEnteredMs: task.queueEnteredMs,
    workflowSid: event.workflowSid,
    reason: task.reason,
    factId: counter === null ? null : `${counter}:${event.sid}`,
  };
}

/** Within one millisecond: created first, then leaving a queue, then entering the next, then the rest. */
const SAME_TIME_RANK: Record<string, number> = {
  "task.created": 0,
  "task-queue.moved": 1,
  "task-queue.timeout": 1,
  "task-queue.entered": 2,
};

/** Order of a task's records: event time, then the rank above, then Sid (a total order). */
export function compareTaskRecords(
  a: { timeMs: number; type: string; sid: string },
  b: { timeMs: number; type: string; sid: string },
): number {
  return (
    a.timeMs - b.timeMs || (SAME_TIME_RANK[a.type] ?? 3) - (SAME_TIME_RANK[b.type] ?? 3) || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0)
  );
}

export const TASK_END_TYPES: ReadonlySet<string> = new Set(TASK_END_EVENT_TYPES);

const COUNTER_BY_TYPE = {
  "task.created": "tasksCreated",
  "task-queue.entered": "tasksEntered",
  "task-queue.moved": "tasksMoved",
  "task-queue.timeout": "tasksMoved",
  "task.completed": "tasksCompleted",
  "task.canceled": "tasksCanceled",
  "task.deleted": "tasksDeleted",
  "task.system-deleted": "tasksDeleted",
  "reservation.created": "reservationsCreated",
  "reservation.accepted": "reservationsAccepted",
  "reservation.rejected": "reservationsRejected",
  "reservation.timeout": "reservationsTimedOut",
  "reservation.canceled": "reservationsCanceled",
  "reservation.rescinded": "reservationsRescinded",
  // Ours: TaskRouter's statistics count no transfers (the events carry Task, TaskQueueSid, WorkflowSid).
  "task.transfer-initiated": "transfersInitiated",
  "task.transfer-completed": "transfersCompleted",
  "task.transfer-failed": "transfersFailed",
  "task.transfer-canceled": "transfersCanceled",
  "task.transfer-attempt-failed": "transferAttemptsFailed",
  "workflow.timeout": "tasksTimedOutInWorkflow",
} as const;

export type CounterKind = (typeof COUNTER_BY_TYPE)[keyof typeof COUNTER_BY_TYPE];
export const COUNTER_KINDS: readonly CounterKind[] = [...new Set(Object.values(COUNTER_BY_TYPE))];

export function counterKindOf(eventType: string): CounterKind | null {
  return (COUNTER_BY_TYPE as Record<string, CounterKind>)[eventType] ?? null;
}

/**
 * The facts that count for a worker's cumulative statistics (live worker scopes). The agents
 * report counts these too, plus wrap-up, which the wallboard does not show per worker.
 * `tasksCompleted` and `transfersInitiated` carry the worker who held the task at that moment.
 */
export const WORKER_FACT_KINDS: ReadonlySet<CounterKind | DurationKind> = new Set<CounterKind | DurationKind>([
  "reservationsCreated",
  "reservationsAccepted",
  "reservationsRejected",
  "reservationsTimedOut",
  "reservationsCanceled",
  "reservationsRescinded",
  "tasksCompleted",
  "transfersInitiated",
  "workerHandle",
  "workerTalk",
]);

/** Facts of a worker's own: never counted for a queue, a workflow or the workspace. */
export const WORKER_ONLY_KINDS: ReadonlySet<CounterKind | DurationKind> = new Set<CounterKind | DurationKind>([
  "workerHandle",
  "workerTalk",
]);

/**
 * `accepted`: a task's first acceptance (one per task: tasks accepted, service level).
 * `reservationAccepted`: every reservation.accepted, a transfer's too, waited from the task's
 * creation (Twilio's wait_duration_until_accepted and split_by_wait_time count these).
 * `handle`: the task's, first acceptance → task.completed (queue, workflow, workspace).
 * `workerHandle`: one worker's part, its reservation's acceptance → its completion; `workerTalk` the
 * same part up to its wrap-up.
 * `canceled`: a task's task.canceled, waited from creation, for the split (an abandon, or a cancel
 * after a transfer put an answered task back in a queue; not the dashboard's cancel).
 * `canceledBySupervisor` replaces `abandoned` for a task the dashboard's cancel action ended (only counted).
 */
export type DurationKind =
  | "accepted"
  | "canceled"
  | "reservationAccepted"
  | "abandoned"
  | "canceledBySupervisor"
  | "handle"
  | "workerHandle"
  | "workerTalk"
  | "wrapUp";

/**
 * One contribution to the windowed aggregates, counted at `atMs` (the time of the event that
 * ends the duration, or of the counted event). `valueMs` is 0 for counters; for "accepted" it is
 * the wait from creation and `inQueueMs` the wait from entering the queue (null when unknown).
 */
export type CumulativeFact = {
  id: string;
  kind: CounterKind | DurationKind;
  atMs: number;
  queueSid: string | null;
  workerSid: string | null;
  /** The task's workflow (latest by TaskVersion), for the workflow's statistics. */
  workflowSid: string | null;
  valueMs: number;
  inQueueMs: number | null;
};

export type QueueVisit = {
  queueSid: string;
  enteredMs: number;
  leftMs: number | null;
  leftBy: "moved" | "timeout" | "reentered" | "ended" | null;
};

export type ReservationStatus =
  | "pending"
  | "accepted"
  | "rejected"
  | "timeout"
  | "canceled"
  | "rescinded"
  | "completed"
  | "wrapping"
  | "failed";

export type ReservationFacts = {
  reservationSid: string;
  workerSid: string | null;
  queueSid: string | null;
  /** Latest status by (ReservationVersion, event time, Sid). */
  status: ReservationStatus;
  createdMs: number | null;
  acceptedMs: number | null;
  /** When the worker stopped holding the task: reservation ended or task ended; null while held. */
  releasedMs: number | null;
};

/** A worker holding this task: from its reservation's acceptance until released (null: still held). */
export type BusyInterval = { taskSid: string; reservationSid: string; workerSid: string; fromMs: number; toMs: number | null };

/** The task was pending or reserved in `queueSid` during [fromMs, toMs) (toMs null: still waiting). */
export type WaitingInterval = { taskSid: string; queueSid: string; fromMs: number; toMs: number | null };

export type AcceptedFact = {
  /** The reservation.accepted event. */
  eventSid: string;
  reservationSid: string | null;
  workerSid: string | null;
  queueSid: string | null;
  atMs: number;
  waitMs: number;
  waitInQueueMs: number | null;
};

export type TaskOutcome = {
  kind: "completed" | "canceled" | "deleted";
  atMs: number;
  queueSid: string | null;
  reason: string | null;
  /** Canceled without ever an accepted reservation, and not by the dashboard's cancel action. */
  abandoned: boolean;
};

export type SpanFact = { atMs: number; ms: number; queueSid: string | null; workerSid: string | null };

export type TaskFacts = {
  taskSid: string;
  /** Creation time used by every wait and age: TaskDateCreated, else task.created, else the first event. */
  createdMs: number;
  createdFrom: "TaskDateCreated" | "task.created" | "first-event";
  workflowSid: string | null;
  /** Latest TaskAssignmentStatus by (TaskVersion, event time, Sid). */
  status: string | null;
  priority: number;
  /** Null while the task lives; else when it completed, was canceled or deleted. */
  endedMs: number | null;
  /** The queue it is in now (null when ended or between queues). */
  currentQueueSid: string | null;
  queueVisits: QueueVisit[];
  reservations: ReservationFacts[];
  /** The first acceptance. */
  accepted: AcceptedFact | null;
  /** Every acceptance in order (more than one after a transfer). */
  acceptances: AcceptedFact[];
  /** The worker whose reservation held the task when it completed (after a transfer: not the first). */
  completedBy: string | null;
  /** The workers who initiated each transfer, in order (null when not known from the log). */
  transferredBy: (string | null)[];
  outcome: TaskOutcome | null;
  /** Abandon: wait from creation to the first task.canceled (null for a supervisor's cancel). */
  abandoned: SpanFact | null;
  /** First reservation.accepted → task.completed, for the task's queue; `workerSid` the one who completed it. */
  handle: SpanFact | null;
  /** task.wrapup (else the accepted reservation's reservation.wrapup) → task.completed. */
  wrapUp: SpanFact | null;
  busy: BusyInterval[];
  waiting: WaitingInterval[];
  facts: CumulativeFact[];
};
