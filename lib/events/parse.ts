import { z } from "zod";
import type { TaskRouterEvent } from "./types";

export type CallbackError = { field: string; message: string };
export type ParseResult = { ok: true; event: TaskRouterEvent } | { ok: false; error: CallbackError };

const sidField = z.string().trim().min(1).max(64);
const callbackShape = z.object({
  Sid: sidField,
  EventType: z.string().trim().min(1).max(100),
});

/** Epoch ms from `TimestampMs`, else `Timestamp` (epoch seconds or ISO-8601); null when neither parses. */
export function eventTimeMs(params: Readonly<Record<string, string>>): number | null {
  const ms = params.TimestampMs?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.round(Number(ms));
  const timestamp = params.Timestamp?.trim();
  if (!timestamp) return null;
  if (/^\d+(\.\d+)?$/.test(timestamp)) return Math.round(Number(timestamp) * 1000);
  const parsed = Date.parse(timestamp);
  return Number.isNaN(parsed) ? null : parsed;
}

const optional = (value: string | undefined): string | null => (value?.trim() ? value.trim() : null);

/** Validates a form-decoded callback. Unknown event types are valid: they are stored as they are. */
export function parseCallback(params: Readonly<Record<string, string>>): ParseResult {
  const checked = callbackShape.safeParse(params);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = String(issue?.path[0] ?? "body");
    const message = params[field] === undefined ? `${field} is missing` : `${field} is not valid: ${issue?.message ?? "invalid"}`;
    return { ok: false, error: { field, message: `Not a TaskRouter event: ${message}` } };
  }
  const timeMs = eventTimeMs(params);
  if (timeMs === null) {
    return {
      ok: false,
      error: { field: "TimestampMs", message: "Not a TaskRouter event: TimestampMs and Timestamp are missing or not a time" },
    };
  }
  const eventType = checked.data.EventType;
  return {
    ok: true,
    event: {
      sid: checked.data.Sid,
      eventType,
      timeMs,
      workspaceSid: optional(params.WorkspaceSid),
      resourceSid: optional(params.ResourceSid),
      taskSid: optional(params.TaskSid),
      workerSid: optional(params.WorkerSid),
      taskQueueSid: optional(params.TaskQueueSid),
      workflowSid: optional(params.WorkflowSid),
      reservationSid: optional(params.ReservationSid),
      params,
    },
  };
}

/** Total order used wherever events are sorted: event time, then Sid. */
export function compareEvents(a: TaskRouterEvent, b: TaskRouterEvent): number {
  return a.timeMs - b.timeMs || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0);
}
