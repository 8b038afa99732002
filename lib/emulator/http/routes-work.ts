/** REST routes: Workers (+ Channels, Reservations), Tasks (+ Reservations), Events. */
import { compileExpression, ExpressionSyntaxError, type CompiledExpression } from "@/lib/expression";
import { invalidParameter, notFound } from "../errors";
import { resolveWindow } from "../statistics/window";
import type { Reservation, Task, Worker } from "../model";
import { created, noContent, ok, type Route, type RouteContext } from "./router";
import { eventJson, reservationJson, taskJson, workerChannelJson, workerJson } from "./serialize";
import { taskEtag } from "../task-service";
import { defined, listPage, Params } from "./wire";

/** A task body with its version as the ETag header (Twilio's Task resource does the same). */
const taskReply = (ctx: RouteContext, task: Task, status = 200) => ({
  status,
  body: taskJson(ctx.s, ctx.urls, task),
  headers: { ETag: taskEtag(task) },
});

const WS = "/v1/Workspaces/:ws";

function expressionParam(source: string | undefined, name: string, scope: "worker" | "task"): CompiledExpression | null {
  if (source === undefined) return null;
  try {
    return compileExpression(source, { defaultScope: scope });
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) throw invalidParameter(`Invalid ${name}: ${error.message}`);
    throw error;
  }
}

/** `Ordering=Attribute:asc|desc[,…]` over the given sort keys. */
function sortBy<T>(items: T[], ordering: string | undefined, keys: Record<string, (item: T) => number>): T[] {
  if (!ordering) return items;
  const parts = ordering.split(",").map((part) => {
    const [attribute, direction = "asc"] = part.trim().split(":");
    const key = attribute ? keys[attribute] : undefined;
    if (!key || (direction !== "asc" && direction !== "desc"))
      throw invalidParameter(`Ordering ${JSON.stringify(ordering)} is not supported`);
    return { key, sign: direction === "asc" ? 1 : -1 };
  });
  return [...items].sort((a, b) => {
    for (const { key, sign } of parts) {
      const difference = key(a) - key(b);
      if (difference !== 0) return sign * difference;
    }
    return 0;
  });
}

function listWorkers(ctx: RouteContext): Worker[] {
  const q = ctx.query;
  const activityName = q.string("ActivityName");
  const activitySid = q.string("ActivitySid");
  const available = q.bool("Available");
  const friendlyName = q.string("FriendlyName");
  const expression = expressionParam(q.string("TargetWorkersExpression"), "TargetWorkersExpression", "worker");
  const queueName = q.string("TaskQueueName");
  const queueSid =
    q.string("TaskQueueSid") ??
    (queueName ? ([...ctx.s.queues.values()].find((x) => x.friendlyName === queueName)?.sid ?? "none") : undefined);
  const members = queueSid ? (ctx.s.membership.get(queueSid) ?? new Set<string>()) : null;
  const workers = [...ctx.s.workers.values()].filter((worker) => {
    const activity = ctx.s.activities.get(worker.activitySid);
    if (activitySid !== undefined && worker.activitySid !== activitySid) return false;
    if (activityName !== undefined && activity?.friendlyName !== activityName) return false;
    if (available !== undefined && (activity?.available ?? false) !== available) return false;
    if (friendlyName !== undefined && worker.friendlyName !== friendlyName) return false;
    if (members && !members.has(worker.sid)) return false;
    if (expression && !expression({ worker: ctx.s.workerContext(worker) })) return false;
    return true;
  });
  return sortBy(workers, q.string("Ordering"), {
    DateCreated: (w) => w.seq,
    DateStatusChanged: (w) => w.activitySince,
  });
}

function listTasks(ctx: RouteContext): Task[] {
  const q = ctx.query;
  const priority = q.int("Priority");
  const statuses = q.list("AssignmentStatus");
  const workflowSid = q.string("WorkflowSid");
  const workflowName = q.string("WorkflowName");
  const queueSid = q.string("TaskQueueSid");
  const queueName = q.string("TaskQueueName");
  const expression = expressionParam(q.string("EvaluateTaskAttributes"), "EvaluateTaskAttributes", "task");
  const hasAddons = q.bool("HasAddons");
  const tasks = [...ctx.s.tasks.values()].filter((task) => {
    if (hasAddons === true) return false;
    if (priority !== undefined && task.priority !== priority) return false;
    if (statuses && !statuses.includes(task.status)) return false;
    if (workflowSid !== undefined && task.workflowSid !== workflowSid) return false;
    if (workflowName !== undefined && ctx.s.workflows.get(task.workflowSid)?.friendlyName !== workflowName) return false;
    if (queueSid !== undefined && task.queueSid !== queueSid) return false;
    if (queueName !== undefined && (!task.queueSid || ctx.s.queues.get(task.queueSid)?.friendlyName !== queueName)) return false;
    if (expression && !expression({ task: task.attributes })) return false;
    return true;
  });
  return sortBy(tasks, q.string("Ordering") ?? "DateCreated:asc", {
    DateCreated: (t) => t.seq,
    Priority: (t) => t.priority,
    VirtualStartTime: (t) => t.virtualStartTime,
  });
}

