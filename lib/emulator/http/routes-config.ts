/** REST routes: Workspaces, Activities, TaskChannels, TaskQueues, Workflows. */
import { compileExpression } from "@/lib/expression";
import { invalidParameter } from "../errors";
import { created, noContent, ok, type Route } from "./router";
import { activityJson, taskChannelJson, taskQueueJson, workflowJson, workspaceJson } from "./serialize";
import { defined, listPage } from "./wire";

const WS = "/v1/Workspaces/:ws";

function order(value: string | undefined, name: string): "FIFO" | "LIFO" | undefined {
  if (value === undefined) return undefined;
  if (value !== "FIFO" && value !== "LIFO") throw invalidParameter(`${name} must be FIFO or LIFO`);
  return value;
}

/** `EvaluateWorkerAttributes`: queues whose TargetWorkers would match a worker with these attributes. */
function queueMatcher(json: string): (targetWorkers: string) => boolean {
  let attributes: unknown;
  try {
    attributes = JSON.parse(json);
  } catch {
    throw invalidParameter("EvaluateWorkerAttributes must be a JSON object");
  }
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) {
    throw invalidParameter("EvaluateWorkerAttributes must be a JSON object");
  }
  const worker = attributes as Record<string, unknown>;
  return (targetWorkers) => compileExpression(targetWorkers, { defaultScope: "worker" })({ worker });
}

