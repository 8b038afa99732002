/**
 * One task's facts from its records, in named passes over the records in task order:
 * last-writer fields → queue timeline (visits, waiting intervals, counted events) → reservations
 * → acceptance → outcome and durations → busy intervals → the facts the aggregates count.
 * The live fold and the CSV reports both call this, so a number means the same in both places.
 */
import { isSupervisorCancel, type TypedEvent } from "@/lib/events/types";
import { type Lww, lww, type OrderKey } from "./order";
import {
  type AcceptedFact,
  type BusyInterval,
  compareTaskRecords,
  type CounterKind,
  type CumulativeFact,
  counterKindOf,
  type DurationKind,
  type QueueVisit,
  type ReservationFacts,
  type ReservationStatus,
  type SpanFact,
  TASK_END_TYPES,
  type TaskFacts,
  type TaskOutcome,
  type TaskRecord,
  toTaskRecord,
  type WaitingInterval,
} from "./task-facts";

/**
 * Object reuse, in this one place: `previous` when it holds the same values as `next` (the
 * fields of a fact or interval, the items of a list), else `next`. The live fold tells what
 * changed by identity, so re-deriving a task whose facts did not change touches no aggregate,
 * index or set (measured: about a third of the fold's time without it).
 */
export function lend<T extends object, N extends T | null>(previous: T | null | undefined, next: N): N {
  if (next === null || previous === null || previous === undefined || previous === next) return next;
  if (Array.isArray(next)) {
    if (!Array.isArray(previous) || previous.length !== next.length) return next;
    for (let i = 0; i < next.length; i++) if (previous[i] !== next[i]) return next;
    return previous as N;
  }
  for (const key in next) if ((previous as Record<string, unknown>)[key] !== (next as Record<string, unknown>)[key]) return next;
  return previous as N;
}

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

/**
 * A whole-second date (TaskDateCreated, TaskQueueEnteredDate) made exact by the millisecond time
 * of the event that marks it (task.created, task-queue.entered), when both name the same second.
 * A date in another second wins: the log lacks the event that set it.
 */
function toMillisecond(dateMs: number | null, eventMs: number | null): number | null {
  if (dateMs === null) return eventMs;
  return eventMs !== null && dateMs % 1000 === 0 && eventMs >= dateMs && eventMs < dateMs + 1000 ? eventMs : dateMs;
}

type Fields = {
  status: string | null;
  priority: number;
  workflowSid: string | null;
  createdMs: number;
  createdFrom: TaskFacts["createdFrom"];
  endedMs: number | null;
};

/** Pass 1: fields by last writer (TaskVersion, event time, Sid), creation and end times. */
function lastWriterFields(records: readonly TaskRecord[]): Fields {
  let statusRecord: TaskRecord | null = null;
  let priorityRecord: TaskRecord | null = null;
  let workflowRecord: TaskRecord | null = null;
  let dateCreatedRecord: TaskRecord | null = null;
  let createdEventMs: number | null = null;
  let endedMs: number | null = null;
  for (const r of records) {
    if (r.status !== null && (statusRecord === null || taskKeyAfter(r, statusRecord))) statusRecord = r;
    if (r.priority !== null && (priorityRecord === null || taskKeyAfter(r, priorityRecord))) priorityRecord = r;
    if (r.workflowSid !== null && (workflowRecord === null || taskKeyAfter(r, workflowRecord))) workflowRecord = r;
    if (r.dateCreatedMs !== null && (dateCreatedRecord === null || taskKeyAfter(r, dateCreatedRecord))) dateCreatedRecord = r;
    if (createdEventMs === null && r.type === "task.created") createdEventMs = r.timeMs;
    // A completed/canceled status on e.g. reservation.completed ends the task even if task.completed is missing.
    if (endedMs === null && (TASK_END_TYPES.has(r.type) || r.status === "completed" || r.status === "canceled")) endedMs = r.timeMs;
  }
  const dateCreatedMs = dateCreatedRecord?.dateCreatedMs ?? null;
  return {
    status: statusRecord?.status ?? null,
    priority: priorityRecord?.priority ?? 0,
    workflowSid: workflowRecord?.workflowSid ?? null,
    createdMs: toMillisecond(dateCreatedMs, createdEventMs) ?? records[0]?.timeMs ?? 0,
    createdFrom: dateCreatedMs !== null ? "TaskDateCreated" : createdEventMs !== null ? "task.created" : "first-event",
    endedMs,
  };
}

