/**
 * Bootstrap: what TaskRouter's REST lists say is open now but no stored event can tell, because
 * it began before the oldest event the log holds (a centre running since before midnight, events
 * older than the Events API keeps). Each such fact becomes the callback TaskRouter would have sent
 * then, dated by the REST resource's own dates, and goes through the same parser, log and fold as
 * every other event. See docs/connected.md ("Bootstrap").
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { KnownTask, KnownWorker } from "@/lib/live/live-metrics";
import type { TwilioClient } from "@/lib/twilio/client";

/** Statuses of a task that is still open (TaskRouter's AssignmentStatus values). */
export const OPEN_TASK_STATUSES = ["pending", "reserved", "assigned", "wrapping"] as const;

export type OpenReservation = {
  sid: string;
  status: string;
  workerSid: string;
  workerName: string | null;
  createdMs: number;
  updatedMs: number;
};

export type OpenTask = {
  sid: string;
  status: (typeof OPEN_TASK_STATUSES)[number];
  queueSid: string | null;
  queueName: string | null;
  workflowSid: string | null;
  workflowName: string | null;
  priority: number;
  attributes: string;
  channelSid: string | null;
  channelUniqueName: string | null;
  createdMs: number;
  updatedMs: number;
  queueEnteredMs: number | null;
  reservations: OpenReservation[];
};

export type WorkerChannelNow = {
  sid: string;
  taskChannelSid: string;
  uniqueName: string | null;
  capacity: number;
  assigned: number;
  available: boolean;
  updatedMs: number;
};

export type WorkerNow = {
  sid: string;
  name: string;
  activitySid: string | null;
  activityName: string | null;
  statusChangedMs: number;
  channels: WorkerChannelNow[];
};

export type Known = { task(taskSid: string): KnownTask; worker(workerSid: string): KnownWorker };

/** Marks every observation in the log, so that a reader can tell it from a delivered callback. */
export const OBSERVED_DESCRIPTION = "Observed in TaskRouter's REST API when the dashboard started";

const epochSeconds = (ms: number) => String(Math.floor(ms / 1000));

/** One Sid per observed fact, the same on every instance and restart: the log keeps it once. */
export function observationSid(eventType: string, resourceSid: string, timeMs: number): string {
  const digest = createHash("sha256").update(`observed|${eventType}|${resourceSid}|${timeMs}`).digest("hex");
  return `EV${digest.slice(0, 32)}`;
}

type Params = Record<string, string>;

function observation(
  eventType: string,
  resourceType: string,
  resourceSid: string,
  timeMs: number,
  workspaceSid: string,
  fields: Params,
): Params {
  return {
    ...fields,
    Sid: observationSid(eventType, resourceSid, timeMs),
    EventType: eventType,
    TimestampMs: String(timeMs),
    Timestamp: epochSeconds(timeMs),
    WorkspaceSid: workspaceSid,
    ResourceType: resourceType,
    ResourceSid: resourceSid,
    EventDescription: OBSERVED_DESCRIPTION,
  };
}

const defined = (fields: Record<string, string | null>): Params =>
  Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== null));

/** The task's parameters as a callback carries them, with the status it had at that step. */
function taskParams(task: OpenTask, status: string): Params {
  return defined({
    TaskSid: task.sid,
    TaskAssignmentStatus: status,
    TaskPriority: String(task.priority),
    TaskAttributes: task.attributes,
    TaskDateCreated: epochSeconds(task.createdMs),
    TaskQueueEnteredDate: task.queueEnteredMs === null ? null : epochSeconds(task.queueEnteredMs),
    TaskChannelSid: task.channelSid,
    TaskChannelUniqueName: task.channelUniqueName,
    TaskQueueSid: task.queueSid,
    TaskQueueName: task.queueName,
    WorkflowSid: task.workflowSid,
    WorkflowName: task.workflowName,
  });
}

/**
 * The events a task's open state implies and the log lacks. A task the log has never seen gets
 * its creation, its entry into the queue it is in, and the reservation steps that brought it to
 * its status, in that order of time, so the last one carries its status now. A task the log knows
 * (its later events are there) gets only the creation and queue entry it lacks; its status comes
 * from the events themselves, which carry TaskVersion and so outrank these.
 */
