/**
 * Everything the metrics know about one task, derived from that task's events alone (task.*,
 * task-queue.*, reservation.*, workflow.* carrying its TaskSid). The live fold and the CSV
 * reports both call this, so a number means the same thing in both places.
 */
import type { TaskRouterEvent } from "@/lib/events/types";
import { type Lww, lww, NO_VERSION, type OrderKey } from "./order";
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

export const TASK_END_TYPES: ReadonlySet<string> = new Set(["task.completed", "task.canceled", "task.deleted", "task.system-deleted"]);

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

/** `compareKeys(taskKey(a), taskKey(b)) > 0`, without building the keys. */
function taskKeyAfter(a: TaskRecord, b: TaskRecord): boolean {
  if (a.taskVersion !== b.taskVersion) return !(a.taskVersion < b.taskVersion);
  if (a.timeMs !== b.timeMs) return !(a.timeMs < b.timeMs);
  return a.sid > b.sid;
}

/** The same with (ReservationVersion, event time, Sid). */
function reservationKeyAfter(a: TaskRecord, b: TaskRecord): boolean {
  if (a.reservationVersion !== b.reservationVersion) return !(a.reservationVersion < b.reservationVersion);
  if (a.timeMs !== b.timeMs) return !(a.timeMs < b.timeMs);
  return a.sid > b.sid;
}

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
  return deriveFacts(taskSid, inTaskOrder(input), null);
}

/**
 * A task record as the live state keeps it: with the id of its counter fact built once, so that
 * re-deriving the task does not build (and the aggregates do not hash) that string again.
 */
export type FoldRecord = TaskRecord & { factId: string | null };

/** `toTaskRecord` plus `factId`, spelled out as one literal so that the object keeps all its fields in itself. */
export function toFoldRecord(event: TaskRouterEvent): FoldRecord {
  const p = event.params;
  const counter = counterKindOf(event.eventType);
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
    factId: counter === null ? null : `${counter}:${event.sid}`,
  };
}

/** Working state of one reservation while a task's records are read. */
type ReservationWork = {
  reservationSid: string;
  workerSid: string | null;
  queueSid: string | null;
  status: ReservationStatus;
  /** The record whose (ReservationVersion, time, Sid) set `status`. */
  statusRecord: TaskRecord;
  createdMs: number | null;
  acceptedMs: number | null;
  releasedMs: number | null;
  /** First reservation.wrapup of this reservation. */
  wrapupMs: number | null;
};

/** Reservations of one task are few; past a handful they are found through an index. */
const RESERVATION_SCAN_LIMIT = 8;

function findWork(
  work: readonly ReservationWork[],
  count: number,
  index: Map<string, ReservationWork> | null,
  reservationSid: string,
): ReservationWork | undefined {
  if (index !== null) return index.get(reservationSid);
  for (let i = 0; i < count; i++) if ((work[i] as ReservationWork).reservationSid === reservationSid) return work[i];
  return undefined;
}

/**
 * Lists are gathered in these buffers and copied out at their exact length (a list grown by push
 * from empty reserves room for 17 items, and the live state keeps one derivation per task). The
 * derivation does not call itself, so one set of buffers serves every call; stale entries past
 * the count are never read.
 */
const buffers = {
  facts: [] as CumulativeFact[],
  /** Working visits (reused objects, written to while the records are read; never handed out). */
  visits: [] as QueueVisit[],
  visitsOut: [] as QueueVisit[],
  waiting: [] as WaitingInterval[],
  /** Working reservations (reused objects, never handed out). */
  work: [] as ReservationWork[],
  reservations: [] as ReservationFacts[],
  busy: [] as BusyInterval[],
};

/** The first `count` items of `buffer`, or `previous` itself when it holds the very same items. */
function listOf<T>(buffer: readonly T[], count: number, previous: readonly T[] | undefined): T[] {
  if (previous !== undefined && previous.length === count) {
    let same = true;
    for (let i = 0; i < count && same; i++) same = buffer[i] === previous[i];
    if (same) return previous as T[];
  }
  return buffer.slice(0, count);
}

const sameWaiting = (a: WaitingInterval, queueSid: string, fromMs: number, toMs: number | null): boolean =>
  a.queueSid === queueSid && a.fromMs === fromMs && a.toMs === toMs;