type Timeline = {
  visits: QueueVisit[];
  /** The visit still open (the queue the task is in), if any. */
  open: QueueVisit | null;
  waiting: WaitingInterval[];
  /** One counter fact per counted event, where it happened (tasksCompleted without its worker yet). */
  counters: CumulativeFact[];
  /** The first end event and the queue it ended in. */
  end: { record: TaskRecord; queueSid: string | null } | null;
};

/** Pass 2: the queues the task was in, when it waited there, and where each counted event happened. */
function queueTimeline(taskSid: string, records: readonly TaskRecord[], endedMs: number | null): Timeline {
  const visits: QueueVisit[] = [];
  const waiting: WaitingInterval[] = [];
  const counters: CumulativeFact[] = [];
  let open: QueueVisit | null = null;
  let end: Timeline["end"] = null;
  let status = "pending";
  let waitingQueue: string | null = null;
  let waitingFromMs = 0;
  for (const r of records) {
    const ended = endedMs !== null && r.timeMs >= endedMs;
    if (r.status !== null) status = r.status;
    // The queue the task is in, else the last one it was in.
    let queueSid = r.queueSid ?? open?.queueSid ?? visits[visits.length - 1]?.queueSid ?? null;
    if (r.type === "task-queue.entered") {
      queueSid = r.queueSid;
      if (!ended && r.queueSid !== null) {
        if (open !== null) closeVisit(open, r.timeMs, "reentered");
        open = { queueSid: r.queueSid, enteredMs: r.timeMs, leftMs: null, leftBy: null };
        visits.push(open);
      }
    } else if (r.type === "task-queue.moved" || r.type === "task-queue.timeout") {
      // TaskQueueSid of these events is the queue being left.
      if (open !== null && open.queueSid === queueSid) {
        closeVisit(open, r.timeMs, r.type === "task-queue.moved" ? "moved" : "timeout");
        open = null;
      }
    } else if (end === null && TASK_END_TYPES.has(r.type)) end = { record: r, queueSid };
    const counter = r.factId === null ? null : counterKindOf(r.type);
    if (counter !== null) counters.push(counterFact(r, counter, queueSid));
    if (ended && open !== null) {
      closeVisit(open, endedMs, "ended");
      open = null;
    }
    const nowWaiting = !ended && open !== null && isWaitingStatus(status) ? open.queueSid : null;
    if (waitingQueue !== nowWaiting) {
      if (waitingQueue !== null && r.timeMs > waitingFromMs)
        waiting.push({ taskSid, queueSid: waitingQueue, fromMs: waitingFromMs, toMs: r.timeMs });
      waitingQueue = nowWaiting;
      waitingFromMs = r.timeMs;
    }
  }
  if (waitingQueue !== null) waiting.push({ taskSid, queueSid: waitingQueue, fromMs: waitingFromMs, toMs: null });
  return { visits, open, waiting, counters, end };
}

function closeVisit(visit: QueueVisit, atMs: number, by: NonNullable<QueueVisit["leftBy"]>): void {
  visit.leftMs = atMs;
  visit.leftBy = by;
}

/** A counted event: tasks created count for the workspace only; reservations for their worker. */
function counterFact(r: TaskRecord, kind: CounterKind, queueSid: string | null): CumulativeFact {
  const workerSid = kind !== "tasksCompleted" && r.type.startsWith("reservation.") ? r.workerSid : null;
  return {
    id: r.factId ?? `${kind}:${r.sid}`,
    kind,
    atMs: r.timeMs,
    queueSid: kind === "tasksCreated" ? null : queueSid,
    workerSid,
    workflowSid: r.workflowSid,
    valueMs: 0,
    inQueueMs: null,
  };
}

/** The last visit entered at or before `atMs` (of `queueSid` when given). */
function lastVisit(visits: readonly QueueVisit[], atMs: number, queueSid: string | null = null): QueueVisit | null {
  for (let i = visits.length - 1; i >= 0; i--) {
    const v = visits[i] as QueueVisit;
    if (v.enteredMs <= atMs && (queueSid === null || v.queueSid === queueSid)) return v;
  }
  return null;
}

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
  /** First reservation.completed of this reservation. */
  completedMs: number | null;
};

/** Reservations of one task are few; past a handful they are found through an index. */
const RESERVATION_SCAN_LIMIT = 8;