export function taskObservations(task: OpenTask, known: KnownTask, workspaceSid: string): Params[] {
  const out: Params[] = [];
  const at = (eventType: string, resourceType: string, resourceSid: string, timeMs: number, fields: Params) =>
    out.push(observation(eventType, resourceType, resourceSid, timeMs, workspaceSid, fields));
  // REST dates are whole seconds: steps in the same second are spaced a millisecond apart, so
  // that the last step (the status now) is the latest write whatever the Sids.
  let stepMs = task.createdMs;
  const later = (ms: number) => {
    stepMs = Math.max(stepMs + 1, ms);
    return stepMs;
  };
  if (known === null || !known.hasCreated) at("task.created", "task", task.sid, stepMs, taskParams(task, "pending"));
  if (task.queueSid !== null && (known === null || known.currentQueueSid !== task.queueSid)) {
    at("task-queue.entered", "task", task.sid, later(task.queueEnteredMs ?? task.createdMs), taskParams(task, "pending"));
  }
  if (known !== null) return out;

  const accepted = task.reservations.find((r) => r.status === "accepted" || r.status === "wrapping" || r.status === "completed");
  if (task.status === "reserved") {
    for (const r of task.reservations.filter((x) => x.status === "pending")) {
      at("reservation.created", "reservation", r.sid, later(r.createdMs), { ...taskParams(task, "reserved"), ...reservationParams(r) });
    }
  }
  if ((task.status === "assigned" || task.status === "wrapping") && accepted !== undefined) {
    at("reservation.accepted", "reservation", accepted.sid, later(accepted.createdMs), {
      ...taskParams(task, "assigned"),
      ...reservationParams(accepted),
    });
  }
  if (task.status === "wrapping") {
    at("task.wrapup", "task", task.sid, later(task.updatedMs), {
      ...taskParams(task, "wrapping"),
      ...(accepted ? reservationParams(accepted) : {}),
    });
  }
  return out;
}

const reservationParams = (r: OpenReservation): Params =>
  defined({ ReservationSid: r.sid, WorkerSid: r.workerSid, WorkerName: r.workerName });

/**
 * The worker's current activity, from when it was set, when the log holds no change of activity
 * that recent (the configuration read at start knows the activity but not since when); and each
 * channel's capacity the log has never heard of.
 */
export function workerObservations(worker: WorkerNow, known: KnownWorker, workspaceSid: string): Params[] {
  const out: Params[] = [];
  const workerParams = defined({
    WorkerSid: worker.sid,
    WorkerName: worker.name,
    WorkerActivitySid: worker.activitySid,
    WorkerActivityName: worker.activityName,
  });
  // date_status_changed is whole seconds: a change logged within that second is the same change.
  const logged = known.lastActivityChangeMs !== null && known.lastActivityChangeMs >= worker.statusChangedMs;
  if (!logged && worker.activitySid !== null) {
    out.push(observation("worker.activity.update", "worker", worker.sid, worker.statusChangedMs, workspaceSid, workerParams));
  }
  for (const c of worker.channels) {
    if (known.channelKeys.has(c.taskChannelSid) || (c.uniqueName !== null && known.channelKeys.has(c.uniqueName))) continue;
    out.push(
      observation("worker.capacity.update", "worker_channel", c.sid, c.updatedMs, workspaceSid, {
        ...workerParams,
        ...defined({ TaskChannelSid: c.taskChannelSid, TaskChannelUniqueName: c.uniqueName }),
        WorkerChannelTaskCount: String(c.assigned),
        WorkerChannelAvailableCapacity: String(Math.max(0, c.capacity - c.assigned)),
        WorkerChannelAvailable: String(c.available),
      }),
    );
  }
  return out;
}

// --- reading TaskRouter ------------------------------------------------------------------------

const instant = z.coerce.date().transform((d) => d.getTime());
const restTask = z.object({
  sid: z.string().regex(/^WT[0-9a-fA-F]{32}$/),
  assignmentStatus: z.enum(OPEN_TASK_STATUSES),
  taskQueueSid: z.string().nullish(),
  taskQueueFriendlyName: z.string().nullish(),
  workflowSid: z.string().nullish(),
  workflowFriendlyName: z.string().nullish(),
  priority: z.number().int().nullish(),
  attributes: z.string().max(32_768).nullish(),
  taskChannelSid: z.string().nullish(),
  taskChannelUniqueName: z.string().nullish(),
  dateCreated: instant,
  dateUpdated: instant.nullish(),
  taskQueueEnteredDate: instant.nullish(),
});
const restReservation = z.object({
  sid: z.string(),
  reservationStatus: z.string(),
  workerSid: z.string(),
  workerName: z.string().nullish(),
  dateCreated: instant,
  dateUpdated: instant.nullish(),
});
const restWorker = z.object({
  sid: z.string().regex(/^WK[0-9a-fA-F]{32}$/),
  friendlyName: z.string(),
  activitySid: z.string().nullish(),
  activityName: z.string().nullish(),
  dateStatusChanged: instant,
});
const restChannel = z.object({
  sid: z.string(),
  taskChannelSid: z.string(),
  taskChannelUniqueName: z.string().nullish(),
  configuredCapacity: z.number().int().nonnegative(),
  assignedTasks: z.number().int().nonnegative(),
  available: z.boolean(),
  dateUpdated: instant.nullish(),
  dateCreated: instant.nullish(),
});

/** At most this many REST calls at once (a task's reservations, a worker's channels). */
const CONCURRENCY = 8;

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

