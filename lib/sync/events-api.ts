/**
 * TaskRouter's Events API (`GET /v1/Workspaces/{WS}/Events`) as the callback path sees it: each
 * Event resource becomes the parameters its callback would have carried, so it goes through the
 * same parser, log and fold as a callback. See docs/connected.md for the mapping.
 */
import { z } from "zod";
import type { TwilioClient } from "@/lib/twilio/client";

/** The fields of an Event resource the conversion reads (the SDK's EventInstance has them all). */
export type EventsApiEntry = {
  sid: string;
  eventType: string;
  eventDateMs: number | null;
  accountSid: string | null;
  workspaceSid: string | null;
  resourceType: string | null;
  resourceSid: string | null;
  description: string | null;
  eventData: unknown;
};

const entrySchema = z.object({
  sid: z.string().regex(/^EV[0-9a-fA-F]{32}$/),
  eventType: z.string().min(1).max(100),
  eventDateMs: z.number().int().nonnegative(),
  eventData: z.record(z.string().max(100), z.unknown()).nullable().optional(),
});

/** `worker_activity_name` → `WorkerActivityName`: the callback parameter's name. */
export const callbackName = (snake: string): string =>
  snake
    .split("_")
    .map((part) => (part ? part[0]!.toUpperCase() + part.slice(1) : part))
    .join("");

/** Every callback parameter is a string: numbers and booleans as written, objects as JSON. */
const asParam = (value: unknown): string | null =>
  value === null || value === undefined
    ? null
    : typeof value === "string"
      ? value
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);

/**
 * The callback parameters of one Event resource: `event_data` under callback names, plus the
 * resource's own fields under theirs (`sid` → `Sid`, `event_date_ms` → `TimestampMs`, …).
 * Null when the entry lacks what a callback always has (sid, type, time).
 */
export function callbackParams(entry: EventsApiEntry): Record<string, string> | null {
  const checked = entrySchema.safeParse(entry);
  if (!checked.success) return null;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(checked.data.eventData ?? {})) {
    const text = asParam(value);
    if (text !== null) params[callbackName(name)] = text;
  }
  const ms = checked.data.eventDateMs;
  Object.assign(params, {
    Sid: checked.data.sid,
    EventType: checked.data.eventType,
    Timestamp: String(Math.floor(ms / 1000)),
    TimestampMs: String(ms),
  });
  const own: [string, string | null][] = [
    ["AccountSid", entry.accountSid],
    ["WorkspaceSid", entry.workspaceSid],
    ["ResourceType", entry.resourceType],
    ["ResourceSid", entry.resourceSid],
    ["EventDescription", entry.description],
  ];
  for (const [name, value] of own) if (params[name] === undefined && value) params[name] = value;
  return params;
}

/** Twilio keeps events for 30 days. */
export const EVENTS_RETENTION_MS = 30 * 24 * 3_600_000;
const PAGE_SIZE = 1000;

/**
 * Reads every event in [startMs, endMs] a page at a time through the SDK, following each page's
 * `next_page_url` (the resource does not support a page number). Calls `onPage` per page.
 */
export async function readEvents(
  client: TwilioClient,
  workspaceSid: string,
  window: { startMs: number; endMs: number },
  onPage: (entries: EventsApiEntry[]) => Promise<void>,
  pageSize = PAGE_SIZE,
): Promise<void> {
  const events = client.taskrouter.v1.workspaces(workspaceSid).events;
  type Page = { instances: EventsApiEntry[]; nextPage(): Promise<Page> | undefined };
  let page: Page = await events.page({ startDate: new Date(window.startMs), endDate: new Date(window.endMs), pageSize });
  for (;;) {
    await onPage(page.instances);
    const next = page.nextPage();
    if (!next) return;
    page = await next;
  }
}