class Reservations {
  readonly list: ReservationWork[] = [];
  private index: Map<string, ReservationWork> | null = null;
  /** The task's first reservation.accepted. */
  firstAccepted: TaskRecord | null = null;
  /** Every reservation.accepted, in task order. */
  readonly acceptedRecords: TaskRecord[] = [];

  /**
   * The worker holding the task at `atMs`: the latest accepted reservation not released before
   * then (a release at that very instant still holds: a COLD transfer and a completion release
   * the holder in the same millisecond).
   */
  holdingAt(atMs: number): ReservationWork | null {
    let best: ReservationWork | null = null;
    for (const w of this.list) {
      if (w.acceptedMs === null || w.workerSid === null || w.acceptedMs > atMs) continue;
      if (w.releasedMs !== null && w.releasedMs < atMs) continue;
      if (
        best === null ||
        (best.acceptedMs as number) < w.acceptedMs ||
        (best.acceptedMs === w.acceptedMs && best.reservationSid < w.reservationSid)
      )
        best = w;
    }
    return best;
  }

  find(reservationSid: string): ReservationWork | undefined {
    if (this.index !== null) return this.index.get(reservationSid);
    for (const work of this.list) if (work.reservationSid === reservationSid) return work;
    return undefined;
  }

  add(work: ReservationWork): void {
    this.list.push(work);
    if (this.index !== null) this.index.set(work.reservationSid, work);
    else if (this.list.length > RESERVATION_SCAN_LIMIT) this.index = new Map(this.list.map((w) => [w.reservationSid, w]));
  }
}

/** Pass 3: each reservation's worker, queue, latest status (by ReservationVersion) and times. */
function reservationsOf(records: readonly TaskRecord[]): Reservations {
  const reservations = new Reservations();
  for (const r of records) {
    const status = RESERVATION_STATUS_BY_TYPE[r.type];
    if (status === undefined) continue;
    if (r.type === "reservation.accepted") {
      reservations.firstAccepted ??= r;
      reservations.acceptedRecords.push(r);
    }
    if (r.reservationSid === null) continue;
    let work = reservations.find(r.reservationSid);
    if (work === undefined) {
      work = {
        reservationSid: r.reservationSid,
        workerSid: null,
        queueSid: null,
        status,
        statusRecord: r,
        createdMs: null,
        acceptedMs: null,
        releasedMs: null,
        wrapupMs: null,
        completedMs: null,
      };
      reservations.add(work);
    } else if (reservationKeyAfter(r, work.statusRecord)) {
      work.status = status;
      work.statusRecord = r;
    }
    work.workerSid ??= r.workerSid;
    if (r.type === "reservation.created") {
      work.createdMs ??= r.timeMs;
      if (r.queueSid !== null) work.queueSid = r.queueSid;
    }
    work.queueSid ??= r.queueSid;
    if (r.type === "reservation.accepted") work.acceptedMs ??= r.timeMs;
    else if (work.acceptedMs !== null && work.releasedMs === null && RESERVATION_RELEASE_TYPES.has(r.type)) work.releasedMs = r.timeMs;
    if (r.type === "reservation.wrapup") work.wrapupMs ??= r.timeMs;
    if (r.type === "reservation.completed") work.completedMs ??= r.timeMs;
  }
  reservations.list.sort((a, b) => (a.reservationSid < b.reservationSid ? -1 : 1));
  return reservations;
}

/**
 * Pass 4: each acceptance (the first, then a transfer's), with the waits from the task's creation
 * (Twilio: "for transfers, the wait duration is counted from the moment the Task was created") and
 * from entering the queue the task is in.
 */
function acceptances(reservations: Reservations, createdMs: number, visits: readonly QueueVisit[]): AcceptedFact[] {
  return reservations.acceptedRecords.map((r) => acceptanceOf(r, reservations, createdMs, visits));
}

function acceptanceOf(r: TaskRecord, reservations: Reservations, createdMs: number, visits: readonly QueueVisit[]): AcceptedFact {
  const work = r.reservationSid === null ? undefined : reservations.find(r.reservationSid);
  const queueSid = r.queueSid ?? work?.queueSid ?? lastVisit(visits, r.timeMs)?.queueSid ?? null;
  const enteredMs = toMillisecond(r.queueEnteredMs, lastVisit(visits, r.timeMs)?.enteredMs ?? null);
  return {
    eventSid: r.sid,
    reservationSid: r.reservationSid,
    workerSid: r.workerSid ?? work?.workerSid ?? null,
    queueSid,
    atMs: r.timeMs,
    waitMs: Math.max(0, r.timeMs - createdMs),
    waitInQueueMs: enteredMs === null ? null : Math.max(0, r.timeMs - enteredMs),
  };
}