function listReservations(ctx: RouteContext, owner: { taskSid?: string; workerSid?: string }): Reservation[] {
  const status = ctx.query.string("ReservationStatus");
  const workerSid = ctx.query.string("WorkerSid");
  return [...ctx.s.reservations.values()].filter(
    (r) =>
      (!owner.taskSid || r.taskSid === owner.taskSid) &&
      (!owner.workerSid || r.workerSid === owner.workerSid) &&
      (status === undefined || r.status === status) &&
      (workerSid === undefined || r.workerSid === workerSid),
  );
}

const reservationUpdate = (body: Params) =>
  defined({ reservationStatus: body.string("ReservationStatus"), workerActivitySid: body.string("WorkerActivitySid") });

export const workRoutes: Route[] = [
  // --- workers (statistics routes come first in the server) --------------------------------------
  {
    method: "GET",
    pattern: `${WS}/Workers`,
    handler: (ctx) => ok(listPage(ctx.urls.base, ctx.path, ctx.query, "workers", listWorkers(ctx), (w) => workerJson(ctx.s, ctx.urls, w))),
  },
  {
    method: "POST",
    pattern: `${WS}/Workers`,
    handler: (ctx) => {
      const b = ctx.body;
      const worker = ctx.engine.workers.create(
        defined({ friendlyName: b.string("FriendlyName") ?? "", activitySid: b.string("ActivitySid"), attributes: b.string("Attributes") }),
      );
      return created(workerJson(ctx.s, ctx.urls, worker));
    },
  },
  { method: "GET", pattern: `${WS}/Workers/:sid`, handler: (ctx) => ok(workerJson(ctx.s, ctx.urls, ctx.s.worker(ctx.params.sid!))) },
  {
    method: "POST",
    pattern: `${WS}/Workers/:sid`,
    handler: (ctx) => {
      const b = ctx.body;
      const worker = ctx.engine.workers.update(
        ctx.params.sid!,
        defined({
          friendlyName: b.string("FriendlyName"),
          activitySid: b.string("ActivitySid"),
          attributes: b.string("Attributes"),
          rejectPendingReservations: b.bool("RejectPendingReservations"),
        }),
      );
      return ok(workerJson(ctx.s, ctx.urls, worker));
    },
  },
  {
    method: "DELETE",
    pattern: `${WS}/Workers/:sid`,
    handler: (ctx) => {
      ctx.engine.workers.delete(ctx.params.sid!);
      return noContent();
    },
  },
  {
    method: "GET",
    pattern: `${WS}/Workers/:worker/Channels`,
    handler: (ctx) => {
      const worker = ctx.s.worker(ctx.params.worker!);
      const channels = [...worker.channels.values()];
      return ok(listPage(ctx.urls.base, ctx.path, ctx.query, "channels", channels, (c) => workerChannelJson(ctx.s, ctx.urls, worker, c)));
    },
  },
  {
    method: "GET",
    pattern: `${WS}/Workers/:worker/Channels/:sid`,
    handler: (ctx) => {
      const worker = ctx.s.worker(ctx.params.worker!);
      return ok(workerChannelJson(ctx.s, ctx.urls, worker, ctx.engine.workers.channel(worker.sid, ctx.params.sid!)));
    },
  },
  {
    method: "POST",
    pattern: `${WS}/Workers/:worker/Channels/:sid`,
    handler: (ctx) => {
      const worker = ctx.s.worker(ctx.params.worker!);
      const channel = ctx.engine.workers.updateChannel(
        worker.sid,
        ctx.params.sid!,
        defined({ capacity: ctx.body.int("Capacity"), available: ctx.body.bool("Available") }),
      );
      return ok(workerChannelJson(ctx.s, ctx.urls, worker, channel));
    },
  },
  {
    method: "GET",
    pattern: `${WS}/Workers/:worker/Reservations`,
    handler: (ctx) => {
      const workerSid = ctx.s.worker(ctx.params.worker!).sid;
      const items = listReservations(ctx, { workerSid });
      return ok(listPage(ctx.urls.base, ctx.path, ctx.query, "reservations", items, (r) => reservationJson(ctx.s, ctx.urls, r, "worker")));
    },
  },
  {
    method: "GET",
    pattern: `${WS}/Workers/:worker/Reservations/:sid`,
    handler: (ctx) =>
      ok(reservationJson(ctx.s, ctx.urls, ctx.engine.tasks.reservationOf({ workerSid: ctx.params.worker! }, ctx.params.sid!), "worker")),
  },
  {
    method: "POST",
    pattern: `${WS}/Workers/:worker/Reservations/:sid`,
    handler: (ctx) => {
      const reservation = ctx.engine.tasks.updateReservation(
        { workerSid: ctx.params.worker! },
        ctx.params.sid!,
        reservationUpdate(ctx.body),
      );
      return ok(reservationJson(ctx.s, ctx.urls, reservation, "worker"));
    },
  },

  // --- tasks -------------------------------------------------------------------------------------
  {
    method: "GET",
    pattern: `${WS}/Tasks`,
    handler: (ctx) => ok(listPage(ctx.urls.base, ctx.path, ctx.query, "tasks", listTasks(ctx), (t) => taskJson(ctx.s, ctx.urls, t))),
  },
  {
    method: "POST",
    pattern: `${WS}/Tasks`,
    handler: (ctx) => {
      const b = ctx.body;
      const task = ctx.engine.tasks.create(
        defined({
          attributes: b.string("Attributes"),
          priority: b.int("Priority"),
          timeout: b.int("Timeout"),
          taskChannel: b.string("TaskChannel"),
          workflowSid: b.string("WorkflowSid"),
          virtualStartTime: b.date("VirtualStartTime"),
        }),
      );
      return taskReply(ctx, task, 201);
    },
  },
  { method: "GET", pattern: `${WS}/Tasks/:sid`, handler: (ctx) => taskReply(ctx, ctx.s.task(ctx.params.sid!)) },
  {
    method: "POST",
    pattern: `${WS}/Tasks/:sid`,
    handler: (ctx) => {
      const b = ctx.body;
      const task = ctx.engine.tasks.update(
        ctx.params.sid!,
        defined({
          attributes: b.string("Attributes"),
          priority: b.int("Priority"),
          assignmentStatus: b.string("AssignmentStatus"),
          reason: b.string("Reason"),
        }),
        ctx.ifMatch,
      );
      return taskReply(ctx, task);
    },
  },
  {
    method: "DELETE",
    pattern: `${WS}/Tasks/:sid`,
    handler: (ctx) => {
      ctx.engine.tasks.delete(ctx.params.sid!, ctx.ifMatch);
      return noContent();
    },
  },
  {
    method: "GET",
    pattern: `${WS}/Tasks/:task/Reservations`,
    handler: (ctx) => {
      const taskSid = ctx.s.task(ctx.params.task!).sid;
      const items = listReservations(ctx, { taskSid });
      return ok(listPage(ctx.urls.base, ctx.path, ctx.query, "reservations", items, (r) => reservationJson(ctx.s, ctx.urls, r, "task")));
    },
  },
  {
    method: "GET",
    pattern: `${WS}/Tasks/:task/Reservations/:sid`,
    handler: (ctx) =>
      ok(reservationJson(ctx.s, ctx.urls, ctx.engine.tasks.reservationOf({ taskSid: ctx.params.task! }, ctx.params.sid!), "task")),
  },
  {
    method: "POST",
    pattern: `${WS}/Tasks/:task/Reservations/:sid`,
    handler: (ctx) => {
      const reservation = ctx.engine.tasks.updateReservation({ taskSid: ctx.params.task! }, ctx.params.sid!, reservationUpdate(ctx.body));
      return ok(reservationJson(ctx.s, ctx.urls, reservation, "task"));
    },
  },

  // --- events ------------------------------------------------------------------------------------
  {
    method: "GET",
    pattern: `${WS}/Events`,
    handler: (ctx) => {
      const q = ctx.query;
      const window = resolveWindow(
        defined({ minutes: q.int("Minutes"), startDate: q.date("StartDate"), endDate: q.date("EndDate") }),
        ctx.s.now(),
      );
      const events = ctx.engine.listEvents(
        defined({
          startDate: window.startMs,
          endDate: window.endMs,
          eventType: q.string("EventType"),
          taskSid: q.string("TaskSid"),
          workerSid: q.string("WorkerSid"),
          reservationSid: q.string("ReservationSid"),
          taskQueueSid: q.string("TaskQueueSid"),
          workflowSid: q.string("WorkflowSid"),
          taskChannel: q.string("TaskChannel"),
          sid: q.string("Sid"),
        }),
      );
      // Later pages keep this window (not "the last N minutes" again), so new events cannot shift them.
      const pinned = new URLSearchParams(q.entries().filter(([name]) => !["Minutes", "StartDate", "EndDate"].includes(name)));
      pinned.set("StartDate", new Date(window.startMs).toISOString());
      pinned.set("EndDate", new Date(window.endMs).toISOString());
      return ok(listPage(ctx.urls.base, ctx.path, new Params(pinned), "events", events, (e) => eventJson(ctx.s, ctx.urls, e)));
    },
  },
  {
    method: "GET",
    pattern: `${WS}/Events/:sid`,
    handler: (ctx) => {
      const event = ctx.s.events.find((e) => e.sid === ctx.params.sid);
      if (!event) throw notFound(`Event ${ctx.params.sid}`);
      return ok(eventJson(ctx.s, ctx.urls, event));
    },
  },
];
