/**
 * Everything the metrics know about one task, derived from that task's events alone (task.*,
 * task-queue.*, reservation.*, workflow.* carrying its TaskSid). The live fold and the CSV
 * reports both call this, so a number means the same thing in both places.
 */
import type { TaskRouterEvent } from "@/lib/events/types";
import { compareKeys, type Lww, lww, NO_VERSION, type OrderKey } from "./order";
import { epochMs, integer, jsonObject, text } from "./params";

/** The fields of one task event that the derivation reads (a compact copy kept by the live state). */
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
};

export function toTaskRecord(event: TaskRouterEvent): TaskRecord {
  const p = event.params;
  return {
    sid: event.sid,
    type: event.eventType,
    timeMs: event.timeMs,
    taskVersion: integer(p.TaskVersion) ?? NO_VERSION,
    status: text(p.TaskAssignmentStatus)?.toLowerCase() ?? null,
    priority: integer(p.TaskPriority),
    queueSid: event.taskQueueSid,
    workerSid: event.workerSid,
    reservationSid: event.reservationSid,
    reservationVersion: integer(p.ReservationVersion) ?? NO_VERSION,
    dateCreatedMs: epochMs(p.TaskDateCreated),
    queueEnteredMs: epochMs(p.TaskQueueEnteredDate),
    workflowSid: event.workflowSid,
    reason: text(p.TaskCanceledReason) ?? text(p.TaskCompletedReason) ?? text(p.Reason),
  };
}

/** Within one millisecond: created first, then leaving a queue, then entering the next, then the rest. */
const SAME_TIME_RANK: Record<string, number> = { "task.created": 0, "task-queue.moved": 1, "task-queue.timeout": 1, "task-queue.entered": 2 };

/** Order of a task's records: event time, then the rank above, then Sid (a total order). */
export function compareTaskRecords(a: { timeMs: number; type: string; sid: string }, b: { timeMs: number; type: string; sid: string }): number {
  return a.timeMs - b.timeMs || (SAME_TIME_RANK[a.type] ?? 3) - (SAME_TIME_RANK[b.type] ?? 3) || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0);
}

export const TASK_END_TYPES: ReadonlySet<string> = new Set([
  "task.completed",
  "task.canceled",
  "task.deleted",
  "task.system-deleted",
]);

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
} as const;

export type CounterKind = (typeof COUNTER_BY_TYPE)[keyof typeof COUNTER_BY_TYPE];
export const COUNTER_KINDS: readonly CounterKind[] = [...new Set(Object.values(COUNTER_BY_TYPE))];

export function counterKindOf(eventType: string): CounterKind | null {
  return (COUNTER_BY_TYPE as Record<string, CounterKind>)[eventType] ?? null;
}

export type DurationKind = "accepted" | "abandoned" | "handle" | "wrapUp";

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

const RESERVATION_STATUS_BY_TYPE: Record<string, ReservationStatus> = {
  "reservation.created": "pending",
  "reservation.accepted": "accepted",
  "reservation.rejected": "rejected",
  "reservation.timeout": "timeout",
  "reservation.canceled": "canceled",
  "reservation.rescinded": "rescinded",
  "reservation.completed": "completed",
  "reservation.wrapup": "wrapping",
  "reservation.failed": "failed",
};

/** Events after which an accepted reservation no longer holds its worker. */
const RESERVATION_RELEASE_TYPES: ReadonlySet<string> = new Set([
  "reservation.completed",
  "reservation.rescinded",
  "reservation.canceled",
  "reservation.timeout",
  "reservation.rejected",
]);

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
  /** Canceled without ever an accepted reservation. */
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
  accepted: AcceptedFact | null;
  outcome: TaskOutcome | null;
  /** Abandon: wait from creation to the first task.canceled. */
  abandoned: SpanFact | null;
  /** reservation.accepted → task.completed, for the accepting worker. */
  handle: SpanFact | null;
  /** task.wrapup (else the accepted reservation's reservation.wrapup) → task.completed. */
  wrapUp: SpanFact | null;
  busy: BusyInterval[];
  waiting: WaitingInterval[];
  facts: CumulativeFact[];
};

const isWaitingStatus = (status: string): boolean => status === "pending" || status === "reserved";
const taskKey = (r: TaskRecord): OrderKey => ({ version: r.taskVersion, timeMs: r.timeMs, sid: r.sid });

/** Records sorted by `compareTaskRecords`, without repeated Sids; the input itself when it already is. */
function inTaskOrder(records: readonly TaskRecord[]): readonly TaskRecord[] {
  for (let i = 1; i < records.length; i++) {
    if (compareTaskRecords(records[i - 1] as TaskRecord, records[i] as TaskRecord) >= 0) {
      const bySid = new Map(records.map((r) => [r.sid, r]));
      return [...bySid.values()].sort(compareTaskRecords);
    }
  }
  return records;
}