export const configRoutes: Route[] = [
  // --- workspaces: one, listed and fetched like Twilio's ------------------------------------------
  {
    method: "GET",
    pattern: "/v1/Workspaces",
    handler: (ctx) => {
      const name = ctx.query.string("FriendlyName");
      const items = name && name !== ctx.s.workspace.friendlyName ? [] : [ctx.s.workspace];
      return ok(listPage(ctx.urls.base, ctx.path, ctx.query, "workspaces", items, (ws) => workspaceJson(ctx.s, ctx.urls, ws)));
    },
  },
  {
    method: "POST",
    pattern: "/v1/Workspaces",
    handler: () => {
      throw invalidParameter("The emulator serves exactly one workspace; update it instead of creating another");
    },
  },
  { method: "GET", pattern: WS, handler: (ctx) => ok(workspaceJson(ctx.s, ctx.urls)) },
  {
    method: "POST",
    pattern: WS,
    handler: (ctx) => {
      const b = ctx.body;
      ctx.engine.config.updateWorkspace(
        defined({
          friendlyName: b.string("FriendlyName"),
          eventCallbackUrl: b.string("EventCallbackUrl"),
          eventsFilter: b.string("EventsFilter"),
          defaultActivitySid: b.string("DefaultActivitySid"),
          timeoutActivitySid: b.string("TimeoutActivitySid"),
          multiTaskEnabled: b.bool("MultiTaskEnabled"),
          prioritizeQueueOrder: order(b.string("PrioritizeQueueOrder"), "PrioritizeQueueOrder"),
        }),
      );
      return ok(workspaceJson(ctx.s, ctx.urls));
    },
  },

  // --- activities --------------------------------------------------------------------------------
  {
    method: "GET",
    pattern: `${WS}/Activities`,
    handler: (ctx) => {
      const name = ctx.query.string("FriendlyName");
      const available = ctx.query.bool("Available");
      const items = [...ctx.s.activities.values()].filter(
        (a) => (name === undefined || a.friendlyName === name) && (available === undefined || a.available === available),
      );
      return ok(listPage(ctx.urls.base, ctx.path, ctx.query, "activities", items, (a) => activityJson(ctx.s, ctx.urls, a)));
    },
  },
  {
    method: "POST",
    pattern: `${WS}/Activities`,
    handler: (ctx) => {
      const activity = ctx.engine.config.createActivity(
        defined({ friendlyName: ctx.body.string("FriendlyName") ?? "", available: ctx.body.bool("Available") }),
      );
      return created(activityJson(ctx.s, ctx.urls, activity));
    },
  },
  { method: "GET", pattern: `${WS}/Activities/:sid`, handler: (ctx) => ok(activityJson(ctx.s, ctx.urls, ctx.s.activity(ctx.params.sid!))) },
  {
    method: "POST",
    pattern: `${WS}/Activities/:sid`,
    handler: (ctx) => {
      const activity = ctx.engine.config.updateActivity(ctx.params.sid!, defined({ friendlyName: ctx.body.string("FriendlyName") }));
      return ok(activityJson(ctx.s, ctx.urls, activity));
    },
  },
  {
    method: "DELETE",
    pattern: `${WS}/Activities/:sid`,
    handler: (ctx) => {
      ctx.engine.config.deleteActivity(ctx.params.sid!);
      return noContent();
    },
  },

  // --- task channels -----------------------------------------------------------------------------
  {
    method: "GET",
    pattern: `${WS}/TaskChannels`,
    handler: (ctx) =>
      ok(
        listPage(ctx.urls.base, ctx.path, ctx.query, "channels", [...ctx.s.taskChannels.values()], (c) =>
          taskChannelJson(ctx.s, ctx.urls, c),
        ),
      ),
  },
  {
    method: "POST",
    pattern: `${WS}/TaskChannels`,
    handler: (ctx) => {
      const channel = ctx.engine.config.createTaskChannel(
        defined({
          friendlyName: ctx.body.string("FriendlyName") ?? "",
          uniqueName: ctx.body.string("UniqueName") ?? "",
          channelOptimizedRouting: ctx.body.bool("ChannelOptimizedRouting"),
        }),
      );
      return created(taskChannelJson(ctx.s, ctx.urls, channel));
    },
  },
  {
    method: "GET",
    pattern: `${WS}/TaskChannels/:sid`,
    handler: (ctx) => ok(taskChannelJson(ctx.s, ctx.urls, ctx.s.taskChannel(ctx.params.sid!))),
  },
  {
    method: "POST",
    pattern: `${WS}/TaskChannels/:sid`,
    handler: (ctx) => {
      const channel = ctx.engine.config.updateTaskChannel(
        ctx.params.sid!,
        defined({ friendlyName: ctx.body.string("FriendlyName"), channelOptimizedRouting: ctx.body.bool("ChannelOptimizedRouting") }),
      );
      return ok(taskChannelJson(ctx.s, ctx.urls, channel));
    },
  },
  {
    method: "DELETE",
    pattern: `${WS}/TaskChannels/:sid`,
    handler: (ctx) => {
      ctx.engine.config.deleteTaskChannel(ctx.params.sid!);
      return noContent();
    },
  },

  // --- task queues (statistics routes come first in the server, they share the prefix) -----------
  {
    method: "GET",
    pattern: `${WS}/TaskQueues`,
    handler: (ctx) => {
      const q = ctx.query;
      const name = q.string("FriendlyName");
      const workerSid = q.string("WorkerSid");
      const evaluate = q.string("EvaluateWorkerAttributes");
      const matchesAttributes = evaluate !== undefined ? queueMatcher(evaluate) : null;
      let items = [...ctx.s.queues.values()].filter(
        (queue) =>
          (name === undefined || queue.friendlyName === name) &&
          (workerSid === undefined || ctx.s.membersOf(queue.sid).has(workerSid)) &&
          (!matchesAttributes || matchesAttributes(queue.targetWorkers)),
      );
      if (q.string("Ordering") === "DateCreated:desc") items = items.reverse();
      return ok(listPage(ctx.urls.base, ctx.path, q, "task_queues", items, (queue) => taskQueueJson(ctx.s, ctx.urls, queue)));
    },
  },
  {
    method: "POST",
    pattern: `${WS}/TaskQueues`,
    handler: (ctx) => {
      const b = ctx.body;
      const queue = ctx.engine.config.createTaskQueue(
        defined({
          friendlyName: b.string("FriendlyName") ?? "",
          targetWorkers: b.string("TargetWorkers"),
          maxReservedWorkers: b.int("MaxReservedWorkers"),
          taskOrder: order(b.string("TaskOrder"), "TaskOrder"),
          reservationActivitySid: b.string("ReservationActivitySid"),
          assignmentActivitySid: b.string("AssignmentActivitySid"),
        }),
      );
      return created(taskQueueJson(ctx.s, ctx.urls, queue));
    },
  },
  { method: "GET", pattern: `${WS}/TaskQueues/:sid`, handler: (ctx) => ok(taskQueueJson(ctx.s, ctx.urls, ctx.s.queue(ctx.params.sid!))) },
  {
    method: "POST",
    pattern: `${WS}/TaskQueues/:sid`,
    handler: (ctx) => {
      const b = ctx.body;
      const queue = ctx.engine.config.updateTaskQueue(
        ctx.params.sid!,
        defined({
          friendlyName: b.string("FriendlyName"),
          targetWorkers: b.string("TargetWorkers"),
          maxReservedWorkers: b.int("MaxReservedWorkers"),
          taskOrder: order(b.string("TaskOrder"), "TaskOrder"),
          reservationActivitySid: b.string("ReservationActivitySid"),
          assignmentActivitySid: b.string("AssignmentActivitySid"),
        }),
      );
      return ok(taskQueueJson(ctx.s, ctx.urls, queue));
    },
  },
  {
    method: "DELETE",
    pattern: `${WS}/TaskQueues/:sid`,
    handler: (ctx) => {
      ctx.engine.config.deleteTaskQueue(ctx.params.sid!);
      return noContent();
    },
  },

  // --- workflows ---------------------------------------------------------------------------------
  {
    method: "GET",
    pattern: `${WS}/Workflows`,
    handler: (ctx) => {
      const name = ctx.query.string("FriendlyName");
      const items = [...ctx.s.workflows.values()].filter((w) => name === undefined || w.friendlyName === name);
      return ok(listPage(ctx.urls.base, ctx.path, ctx.query, "workflows", items, (w) => workflowJson(ctx.s, ctx.urls, w)));
    },
  },
  {
    method: "POST",
    pattern: `${WS}/Workflows`,
    handler: (ctx) => {
      const b = ctx.body;
      const workflow = ctx.engine.config.createWorkflow(
        defined({
          friendlyName: b.string("FriendlyName") ?? "",
          configuration: b.string("Configuration") ?? "",
          taskReservationTimeout: b.int("TaskReservationTimeout"),
          assignmentCallbackUrl: b.string("AssignmentCallbackUrl"),
          fallbackAssignmentCallbackUrl: b.string("FallbackAssignmentCallbackUrl"),
        }),
      );
      return created(workflowJson(ctx.s, ctx.urls, workflow));
    },
  },
  { method: "GET", pattern: `${WS}/Workflows/:sid`, handler: (ctx) => ok(workflowJson(ctx.s, ctx.urls, ctx.s.workflow(ctx.params.sid!))) },
  {
    method: "POST",
    pattern: `${WS}/Workflows/:sid`,
    handler: (ctx) => {
      const b = ctx.body;
      const workflow = ctx.engine.config.updateWorkflow(
        ctx.params.sid!,
        defined({
          friendlyName: b.string("FriendlyName"),
          configuration: b.string("Configuration"),
          taskReservationTimeout: b.int("TaskReservationTimeout"),
          assignmentCallbackUrl: b.string("AssignmentCallbackUrl"),
          fallbackAssignmentCallbackUrl: b.string("FallbackAssignmentCallbackUrl"),
          reEvaluateTasks: b.bool("ReEvaluateTasks"),
        }),
      );
      return ok(workflowJson(ctx.s, ctx.urls, workflow));
    },
  },
  {
    method: "DELETE",
    pattern: `${WS}/Workflows/:sid`,
    handler: (ctx) => {
      ctx.engine.config.deleteWorkflow(ctx.params.sid!);
      return noContent();
    },
  },
];
