/**
 * The one place where TaskRouter parameter strings become values. A callback (or anything shaped
 * like one: an Events API entry, a bootstrap observation) goes through `parseCallback`; a row of
 * the log goes through `toTypedEvent`. Both give the same `TypedEvent`.
 */
import { z } from "zod";
import { invalid, type ParseResult, parsed } from "@/lib/parse-result";
import { eventTimeMs, type InstantBounds, instantBounds, instantError, ParamReader } from "./fields";
import {
  ACTIVITY_EVENT_TYPES,
  type ChannelFields,
  type EventIds,
  type EventKind,
  RESERVATION_EVENT_TYPES,
  type StoredEvent,
  TASK_EVENT_TYPES,
  TASK_QUEUE_EVENT_TYPES,
  type TaskFields,
  type TypedEvent,
  WORKER_EVENT_TYPES,
  type WorkerFields,
  WORKFLOW_EVENT_TYPES,
} from "./types";

export { epochMs, eventTimeMs } from "./fields";

/** A validated callback: the typed event the fold reads and the row the log keeps. */
export type ParsedCallback = { event: TypedEvent; stored: StoredEvent };
export type ParseOptions = { nowMs?: number };

const KIND_BY_TYPE: ReadonlyMap<string, EventKind> = new Map<string, EventKind>([
  ...TASK_EVENT_TYPES.map((type) => [type, "task"] as const),
  ...RESERVATION_EVENT_TYPES.map((type) => [type, "reservation"] as const),
  ...WORKER_EVENT_TYPES.map((type) => [type, "worker"] as const),
  ...TASK_QUEUE_EVENT_TYPES.map((type) => [type, "task-queue"] as const),
  ...WORKFLOW_EVENT_TYPES.map((type) => [type, "workflow"] as const),
  ...ACTIVITY_EVENT_TYPES.map((type) => [type, "activity"] as const),
]);

/** The family of an event type the fold knows; "unknown" for any other (stored, never folded). */
export const eventKindOf = (eventType: string): EventKind => KIND_BY_TYPE.get(eventType) ?? "unknown";

/** Sids go to indexed text columns: bounded so that an index entry always fits. */
const sid = z.string().trim().min(1).max(64);
const envelope = z.object({ Sid: sid, EventType: z.string().trim().min(1).max(100) });
const SID_PARAMS = {
  workspaceSid: "WorkspaceSid",
  resourceSid: "ResourceSid",
  taskSid: "TaskSid",
  workerSid: "WorkerSid",
  taskQueueSid: "TaskQueueSid",
  workflowSid: "WorkflowSid",
  reservationSid: "ReservationSid",
} as const;

const notAnEvent = (field: string, message: string) => invalid<ParsedCallback>(field, `Not a TaskRouter event: ${message}`);

/** The first parameter whose name or value holds a NUL (no database stores one in text). */
function nulParameter(params: Readonly<Record<string, string>>): string | null {
  for (const key of Object.keys(params)) {
    if (key.includes("\0") || params[key]?.includes("\0")) return key.replaceAll("\0", "\\0").slice(0, 100);
  }
  return null;
}

/** Validates a form-decoded callback. Unknown event types are valid: they are stored as they are. */
export function parseCallback(
  params: Readonly<Record<string, string>>,
  { nowMs = Date.now() }: ParseOptions = {},
): ParseResult<ParsedCallback> {
  const nul = nulParameter(params);
  if (nul !== null) return notAnEvent(nul, `${nul} contains a NUL byte`);
  const checked = envelope.safeParse(params);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = String(issue?.path[0] ?? "body");
    return notAnEvent(field, params[field] === undefined ? `${field} is missing` : `${field} is not valid: ${issue?.message ?? "invalid"}`);
  }
  const timeMs = eventTimeMs(params);
  if (timeMs === null) return notAnEvent("TimestampMs", "TimestampMs and Timestamp are missing or not a time");
  const bounds = instantBounds(nowMs);
  const timeError = instantError(params.TimestampMs?.trim() ? "TimestampMs" : "Timestamp", timeMs, bounds);
  if (timeError !== null) return notAnEvent(timeError.field, timeError.message);
  const ids: EventIds = {
    sid: checked.data.Sid,
    eventType: checked.data.EventType,
    timeMs,
    workspaceSid: null,
    resourceSid: null,
    taskSid: null,
    workerSid: null,
    taskQueueSid: null,
    workflowSid: null,
    reservationSid: null,
  };
  for (const [key, param] of Object.entries(SID_PARAMS)) {
    const value = params[param]?.trim();
    if (!value) continue;
    if (!sid.safeParse(value).success) return notAnEvent(param, `${param} is longer than 64 characters`);
    ids[key as keyof typeof SID_PARAMS] = value;
  }
  const typed = typeFields(ids, params, bounds);
  if (!typed.ok) return notAnEvent(typed.error.field, typed.error.message);
  return parsed({ event: typed.value, stored: { ...ids, params } });
}