type Outcome = {
  outcome: TaskOutcome | null;
  abandoned: SpanFact | null;
  canceledBySupervisor: SpanFact | null;
  /** Any other cancel (split by wait time). */
  canceled: SpanFact | null;
  handle: SpanFact | null;
  wrapUp: SpanFact | null;
  /** The worker whose reservation held the task when it completed. */
  completedBy: string | null;
};

/** Pass 5: how the task ended, the abandon wait, handle time and wrap-up. */
function outcomeOf(
  records: readonly TaskRecord[],
  timeline: Timeline,
  reservations: Reservations,
  accepted: AcceptedFact | null,
  createdMs: number,
): Outcome {
  let canceled: TaskRecord | null = null;
  let completed: TaskRecord | null = null;
  let taskWrapup: TaskRecord | null = null;
  for (const r of records) {
    if (r.type === "task.canceled") canceled ??= r;
    else if (r.type === "task.completed") completed ??= r;
    else if (r.type === "task.wrapup") taskWrapup ??= r;
  }
  const result: Outcome = {
    outcome: null,
    abandoned: null,
    canceledBySupervisor: null,
    canceled: null,
    handle: null,
    wrapUp: null,
    completedBy: null,
  };
  const end = timeline.end;
  if (end !== null) {
    const type = end.record.type;
    result.outcome = {
      kind: type === "task.completed" ? "completed" : type === "task.canceled" ? "canceled" : "deleted",
      atMs: end.record.timeMs,
      queueSid: end.queueSid,
      reason: end.record.reason,
      abandoned: type === "task.canceled" && accepted === null && !isSupervisorCancel(end.record.reason),
    };
  }
  const queueAt = (r: TaskRecord) => lastVisit(timeline.visits, r.timeMs)?.queueSid ?? null;
  if (canceled !== null) {
    const span = {
      atMs: canceled.timeMs,
      ms: Math.max(0, canceled.timeMs - createdMs),
      queueSid: canceled.queueSid ?? queueAt(canceled),
      workerSid: null,
    };
    // The caller did not give up: the supervisor's cancel is not an abandon.
    if (isSupervisorCancel(canceled.reason)) result.canceledBySupervisor = span;
    else {
      result.canceled = span;
      if (accepted === null) result.abandoned = span;
    }
  }
  if (completed !== null) {
    const queueSid = completed.queueSid ?? accepted?.queueSid ?? queueAt(completed);
    // After a transfer the one who completes is not the one who accepted first.
    const holding = reservations.holdingAt(completed.timeMs);
    const workerSid = holding?.workerSid ?? accepted?.workerSid ?? null;
    result.completedBy = workerSid;
    if (accepted !== null)
      result.handle = { atMs: completed.timeMs, ms: Math.max(0, completed.timeMs - accepted.atMs), queueSid, workerSid };
    let wrapupMs = taskWrapup?.timeMs ?? null;
    if (wrapupMs === null) wrapupMs = holding?.wrapupMs ?? null;
    if (wrapupMs !== null) result.wrapUp = { atMs: completed.timeMs, ms: Math.max(0, completed.timeMs - wrapupMs), queueSid, workerSid };
  }
  return result;
}

/** Pass 6: each reservation as reported, and the time its worker held the task (until released or the task ended). */
function holdings(taskSid: string, reservations: Reservations, endedMs: number | null): { list: ReservationFacts[]; busy: BusyInterval[] } {
  const list: ReservationFacts[] = [];
  const busy: BusyInterval[] = [];
  for (const w of reservations.list) {
    let releasedMs = w.releasedMs;
    if (w.acceptedMs !== null && endedMs !== null && endedMs >= w.acceptedMs && (releasedMs === null || endedMs < releasedMs))
      releasedMs = endedMs;
    list.push({
      reservationSid: w.reservationSid,
      workerSid: w.workerSid,
      queueSid: w.queueSid,
      status: w.status,
      createdMs: w.createdMs,
      acceptedMs: w.acceptedMs,
      releasedMs,
    });
    if (w.acceptedMs !== null && w.workerSid !== null) {
      const toMs = releasedMs === null ? null : Math.max(w.acceptedMs, releasedMs);
      busy.push({ taskSid, reservationSid: w.reservationSid, workerSid: w.workerSid, fromMs: w.acceptedMs, toMs });
    }
  }
  return { list, busy };
}