/**
 * Derives one task's facts from its records (any order, repeated Sids allowed; the live state
 * keeps them sorted, so this costs one pass there).
 */
export function deriveTaskFactsFromRecords(taskSid: string, input: readonly TaskRecord[]): TaskFacts {
  const records = inTaskOrder(input);
  let status: Lww<string> | undefined;
  let priority: Lww<number> | undefined;
  let workflow: Lww<string> | undefined;
  let dateCreated: Lww<number> | undefined;
  let createdEventMs: number | null = null;
  let endedMs: number | null = null;
  for (const r of records) {
    const key = taskKey(r);
    if (r.status !== null) status = lww(status, key, r.status);
    if (r.priority !== null) priority = lww(priority, key, r.priority);
    if (r.workflowSid !== null) workflow = lww(workflow, key, r.workflowSid);
    if (r.dateCreatedMs !== null) dateCreated = lww(dateCreated, key, r.dateCreatedMs);
    if (createdEventMs === null && r.type === "task.created") createdEventMs = r.timeMs;
    // A completed/canceled status on e.g. reservation.completed ends the task even if task.completed is missing.
    const ends = TASK_END_TYPES.has(r.type) || r.status === "completed" || r.status === "canceled";
    if (ends && endedMs === null) endedMs = r.timeMs;
  }
  const firstMs = records[0]?.timeMs ?? 0;
  const createdMs = dateCreated?.value ?? createdEventMs ?? firstMs;
  const createdFrom = dateCreated ? "TaskDateCreated" : createdEventMs !== null ? "task.created" : "first-event";

  const facts: CumulativeFact[] = [];
  const visits: QueueVisit[] = [];
  const waiting: WaitingInterval[] = [];
  const reservations = new Map<string, ReservationFacts & { statusKey: OrderKey }>();
  let visit = null as QueueVisit | null;
  let timelineStatus = "pending";
  let waitingOpen = null as { queueSid: string; fromMs: number } | null;
  let accepted = null as AcceptedFact | null;
  let firstCanceled = null as TaskRecord | null;
  let firstCompleted = null as TaskRecord | null;
  let firstTaskWrapup = null as TaskRecord | null;
  const reservationWrapups = new Map<string, number>();
  let outcomeRecord = null as TaskRecord | null;
  let outcomeQueue: string | null = null;

  const lastQueue = (): string | null => visit?.queueSid ?? visits[visits.length - 1]?.queueSid ?? null;
  const closeVisit = (atMs: number, by: QueueVisit["leftBy"]) => {
    if (visit === null) return;
    visit.leftMs = atMs;
    visit.leftBy = by;
    visit = null;
  };

  for (const r of records) {
    const ended = endedMs !== null && r.timeMs >= endedMs;
    if (r.status !== null) timelineStatus = r.status;
    const counter = counterKindOf(r.type);
    let counterQueue = r.queueSid ?? lastQueue();
    let counterWorker: string | null = null;

    if (r.type === "task-queue.entered") {
      counterQueue = r.queueSid;
      if (!ended && r.queueSid !== null) {
        closeVisit(r.timeMs, "reentered");
        visit = { queueSid: r.queueSid, enteredMs: r.timeMs, leftMs: null, leftBy: null };
        visits.push(visit);
      }
    } else if (r.type === "task-queue.moved" || r.type === "task-queue.timeout") {
      // TaskQueueSid of these events is the queue being left.
      if (visit !== null && visit.queueSid === counterQueue) closeVisit(r.timeMs, r.type === "task-queue.moved" ? "moved" : "timeout");
    } else if (TASK_END_TYPES.has(r.type)) {
      if (outcomeRecord === null) {
        outcomeRecord = r;
        outcomeQueue = counterQueue;
      }
      if (r.type === "task.canceled" && firstCanceled === null) firstCanceled = r;
      if (r.type === "task.completed" && firstCompleted === null) firstCompleted = r;
    } else if (r.type === "task.wrapup") {
      if (firstTaskWrapup === null) firstTaskWrapup = r;
    }

    const resStatus = RESERVATION_STATUS_BY_TYPE[r.type];
    if (resStatus !== undefined) {
      counterWorker = r.workerSid;
      if (r.reservationSid !== null) {
        const key: OrderKey = { version: r.reservationVersion, timeMs: r.timeMs, sid: r.sid };
        let res = reservations.get(r.reservationSid);
        if (res === undefined) {
          res = {
            reservationSid: r.reservationSid,
            workerSid: null,
            queueSid: null,
            status: resStatus,
            statusKey: key,
            createdMs: null,
            acceptedMs: null,
            releasedMs: null,
          };
          reservations.set(r.reservationSid, res);
        } else if (compareKeys(key, res.statusKey) > 0) {
          res.status = resStatus;
          res.statusKey = key;
        }
        res.workerSid ??= r.workerSid;
        if (r.type === "reservation.created") {
          res.createdMs ??= r.timeMs;
          if (r.queueSid !== null) res.queueSid = r.queueSid;
        }
        res.queueSid ??= r.queueSid;
        if (r.type === "reservation.accepted") res.acceptedMs ??= r.timeMs;
        else if (res.acceptedMs !== null && res.releasedMs === null && RESERVATION_RELEASE_TYPES.has(r.type)) res.releasedMs = r.timeMs;
        if (r.type === "reservation.wrapup" && !reservationWrapups.has(r.reservationSid)) reservationWrapups.set(r.reservationSid, r.timeMs);
      }
      if (r.type === "reservation.accepted" && accepted === null) {
        const res = r.reservationSid === null ? undefined : reservations.get(r.reservationSid);
        const queueSid = r.queueSid ?? res?.queueSid ?? lastQueue();
        accepted = {
          reservationSid: r.reservationSid,
          workerSid: r.workerSid ?? res?.workerSid ?? null,
          queueSid,
          atMs: r.timeMs,
          waitMs: Math.max(0, r.timeMs - createdMs),
          waitInQueueMs: null,
        };
        const enteredMs = r.queueEnteredMs ?? lastEntered(visits, queueSid, r.timeMs);
        if (enteredMs !== null) accepted.waitInQueueMs = Math.max(0, r.timeMs - enteredMs);
      }
    }

    if (counter !== null) {
      if (counter === "tasksCompleted") counterWorker = null; // attributed to the accepting worker below
      if (counter === "tasksCreated") counterQueue = null; // a workspace count
      facts.push({ id: `${counter}:${r.sid}`, kind: counter, atMs: r.timeMs, queueSid: counterQueue, workerSid: counterWorker, valueMs: 0, inQueueMs: null });
    }

    if (ended && endedMs !== null) closeVisit(endedMs, "ended");
    const waitingQueue: string | null = !ended && visit !== null && isWaitingStatus(timelineStatus) ? visit.queueSid : null;
    if ((waitingOpen?.queueSid ?? null) !== waitingQueue) {
      if (waitingOpen !== null && r.timeMs > waitingOpen.fromMs) waiting.push({ taskSid, queueSid: waitingOpen.queueSid, fromMs: waitingOpen.fromMs, toMs: r.timeMs });
      waitingOpen = waitingQueue === null ? null : { queueSid: waitingQueue, fromMs: r.timeMs };
    }
  }
  if (waitingOpen !== null) waiting.push({ taskSid, queueSid: waitingOpen.queueSid, fromMs: waitingOpen.fromMs, toMs: null });

  const acceptedFact = accepted;
  const acceptedWorker = acceptedFact?.workerSid ?? null;
  for (const fact of facts) if (fact.kind === "tasksCompleted") fact.workerSid = acceptedWorker;

  if (acceptedFact !== null) {
    facts.push({
      id: `accepted:${taskSid}`,
      kind: "accepted",
      atMs: acceptedFact.atMs,
      queueSid: acceptedFact.queueSid,
      workerSid: null,
      valueMs: acceptedFact.waitMs,
      inQueueMs: acceptedFact.waitInQueueMs,
    });
  }

  let abandoned: SpanFact | null = null;
  const canceled = firstCanceled;
  if (canceled !== null && acceptedFact === null) {
    const queueSid = canceled.queueSid ?? lastEnteredQueue(visits, canceled.timeMs);
    abandoned = { atMs: canceled.timeMs, ms: Math.max(0, canceled.timeMs - createdMs), queueSid, workerSid: null };
    facts.push({ id: `abandoned:${taskSid}`, kind: "abandoned", atMs: abandoned.atMs, queueSid, workerSid: null, valueMs: abandoned.ms, inQueueMs: null });
  }

  let handle: SpanFact | null = null;
  let wrapUp: SpanFact | null = null;
  const completed = firstCompleted;
  if (completed !== null) {
    const queueSid = completed.queueSid ?? acceptedFact?.queueSid ?? lastEnteredQueue(visits, completed.timeMs);
    if (acceptedFact !== null) {
      handle = { atMs: completed.timeMs, ms: Math.max(0, completed.timeMs - acceptedFact.atMs), queueSid, workerSid: acceptedWorker };
      facts.push({ id: `handle:${taskSid}`, kind: "handle", atMs: handle.atMs, queueSid, workerSid: acceptedWorker, valueMs: handle.ms, inQueueMs: null });
    }
    const wrapupMs =
      firstTaskWrapup?.timeMs ??
      (acceptedFact?.reservationSid ? reservationWrapups.get(acceptedFact.reservationSid) : undefined) ??
      null;
    if (wrapupMs !== null) {
      wrapUp = { atMs: completed.timeMs, ms: Math.max(0, completed.timeMs - wrapupMs), queueSid, workerSid: acceptedWorker };
      facts.push({ id: `wrapUp:${taskSid}`, kind: "wrapUp", atMs: wrapUp.atMs, queueSid, workerSid: acceptedWorker, valueMs: wrapUp.ms, inQueueMs: null });
    }
  }

  const outcomeRec = outcomeRecord;
  const outcome: TaskOutcome | null =
    outcomeRec === null
      ? null
      : {
          kind: outcomeRec.type === "task.completed" ? "completed" : outcomeRec.type === "task.canceled" ? "canceled" : "deleted",
          atMs: outcomeRec.timeMs,
          queueSid: outcomeQueue,
          reason: outcomeRec.reason,
          abandoned: outcomeRec.type === "task.canceled" && acceptedFact === null,
        };

  const reservationList: ReservationFacts[] = [];
  const busy: BusyInterval[] = [];
  for (const { statusKey: _statusKey, ...res } of [...reservations.values()].sort((a, b) => (a.reservationSid < b.reservationSid ? -1 : 1))) {
    if (res.acceptedMs !== null && endedMs !== null && endedMs >= res.acceptedMs && (res.releasedMs === null || endedMs < res.releasedMs)) {
      res.releasedMs = endedMs;
    }
    reservationList.push(res);
    if (res.acceptedMs !== null && res.workerSid !== null) {
      busy.push({
        taskSid,
        reservationSid: res.reservationSid,
        workerSid: res.workerSid,
        fromMs: res.acceptedMs,
        toMs: res.releasedMs === null ? null : Math.max(res.acceptedMs, res.releasedMs),
      });
    }
  }

  const live = endedMs === null;
  return {
    taskSid,
    createdMs,
    createdFrom,
    workflowSid: workflow?.value ?? null,
    status: status?.value ?? null,
    priority: priority?.value ?? 0,
    endedMs,
    currentQueueSid: live ? (visit?.queueSid ?? null) : null,
    queueVisits: visits,
    reservations: reservationList,
    accepted: acceptedFact,
    outcome,
    abandoned,
    handle,
    wrapUp,
    busy,
    waiting,
    facts,
  };
}