/**
 * A row of the log as a typed event. Rows stored before today's bounds existed may hold what a
 * callback can no longer carry: those come back as errors, for the reader to skip and log.
 */
export function toTypedEvent(stored: StoredEvent, { nowMs = Date.now() }: ParseOptions = {}): ParseResult<TypedEvent> {
  const bounds = instantBounds(nowMs);
  const timeError = instantError("TimestampMs", stored.timeMs, bounds);
  if (timeError !== null) return { ok: false, error: timeError };
  const ids: EventIds = {
    sid: stored.sid,
    eventType: stored.eventType,
    timeMs: stored.timeMs,
    workspaceSid: stored.workspaceSid,
    resourceSid: stored.resourceSid,
    taskSid: stored.taskSid,
    workerSid: stored.workerSid,
    taskQueueSid: stored.taskQueueSid,
    workflowSid: stored.workflowSid,
    reservationSid: stored.reservationSid,
  };
  return typeFields(ids, stored.params, bounds);
}

function taskFields(r: ParamReader): TaskFields {
  r.age("TaskAge", 1000); // validated only: the fold computes ages from instants
  return {
    version: r.integer("TaskVersion"),
    assignmentStatus: r.text("TaskAssignmentStatus")?.toLowerCase() ?? null,
    priority: r.integer("TaskPriority"),
    dateCreatedMs: r.instant("TaskDateCreated"),
    queueEnteredMs: r.instant("TaskQueueEnteredDate"),
    reason: r.text("TaskCanceledReason") ?? r.text("TaskCompletedReason") ?? r.text("Reason"),
    channel: r.text("TaskChannelUniqueName") ?? r.text("TaskChannelSid"),
    attributes: r.json("TaskAttributes"),
    channelSid: r.text("TaskChannelSid"),
    channelUniqueName: r.text("TaskChannelUniqueName"),
  };
}

function workerFields(r: ParamReader): WorkerFields {
  return {
    version: r.integer("WorkerVersion"),
    name: r.text("WorkerName"),
    activitySid: r.text("WorkerActivitySid"),
    activityName: r.text("WorkerActivityName"),
    previousActivitySid: r.text("WorkerPreviousActivitySid"),
    previousActivityName: r.text("WorkerPreviousActivityName"),
    timeInPreviousActivityMs: r.age("WorkerTimeInPreviousActivityMs", 1) ?? r.age("WorkerTimeInPreviousActivity", 1000),
    attributes: r.json("WorkerAttributes"),
  };
}

function typeFields(ids: EventIds, params: Readonly<Record<string, string>>, bounds: InstantBounds): ParseResult<TypedEvent> {
  const r = new ParamReader(params, bounds, ids.timeMs);
  const common = {
    ...ids,
    task: taskFields(r),
    worker: workerFields(r),
    queue: { name: r.text("TaskQueueName"), targetExpression: r.text("TaskQueueTargetExpression") },
    workflowName: r.text("WorkflowName"),
  };
  const event = withKind(common, r);
  return r.error === null ? parsed(event) : { ok: false, error: r.error };
}

type Common = Omit<Extract<TypedEvent, { kind: "task" }>, "kind" | "eventType"> & { eventType: string };

/**
 * A worker channel as Twilio's channel events describe it: the task count and the capacity still
 * free, so the configured capacity is their sum. `WorkerChannelCapacity` and
 * `WorkerChannelConsumedCapacity`, which some payloads carry though the event reference does not
 * list them, are read when present.
 */
function channelFields(r: ParamReader): ChannelFields {
  const taskCount = r.integer("WorkerChannelTaskCount");
  const availableCapacity = r.integer("WorkerChannelAvailableCapacity");
  return {
    taskChannelSid: r.text("TaskChannelSid"),
    uniqueName: r.text("TaskChannelUniqueName"),
    capacity:
      r.integer("WorkerChannelCapacity") ?? (taskCount !== null && availableCapacity !== null ? taskCount + availableCapacity : null),
    consumed: taskCount ?? r.integer("WorkerChannelConsumedCapacity"),
    available: r.bool("WorkerChannelAvailable"),
  };
}

function withKind(common: Common, r: ParamReader): TypedEvent {
  const kind = eventKindOf(common.eventType);
  switch (kind) {
    case "reservation":
      return { ...common, kind, eventType: common.eventType as never, reservationVersion: r.integer("ReservationVersion") };
    case "worker":
      return {
        ...common,
        kind,
        eventType: common.eventType as never,
        channel: channelFields(r),
      };
    case "activity":
      return {
        ...common,
        kind,
        eventType: common.eventType as never,
        activity: { sid: r.text("ActivitySid"), name: r.text("ActivityName"), available: r.bool("ActivityAvailable") },
      };
    case "unknown":
      return { ...common, kind };
    default:
      return { ...common, kind, eventType: common.eventType as never };
  }
}

/** Total order used wherever events are sorted: event time, then Sid. */
export function compareEvents(a: { timeMs: number; sid: string }, b: { timeMs: number; sid: string }): number {
  return a.timeMs - b.timeMs || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0);
}