/** Every open task with its reservations, through the SDK. Entries that do not parse are skipped with a reason. */
export async function readOpenTasks(client: TwilioClient, workspaceSid: string, skip: (why: string) => void): Promise<OpenTask[]> {
  const ws = client.taskrouter.v1.workspaces(workspaceSid);
  const listed = await ws.tasks.list({ assignmentStatus: [...OPEN_TASK_STATUSES], pageSize: 1000 });
  const tasks = listed.flatMap((raw) => {
    const t = restTask.safeParse(raw);
    if (!t.success) skip(`task ${String((raw as { sid?: unknown }).sid)}: ${t.error.issues[0]?.message}`);
    return t.success ? [t.data] : [];
  });
  return mapLimited(tasks, CONCURRENCY, async (t) => {
    const reservations = t.assignmentStatus === "pending" ? [] : await ws.tasks(t.sid).reservations.list({ pageSize: 1000 });
    return {
      sid: t.sid,
      status: t.assignmentStatus,
      queueSid: orNull(t.taskQueueSid),
      queueName: orNull(t.taskQueueFriendlyName),
      workflowSid: orNull(t.workflowSid),
      workflowName: orNull(t.workflowFriendlyName),
      priority: t.priority ?? 0,
      attributes: t.attributes ?? "{}",
      channelSid: orNull(t.taskChannelSid),
      channelUniqueName: orNull(t.taskChannelUniqueName),
      createdMs: t.dateCreated,
      updatedMs: t.dateUpdated ?? t.dateCreated,
      queueEnteredMs: orNull(t.taskQueueEnteredDate),
      reservations: reservations.flatMap((raw) => {
        const r = restReservation.safeParse(raw);
        if (!r.success) return [];
        const { sid, reservationStatus, workerSid, workerName, dateCreated, dateUpdated } = r.data;
        return [
          {
            sid,
            status: reservationStatus,
            workerSid,
            workerName: orNull(workerName),
            createdMs: dateCreated,
            updatedMs: dateUpdated ?? dateCreated,
          },
        ];
      }),
    };
  });
}

/** Every worker with its activity, since when, and its channels, through the SDK. */
export async function readWorkersNow(client: TwilioClient, workspaceSid: string, skip: (why: string) => void): Promise<WorkerNow[]> {
  const ws = client.taskrouter.v1.workspaces(workspaceSid);
  const workers = (await ws.workers.list({ pageSize: 1000 })).flatMap((raw) => {
    const w = restWorker.safeParse(raw);
    if (!w.success) skip(`worker ${String((raw as { sid?: unknown }).sid)}: ${w.error.issues[0]?.message}`);
    return w.success ? [w.data] : [];
  });
  return mapLimited(workers, CONCURRENCY, async (w) => ({
    sid: w.sid,
    name: w.friendlyName,
    activitySid: orNull(w.activitySid),
    activityName: orNull(w.activityName),
    statusChangedMs: w.dateStatusChanged,
    channels: (await ws.workers(w.sid).workerChannels.list({ pageSize: 1000 })).flatMap((raw) => {
      const c = restChannel.safeParse(raw);
      if (!c.success) return [];
      const { sid, taskChannelSid, taskChannelUniqueName, configuredCapacity, assignedTasks, available, dateUpdated, dateCreated } = c.data;
      return [
        {
          sid,
          taskChannelSid,
          uniqueName: orNull(taskChannelUniqueName),
          capacity: configuredCapacity,
          assigned: assignedTasks,
          available,
          updatedMs: dateUpdated ?? dateCreated ?? w.dateStatusChanged,
        },
      ];
    }),
  }));
}

// --- the run at start ---------------------------------------------------------------------------

export type BootstrapReport = {
  state: "done" | "failed";
  at: string;
  /** Open tasks and workers TaskRouter listed. */
  openTasks: number;
  workers: number;
  /** Observations stored and folded (those already in the log are not counted). */
  stored: number;
  error: string | null;
};

export type BootstrapDeps = {
  client: TwilioClient;
  workspaceSid: string;
  known: Known;
  /** Append → fold → publish, as for callbacks. */
  accept(params: Params): Promise<"stored" | "duplicate" | "invalid">;
  log(line: string): void;
};

/** Reads the open work and stores what the log cannot tell of it. Never throws: a failure is reported. */
export async function bootstrapOpenWork(deps: BootstrapDeps): Promise<BootstrapReport> {
  const at = new Date().toISOString();
  const skip = (why: string) => deps.log(`Bootstrap skips ${why}`);
  try {
    const [tasks, workers] = await Promise.all([
      readOpenTasks(deps.client, deps.workspaceSid, skip),
      readWorkersNow(deps.client, deps.workspaceSid, skip),
    ]);
    const observed = [
      ...tasks.flatMap((task) => taskObservations(task, deps.known.task(task.sid), deps.workspaceSid)),
      ...workers.flatMap((worker) => workerObservations(worker, deps.known.worker(worker.sid), deps.workspaceSid)),
    ];
    const results = await Promise.all(observed.map((params) => deps.accept(params)));
    const stored = results.filter((result) => result === "stored").length;
    return { state: "done", at, openTasks: tasks.length, workers: workers.length, stored, error: null };
  } catch (error) {
    return { state: "failed", at, openTasks: 0, workers: 0, stored: 0, error: String(error) };
  }
}