function lastEntered(visits: readonly QueueVisit[], queueSid: string | null, atMs: number): number | null {
  for (let i = visits.length - 1; i >= 0; i--) {
    const v = visits[i] as QueueVisit;
    if (v.enteredMs <= atMs && (queueSid === null || v.queueSid === queueSid)) return v.enteredMs;
  }
  return null;
}

function lastEnteredQueue(visits: readonly QueueVisit[], atMs: number): string | null {
  for (let i = visits.length - 1; i >= 0; i--) {
    const v = visits[i] as QueueVisit;
    if (v.enteredMs <= atMs) return v.queueSid;
  }
  return null;
}

export type TaskFactsWithAttributes = TaskFacts & { attributes: Record<string, unknown> | null };

/**
 * Facts of one task from its events, in any order and with duplicates (reports feed it the rows
 * of one TaskSid). Events of other tasks are ignored.
 */
export function deriveTaskFacts(events: Iterable<TaskRouterEvent>): TaskFactsWithAttributes | null {
  let taskSid: string | null = null;
  const bySid = new Map<string, TaskRouterEvent>();
  for (const event of events) {
    if (event.taskSid === null) continue;
    taskSid ??= event.taskSid;
    if (event.taskSid === taskSid && !bySid.has(event.sid)) bySid.set(event.sid, event);
  }
  if (taskSid === null) return null;
  const sorted = [...bySid.values()].map((event) => ({ event, record: toTaskRecord(event) })).sort((a, b) => compareTaskRecords(a.record, b.record));
  let attributes: Lww<Record<string, unknown>> | undefined;
  for (const { event, record } of sorted) {
    const parsed = jsonObject(event.params.TaskAttributes);
    if (parsed !== null) attributes = lww(attributes, taskKey(record), parsed);
  }
  return { ...deriveTaskFactsFromRecords(taskSid, sorted.map((s) => s.record)), attributes: attributes?.value ?? null };
}