const sameVisit = (a: QueueVisit, b: QueueVisit): boolean =>
  a.queueSid === b.queueSid && a.enteredMs === b.enteredMs && a.leftMs === b.leftMs && a.leftBy === b.leftBy;

const sameFields = (
  a: CumulativeFact,
  kind: CumulativeFact["kind"],
  atMs: number,
  queueSid: string | null,
  workerSid: string | null,
  valueMs: number,
  inQueueMs: number | null,
): boolean =>
  a.kind === kind &&
  a.atMs === atMs &&
  a.queueSid === queueSid &&
  a.workerSid === workerSid &&
  a.valueMs === valueMs &&
  a.inQueueMs === inQueueMs;

export const sameFact = (a: CumulativeFact, b: CumulativeFact): boolean =>
  a.id === b.id && sameFields(a, b.kind, b.atMs, b.queueSid, b.workerSid, b.valueMs, b.inQueueMs);

const sameSpan = (a: SpanFact | null, atMs: number, ms: number, queueSid: string | null, workerSid: string | null): a is SpanFact =>
  a !== null && a.atMs === atMs && a.ms === ms && a.queueSid === queueSid && a.workerSid === workerSid;

/** The previous derivation's summary fact of `kind` (accepted, abandoned, handle, wrapUp come last). */
function previousSummary(previous: TaskFacts | null, kind: DurationKind): CumulativeFact | undefined {
  if (previous === null) return undefined;
  const facts = previous.facts;
  for (let i = facts.length - 1; i >= 0 && i >= facts.length - 4; i--) {
    const fact = facts[i] as CumulativeFact;
    if (fact.kind === kind) return fact;
  }
  return undefined;
}

/** A summary fact (`<kind>:<taskSid>`), the previous one when equal, else a new one with the previous id string. */
function summaryFact(
  previous: TaskFacts | null,
  taskSid: string,
  kind: DurationKind,
  atMs: number,
  queueSid: string | null,
  workerSid: string | null,
  valueMs: number,
  inQueueMs: number | null,
): CumulativeFact {
  const old = previousSummary(previous, kind);
  if (old !== undefined && sameFields(old, kind, atMs, queueSid, workerSid, valueMs, inQueueMs)) return old;
  return { id: old?.id ?? `${kind}:${taskSid}`, kind, atMs, queueSid, workerSid, valueMs, inQueueMs };
}

/**
 * The derivation proper, over records already in task order without repeated Sids.
 *
 * `previous`, the same task's facts before its latest record (the live fold passes them), only
 * lends objects: an output fact, interval, reservation or summary equal to the previous one is
 * that previous object (and an output list equal to the previous list is that list), so the fold
 * sees what changed by identity and allocates little. The values are those of a derivation
 * without `previous`.
 */