type WorkerHandle = { reservationSid: string; workerSid: string; atMs: number; ms: number; talkMs: number };

/**
 * Pass 7: one worker's part of the task, for each accepted reservation that completed (its own
 * reservation.completed, e.g. a transfer's initiator handing over, else the task's completion
 * while it still held the task): acceptance → completion; its talk ends at its wrap-up (its own
 * reservation.wrapup, else the task's task.wrapup while it held the task), else with the part.
 */
function workerHandles(reservations: Reservations, completedMs: number | null, taskWrapupMs: number | null): WorkerHandle[] {
  const spans: WorkerHandle[] = [];
  for (const w of reservations.list) {
    if (w.acceptedMs === null || w.workerSid === null) continue;
    let endMs = w.completedMs;
    if (endMs === null && completedMs !== null && completedMs >= w.acceptedMs && (w.releasedMs === null || w.releasedMs >= completedMs))
      endMs = completedMs;
    if (endMs === null) continue;
    let talkEndMs = w.wrapupMs;
    if (talkEndMs === null && taskWrapupMs !== null && taskWrapupMs >= w.acceptedMs && taskWrapupMs <= endMs) talkEndMs = taskWrapupMs;
    const ms = Math.max(0, endMs - w.acceptedMs);
    const talkMs = talkEndMs === null ? ms : Math.min(ms, Math.max(0, talkEndMs - w.acceptedMs));
    spans.push({ reservationSid: w.reservationSid, workerSid: w.workerSid, atMs: endMs, ms, talkMs });
  }
  return spans;
}

/** Pass 8: the counted events, then one summary fact per duration (`<kind>:<taskSid>`, per acceptance or reservation where several). */
function cumulativeFacts(
  taskSid: string,
  workflowSid: string | null,
  counters: CumulativeFact[],
  accepted: readonly AcceptedFact[],
  transferredBy: readonly (string | null)[],
  o: Outcome,
  handles: readonly WorkerHandle[],
): CumulativeFact[] {
  const facts = counters;
  let transfer = 0;
  for (const fact of facts) {
    fact.workflowSid = workflowSid;
    if (fact.kind === "tasksCompleted") fact.workerSid = o.completedBy;
    else if (fact.kind === "transfersInitiated") fact.workerSid = transferredBy[transfer++] ?? null;
  }
  const summary = (
    id: string,
    kind: DurationKind,
    atMs: number,
    queueSid: string | null,
    workerSid: string | null,
    valueMs: number,
    inQueueMs: number | null,
  ) => facts.push({ id, kind, atMs, queueSid, workerSid, workflowSid, valueMs, inQueueMs });
  const first = accepted[0];
  if (first !== undefined) summary(`accepted:${taskSid}`, "accepted", first.atMs, first.queueSid, null, first.waitMs, first.waitInQueueMs);
  for (const a of accepted) {
    const id = `reservationAccepted:${a.eventSid}`;
    summary(id, "reservationAccepted", a.atMs, a.queueSid, null, a.waitMs, a.waitInQueueMs);
  }
  if (o.canceled !== null) summary(`canceled:${taskSid}`, "canceled", o.canceled.atMs, o.canceled.queueSid, null, o.canceled.ms, null);
  if (o.abandoned !== null)
    summary(`abandoned:${taskSid}`, "abandoned", o.abandoned.atMs, o.abandoned.queueSid, null, o.abandoned.ms, null);
  const bySupervisor = o.canceledBySupervisor;
  if (bySupervisor !== null)
    summary(
      `canceledBySupervisor:${taskSid}`,
      "canceledBySupervisor",
      bySupervisor.atMs,
      bySupervisor.queueSid,
      null,
      bySupervisor.ms,
      null,
    );
  if (o.handle !== null) summary(`handle:${taskSid}`, "handle", o.handle.atMs, o.handle.queueSid, o.completedBy, o.handle.ms, null);
  if (o.wrapUp !== null) summary(`wrapUp:${taskSid}`, "wrapUp", o.wrapUp.atMs, o.wrapUp.queueSid, o.completedBy, o.wrapUp.ms, null);
  for (const h of handles) {
    summary(`workerHandle:${h.reservationSid}`, "workerHandle", h.atMs, null, h.workerSid, h.ms, null);
    summary(`workerTalk:${h.reservationSid}`, "workerTalk", h.atMs, null, h.workerSid, h.talkMs, null);
  }
  return facts;
}