export function deriveFacts(taskSid: string, records: readonly TaskRecord[], lender: TaskFacts | null): TaskFacts {
  const previous = lender?.taskSid === taskSid ? lender : null;
  const n = records.length;
  let statusRecord: TaskRecord | null = null;
  let priorityRecord: TaskRecord | null = null;
  let workflowRecord: TaskRecord | null = null;
  let dateCreatedRecord: TaskRecord | null = null;
  let createdEventMs: number | null = null;
  let endedMs: number | null = null;
  // Last writer wins by (TaskVersion, event time, Sid), field by field.
  for (let i = 0; i < n; i++) {
    const r = records[i] as TaskRecord;
    if (r.status !== null && (statusRecord === null || taskKeyAfter(r, statusRecord))) statusRecord = r;
    if (r.priority !== null && (priorityRecord === null || taskKeyAfter(r, priorityRecord))) priorityRecord = r;
    if (r.workflowSid !== null && (workflowRecord === null || taskKeyAfter(r, workflowRecord))) workflowRecord = r;
    if (r.dateCreatedMs !== null && (dateCreatedRecord === null || taskKeyAfter(r, dateCreatedRecord))) dateCreatedRecord = r;
    if (createdEventMs === null && r.type === "task.created") createdEventMs = r.timeMs;
    // A completed/canceled status on e.g. reservation.completed ends the task even if task.completed is missing.
    if (endedMs === null && (TASK_END_TYPES.has(r.type) || r.status === "completed" || r.status === "canceled")) endedMs = r.timeMs;
  }
  const firstMs = n > 0 ? (records[0] as TaskRecord).timeMs : 0;
  const createdMs = dateCreatedRecord !== null ? (dateCreatedRecord.dateCreatedMs as number) : (createdEventMs ?? firstMs);
  const createdFrom = dateCreatedRecord !== null ? "TaskDateCreated" : createdEventMs !== null ? "task.created" : "first-event";

  const { facts, visits, waiting, work, reservations: resBuffer, busy: busyBuffer } = buffers;
  const prevFacts: readonly CumulativeFact[] = previous?.facts ?? [];
  const prevWaiting: readonly WaitingInterval[] = previous?.waiting ?? [];
  let nFacts = 0;
  let nVisits = 0;
  let nWaiting = 0;
  let nWork = 0;
  /** Previous counter facts are in record order: the next one to match. */
  let factCursor = 0;
  let workIndex: Map<string, ReservationWork> | null = null;
  let visit = null as QueueVisit | null;
  let timelineStatus = "pending";
  let waitingQueue: string | null = null;
  let waitingFromMs = 0;
  let accepted = null as AcceptedFact | null;
  let firstCanceled = null as TaskRecord | null;
  let firstCompleted = null as TaskRecord | null;
  let firstTaskWrapup = null as TaskRecord | null;
  let outcomeRecord = null as TaskRecord | null;
  let outcomeQueue: string | null = null;
  let completedFacts = 0;

  for (let i = 0; i < n; i++) {
    const r = records[i] as TaskRecord;
    const type = r.type;
    const ended = endedMs !== null && r.timeMs >= endedMs;
    if (r.status !== null) timelineStatus = r.status;
    const counter = counterKindOf(type);
    // The queue the task is in, else the last one it was in.
    const lastQueue = visit !== null ? visit.queueSid : nVisits > 0 ? (visits[nVisits - 1] as QueueVisit).queueSid : null;
    let counterQueue = r.queueSid ?? lastQueue;
    let counterWorker: string | null = null;

    if (type === "task-queue.entered") {
      counterQueue = r.queueSid;
      if (!ended && r.queueSid !== null) {
        if (visit !== null) {
          visit.leftMs = r.timeMs;
          visit.leftBy = "reentered";
        }
        let next = visits[nVisits];
        if (next === undefined) {
          next = { queueSid: r.queueSid, enteredMs: r.timeMs, leftMs: null, leftBy: null };
          visits[nVisits] = next;
        } else {
          next.queueSid = r.queueSid;
          next.enteredMs = r.timeMs;
          next.leftMs = null;
          next.leftBy = null;
        }
        visit = next;
        nVisits += 1;
      }
    } else if (type === "task-queue.moved" || type === "task-queue.timeout") {
      // TaskQueueSid of these events is the queue being left.
      if (visit !== null && visit.queueSid === counterQueue) {
        visit.leftMs = r.timeMs;
        visit.leftBy = type === "task-queue.moved" ? "moved" : "timeout";
        visit = null;
      }
    } else if (TASK_END_TYPES.has(type)) {
      if (outcomeRecord === null) {
        outcomeRecord = r;
        outcomeQueue = counterQueue;
      }
      if (type === "task.canceled" && firstCanceled === null) firstCanceled = r;
      if (type === "task.completed" && firstCompleted === null) firstCompleted = r;
    } else if (type === "task.wrapup") {
      if (firstTaskWrapup === null) firstTaskWrapup = r;
    }

    const resStatus = RESERVATION_STATUS_BY_TYPE[type];
    if (resStatus !== undefined) {
      counterWorker = r.workerSid;
      const reservationSid = r.reservationSid;
      let res: ReservationWork | undefined;
      if (reservationSid !== null) {
        res = findWork(work, nWork, workIndex, reservationSid);
        if (res === undefined) {
          res = work[nWork];
          if (res === undefined) {
            res = {
              reservationSid,
              workerSid: null,
              queueSid: null,
              status: resStatus,
              statusRecord: r,
              createdMs: null,
              acceptedMs: null,
              releasedMs: null,
              wrapupMs: null,
            };
            work[nWork] = res;
          } else {
            res.reservationSid = reservationSid;
            res.workerSid = null;
            res.queueSid = null;
            res.status = resStatus;
            res.statusRecord = r;
            res.createdMs = null;
            res.acceptedMs = null;
            res.releasedMs = null;
            res.wrapupMs = null;
          }
          nWork += 1;
          if (workIndex !== null) workIndex.set(reservationSid, res);
          else if (nWork > RESERVATION_SCAN_LIMIT) workIndex = new Map(work.slice(0, nWork).map((w) => [w.reservationSid, w]));
        } else if (reservationKeyAfter(r, res.statusRecord)) {
          res.status = resStatus;
          res.statusRecord = r;
        }
        res.workerSid ??= r.workerSid;
        if (type === "reservation.created") {
          res.createdMs ??= r.timeMs;
          if (r.queueSid !== null) res.queueSid = r.queueSid;
        }
        res.queueSid ??= r.queueSid;
        if (type === "reservation.accepted") res.acceptedMs ??= r.timeMs;
        else if (res.acceptedMs !== null && res.releasedMs === null && RESERVATION_RELEASE_TYPES.has(type)) res.releasedMs = r.timeMs;
        if (type === "reservation.wrapup" && res.wrapupMs === null) res.wrapupMs = r.timeMs;
      }
      if (type === "reservation.accepted" && accepted === null) {
        const queueSid = r.queueSid ?? res?.queueSid ?? lastQueue;
        const waitMs = Math.max(0, r.timeMs - createdMs);
        const enteredMs = r.queueEnteredMs ?? lastEntered(visits, nVisits, queueSid, r.timeMs);
        const waitInQueueMs = enteredMs === null ? null : Math.max(0, r.timeMs - enteredMs);
        const workerSid = r.workerSid ?? res?.workerSid ?? null;
        const old = previous?.accepted ?? null;
        accepted =
          old !== null &&
          old.reservationSid === reservationSid &&
          old.workerSid === workerSid &&
          old.queueSid === queueSid &&
          old.atMs === r.timeMs &&
          old.waitMs === waitMs &&
          old.waitInQueueMs === waitInQueueMs
            ? old
            : { reservationSid, workerSid, queueSid, atMs: r.timeMs, waitMs, waitInQueueMs };
      }
    }

    if (counter !== null) {
      if (counter === "tasksCompleted") {
        counterWorker = null; // attributed to the accepting worker below
        completedFacts += 1;
      }
      if (counter === "tasksCreated") counterQueue = null; // a workspace count
      const id = (r as Partial<FoldRecord>).factId ?? `${counter}:${r.sid}`;
      let fact: CumulativeFact | undefined;
      const old = prevFacts[factCursor];
      if (old !== undefined && old.id === id) {
        factCursor += 1;
        // tasksCompleted gets its worker below: never lend it here (it would be written to).
        if (counter !== "tasksCompleted" && sameFields(old, counter, r.timeMs, counterQueue, counterWorker, 0, null)) fact = old;
      }
      facts[nFacts++] = fact ?? {
        id,
        kind: counter,
        atMs: r.timeMs,
        queueSid: counterQueue,
        workerSid: counterWorker,
        valueMs: 0,
        inQueueMs: null,
      };
    }

    if (ended && visit !== null) {
      visit.leftMs = endedMs;
      visit.leftBy = "ended";
      visit = null;
    }
    const nowWaiting: string | null = !ended && visit !== null && isWaitingStatus(timelineStatus) ? visit.queueSid : null;
    if (waitingQueue !== nowWaiting) {
      if (waitingQueue !== null && r.timeMs > waitingFromMs) {
        const old = prevWaiting[nWaiting];
        waiting[nWaiting++] =
          old !== undefined && sameWaiting(old, waitingQueue, waitingFromMs, r.timeMs)
            ? old
            : { taskSid, queueSid: waitingQueue, fromMs: waitingFromMs, toMs: r.timeMs };
      }
      waitingQueue = nowWaiting;
      waitingFromMs = r.timeMs;
    }
  }
  if (waitingQueue !== null) {
    const old = prevWaiting[nWaiting];
    waiting[nWaiting++] =
      old !== undefined && sameWaiting(old, waitingQueue, waitingFromMs, null)
        ? old
        : { taskSid, queueSid: waitingQueue, fromMs: waitingFromMs, toMs: null };
  }

  const acceptedFact = accepted;
  const acceptedWorker = acceptedFact?.workerSid ?? null;
  if (completedFacts > 0) {
    for (let i = 0; i < nFacts; i++) {
      const fact = facts[i] as CumulativeFact;
      if (fact.kind !== "tasksCompleted") continue;
      fact.workerSid = acceptedWorker;
      for (const old of prevFacts) if (old.id === fact.id && sameFact(old, fact)) facts[i] = old;
    }
  }

  if (acceptedFact !== null) {
    facts[nFacts++] = summaryFact(
      previous,
      taskSid,
      "accepted",
      acceptedFact.atMs,
      acceptedFact.queueSid,
      null,
      acceptedFact.waitMs,
      acceptedFact.waitInQueueMs,
    );
  }

  let abandoned: SpanFact | null = null;
  const canceled = firstCanceled;
  if (canceled !== null && acceptedFact === null) {
    const queueSid = canceled.queueSid ?? lastEnteredQueue(visits, nVisits, canceled.timeMs);
    const ms = Math.max(0, canceled.timeMs - createdMs);
    const old = previous?.abandoned ?? null;
    abandoned = sameSpan(old, canceled.timeMs, ms, queueSid, null) ? old : { atMs: canceled.timeMs, ms, queueSid, workerSid: null };
    facts[nFacts++] = summaryFact(previous, taskSid, "abandoned", abandoned.atMs, queueSid, null, abandoned.ms, null);
  }

  let handle: SpanFact | null = null;
  let wrapUp: SpanFact | null = null;
  const completed = firstCompleted;
  if (completed !== null) {
    const queueSid = completed.queueSid ?? acceptedFact?.queueSid ?? lastEnteredQueue(visits, nVisits, completed.timeMs);
    if (acceptedFact !== null) {
      const ms = Math.max(0, completed.timeMs - acceptedFact.atMs);
      const old = previous?.handle ?? null;
      handle = sameSpan(old, completed.timeMs, ms, queueSid, acceptedWorker)
        ? old
        : { atMs: completed.timeMs, ms, queueSid, workerSid: acceptedWorker };
      facts[nFacts++] = summaryFact(previous, taskSid, "handle", handle.atMs, queueSid, acceptedWorker, handle.ms, null);
    }
    let wrapupMs = firstTaskWrapup?.timeMs ?? null;
    if (wrapupMs === null && acceptedFact?.reservationSid)
      wrapupMs = findWork(work, nWork, workIndex, acceptedFact.reservationSid)?.wrapupMs ?? null;
    if (wrapupMs !== null) {
      const ms = Math.max(0, completed.timeMs - wrapupMs);
      const old = previous?.wrapUp ?? null;
      wrapUp = sameSpan(old, completed.timeMs, ms, queueSid, acceptedWorker)
        ? old
        : { atMs: completed.timeMs, ms, queueSid, workerSid: acceptedWorker };
      facts[nFacts++] = summaryFact(previous, taskSid, "wrapUp", wrapUp.atMs, queueSid, acceptedWorker, wrapUp.ms, null);
    }
  }

  let outcome: TaskOutcome | null = null;
  const outcomeRec = outcomeRecord;
  if (outcomeRec !== null) {
    const kind = outcomeRec.type === "task.completed" ? "completed" : outcomeRec.type === "task.canceled" ? "canceled" : "deleted";
    const isAbandoned = outcomeRec.type === "task.canceled" && acceptedFact === null;
    const old = previous?.outcome ?? null;
    outcome =
      old !== null &&
      old.kind === kind &&
      old.atMs === outcomeRec.timeMs &&
      old.queueSid === outcomeQueue &&
      old.reason === outcomeRec.reason &&
      old.abandoned === isAbandoned
        ? old
        : { kind, atMs: outcomeRec.timeMs, queueSid: outcomeQueue, reason: outcomeRec.reason, abandoned: isAbandoned };
  }

  if (nWork > 1) {
    const sorted = work.slice(0, nWork).sort((a, b) => (a.reservationSid < b.reservationSid ? -1 : 1));
    for (let i = 0; i < nWork; i++) work[i] = sorted[i] as ReservationWork;
  }
  const prevReservations: readonly ReservationFacts[] = previous?.reservations ?? [];
  const prevBusy: readonly BusyInterval[] = previous?.busy ?? [];
  let nBusy = 0;
  for (let i = 0; i < nWork; i++) {
    const w = work[i] as ReservationWork;
    let releasedMs = w.releasedMs;
    if (w.acceptedMs !== null && endedMs !== null && endedMs >= w.acceptedMs && (releasedMs === null || endedMs < releasedMs))
      releasedMs = endedMs;
    const old = prevReservations[i];
    resBuffer[i] =
      old !== undefined &&
      old.reservationSid === w.reservationSid &&
      old.workerSid === w.workerSid &&
      old.queueSid === w.queueSid &&
      old.status === w.status &&
      old.createdMs === w.createdMs &&
      old.acceptedMs === w.acceptedMs &&
      old.releasedMs === releasedMs
        ? old
        : {
            reservationSid: w.reservationSid,
            workerSid: w.workerSid,
            queueSid: w.queueSid,
            status: w.status,
            createdMs: w.createdMs,
            acceptedMs: w.acceptedMs,
            releasedMs,
          };
    if (w.acceptedMs !== null && w.workerSid !== null) {
      const toMs = releasedMs === null ? null : Math.max(w.acceptedMs, releasedMs);
      const oldBusy = prevBusy[nBusy];
      busyBuffer[nBusy++] =
        oldBusy !== undefined &&
        oldBusy.reservationSid === w.reservationSid &&
        oldBusy.workerSid === w.workerSid &&
        oldBusy.fromMs === w.acceptedMs &&
        oldBusy.toMs === toMs
          ? oldBusy
          : { taskSid, reservationSid: w.reservationSid, workerSid: w.workerSid, fromMs: w.acceptedMs, toMs };
    }
  }

  // The working visits become the task's visits: the previous objects where equal, else copies.
  const prevVisits = previous?.queueVisits;
  const visitsOut = buffers.visitsOut;
  for (let i = 0; i < nVisits; i++) {
    const v = visits[i] as QueueVisit;
    const old = prevVisits?.[i];
    visitsOut[i] =
      old !== undefined && sameVisit(v, old) ? old : { queueSid: v.queueSid, enteredMs: v.enteredMs, leftMs: v.leftMs, leftBy: v.leftBy };
  }

  const live = endedMs === null;
  return {
    taskSid,
    createdMs,
    createdFrom,
    workflowSid: workflowRecord?.workflowSid ?? null,
    status: statusRecord?.status ?? null,
    priority: priorityRecord?.priority ?? 0,
    endedMs,
    currentQueueSid: live ? (visit?.queueSid ?? null) : null,
    queueVisits: listOf(visitsOut, nVisits, prevVisits),
    reservations: listOf(resBuffer, nWork, previous?.reservations),
    accepted: acceptedFact,
    outcome,
    abandoned,
    handle,
    wrapUp,
    busy: listOf(busyBuffer, nBusy, previous?.busy),
    waiting: listOf(waiting, nWaiting, previous?.waiting),
    facts: listOf(facts, nFacts, previous?.facts),
  };
}

function lastEntered(visits: readonly QueueVisit[], count: number, queueSid: string | null, atMs: number): number | null {
  for (let i = count - 1; i >= 0; i--) {
    const v = visits[i] as QueueVisit;
    if (v.enteredMs <= atMs && (queueSid === null || v.queueSid === queueSid)) return v.enteredMs;
  }
  return null;
}

function lastEnteredQueue(visits: readonly QueueVisit[], count: number, atMs: number): string | null {
  for (let i = count - 1; i >= 0; i--) {
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
  const sorted = [...bySid.values()]
    .map((event) => ({ event, record: toTaskRecord(event) }))
    .sort((a, b) => compareTaskRecords(a.record, b.record));
  let attributes: Lww<Record<string, unknown>> | undefined;
  for (const { event, record } of sorted) {
    const parsed = jsonObject(event.params.TaskAttributes);
    if (parsed !== null) attributes = lww(attributes, taskKey(record), parsed);
  }
  return {
    ...deriveTaskFactsFromRecords(
      taskSid,
      sorted.map((s) => s.record),
    ),
    attributes: attributes?.value ?? null,
  };
}