/** Each item of `next` that equals the previous item with the same position (or id), then the list itself. */
function lendEach<T extends object>(previous: readonly T[] | undefined, next: T[], sameSlot?: (a: T, b: T) => boolean): T[] {
  if (previous === undefined) return next;
  if (sameSlot === undefined) {
    for (let i = 0; i < next.length; i++) next[i] = lend(previous[i], next[i] as T);
  } else {
    // Items are matched in order, skipping previous items that are gone (an event inserted before them).
    let cursor = 0;
    for (let i = 0; i < next.length; i++) {
      const item = next[i] as T;
      for (let j = cursor; j < previous.length; j++) {
        if (sameSlot(previous[j] as T, item)) {
          next[i] = lend(previous[j], item);
          cursor = j + 1;
          break;
        }
      }
    }
  }
  return lend(previous as T[], next);
}

const sameId = (a: CumulativeFact, b: CumulativeFact) => a.id === b.id;

/**
 * The derivation proper, over records already in task order without repeated Sids.
 *
 * `previous`, the same task's facts before its latest record (the live fold passes them), only
 * lends objects (see `lend`); the values are those of a derivation without it.
 */
export function deriveFacts(taskSid: string, records: readonly TaskRecord[], lender: TaskFacts | null): TaskFacts {
  const previous = lender?.taskSid === taskSid ? lender : null;
  const fields = lastWriterFields(records);
  const timeline = queueTimeline(taskSid, records, fields.endedMs);
  const reservations = reservationsOf(records);
  const acceptedList = lendEach(previous?.acceptances, acceptances(reservations, fields.createdMs, timeline.visits));
  const accepted = acceptedList[0] ?? null;
  const o = outcomeOf(records, timeline, reservations, accepted, fields.createdMs);
  const held = holdings(taskSid, reservations, fields.endedMs);
  const transferredBy: (string | null)[] = [];
  for (const r of records)
    if (r.type === "task.transfer-initiated") transferredBy.push(reservations.holdingAt(r.timeMs)?.workerSid ?? null);
  const completedMs = o.outcome?.kind === "completed" ? o.outcome.atMs : null;
  let taskWrapupMs: number | null = null;
  for (const r of records) if (r.type === "task.wrapup" && taskWrapupMs === null) taskWrapupMs = r.timeMs;
  const handles = workerHandles(reservations, completedMs, taskWrapupMs);
  const live = fields.endedMs === null;
  return {
    taskSid,
    createdMs: fields.createdMs,
    createdFrom: fields.createdFrom,
    workflowSid: fields.workflowSid,
    status: fields.status,
    priority: fields.priority,
    endedMs: fields.endedMs,
    currentQueueSid: live ? (timeline.open?.queueSid ?? null) : null,
    queueVisits: lendEach(previous?.queueVisits, timeline.visits),
    reservations: lendEach(previous?.reservations, held.list),
    accepted,
    acceptances: acceptedList,
    completedBy: o.completedBy,
    transferredBy: lend(previous?.transferredBy, transferredBy),
    outcome: lend(previous?.outcome, o.outcome),
    abandoned: lend(previous?.abandoned, o.abandoned),
    handle: lend(previous?.handle, o.handle),
    wrapUp: lend(previous?.wrapUp, o.wrapUp),
    busy: lendEach(previous?.busy, held.busy),
    waiting: lendEach(previous?.waiting, timeline.waiting),
    facts: lendEach(
      previous?.facts,
      cumulativeFacts(taskSid, fields.workflowSid, timeline.counters, acceptedList, transferredBy, o, handles),
      sameId,
    ),
  };
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

export type TaskFactsWithAttributes = TaskFacts & { attributes: Record<string, unknown> | null };

/**
 * Facts of one task from its events, in any order and with duplicates (reports feed it the rows
 * of one TaskSid). Events of other tasks are ignored.
 */
export function deriveTaskFacts(events: Iterable<TypedEvent>): TaskFactsWithAttributes | null {
  let taskSid: string | null = null;
  const bySid = new Map<string, TypedEvent>();
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
    const parsed = event.task.attributes;
    if (parsed !== null) attributes = lww(attributes, taskKey(record), parsed.value);
  }
  return {
    ...deriveTaskFactsFromRecords(
      taskSid,
      sorted.map((s) => s.record),
    ),
    attributes: attributes?.value ?? null,
  };
}
