/**
 * REST routes of the statistics endpoints. Query parameters as in the spec (`Minutes`, `StartDate`,
 * `EndDate`, `TaskChannel`, `SplitByWaitTime`, and for workers `TaskQueueSid`, `TaskQueueName`,
 * `FriendlyName`), plus two of ours for the service level of docs/metrics.md: `SlaSeconds` (T, default 20)
 * and `ShortAbandonSeconds` (S, default 5).
 */
import { invalidParameter } from "../errors";
import type { StatisticsQuery, WorkersQuery } from "../statistics";
import { ok, type Route, type RouteContext } from "./router";
import { defined, listPage, type Params } from "./wire";

const WS = "/v1/Workspaces/:ws";

function statisticsQuery(q: Params): StatisticsQuery {
  return defined({
    minutes: q.int("Minutes"),
    startDate: q.date("StartDate"),
    endDate: q.date("EndDate"),
    taskChannel: q.string("TaskChannel"),
    splitByWaitTime: q.seconds("SplitByWaitTime"),
    slaSeconds: q.int("SlaSeconds"),
    shortAbandonSeconds: q.int("ShortAbandonSeconds"),
  });
}

const workersQuery = (q: Params): WorkersQuery =>
  defined({
    ...statisticsQuery(q),
    taskQueueSid: q.string("TaskQueueSid"),
    taskQueueName: q.string("TaskQueueName"),
    friendlyName: q.string("FriendlyName"),
  });

/** Adds the fields every statistics body carries. */
function body(ctx: RouteContext, fields: object) {
  return { account_sid: ctx.s.accountSid, workspace_sid: ctx.s.workspace.sid, ...fields, url: `${ctx.urls.base}${ctx.path}` };
}

/** Bulk real-time statistics: the spec leaves the JSON body open; accept sids in any array in it. */
function bulkQueueSids(raw: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw || "[]");
  } catch {
    throw invalidParameter("Body must be JSON listing TaskQueue sids");
  }
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === "string" && /^WQ[0-9a-f]{32}$/i.test(value)) found.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(visit);
  };
  visit(parsed);
  if (found.size > 50) throw invalidParameter("At most 50 TaskQueues per request");
  return [...found];
}

export const statisticsRoutes: Route[] = [
  {
    method: "GET",
    pattern: `${WS}/TaskQueues/Statistics`,
    handler: (ctx) => {
      const q = ctx.query;
      const name = q.string("FriendlyName");
      const items = ctx.engine.statistics.taskQueuesStatistics({ ...statisticsQuery(q), ...(name ? { friendlyName: name } : {}) });
      return ok(
        listPage(ctx.urls.base, ctx.path, q, "task_queues_statistics", items, (item) => ({
          account_sid: ctx.s.accountSid,
          workspace_sid: ctx.s.workspace.sid,
          ...item,
        })),
      );
    },
  },
  {
    method: "POST",
    pattern: `${WS}/TaskQueues/RealTimeStatistics`,
    handler: (ctx) => {
      const data = bulkQueueSids(ctx.rawBody).map((sid) => ctx.engine.statistics.taskQueueRealtime(sid));
      return { status: 201, body: body(ctx, { task_queue_data: data, task_queue_response_count: data.length }) };
    },
  },
  {
    method: "GET",
    pattern: `${WS}/TaskQueues/:queue/RealTimeStatistics`,
    handler: (ctx) => {
      const channel = ctx.query.string("TaskChannel");
      return ok(body(ctx, ctx.engine.statistics.taskQueueRealtime(ctx.params.queue!, channel ? { taskChannel: channel } : {})));
    },
  },
  {
    method: "GET",
    pattern: `${WS}/TaskQueues/:queue/CumulativeStatistics`,
    handler: (ctx) => ok(body(ctx, ctx.engine.statistics.taskQueueCumulative(ctx.params.queue!, statisticsQuery(ctx.query)))),
  },
  {
    method: "GET",
    pattern: `${WS}/TaskQueues/:queue/Statistics`,
    handler: (ctx) => ok(body(ctx, ctx.engine.statistics.taskQueueStatistics(ctx.params.queue!, statisticsQuery(ctx.query)))),
  },
  {
    method: "GET",
    pattern: `${WS}/Workflows/:workflow/RealTimeStatistics`,
    handler: (ctx) => {
      const channel = ctx.query.string("TaskChannel");
      return ok(body(ctx, ctx.engine.statistics.workflowRealtime(ctx.params.workflow!, channel ? { taskChannel: channel } : {})));
    },
  },
  {
    method: "GET",
    pattern: `${WS}/Workflows/:workflow/CumulativeStatistics`,
    handler: (ctx) => ok(body(ctx, ctx.engine.statistics.workflowCumulative(ctx.params.workflow!, statisticsQuery(ctx.query)))),
  },
  {
    method: "GET",
    pattern: `${WS}/Workflows/:workflow/Statistics`,
    handler: (ctx) => ok(body(ctx, ctx.engine.statistics.workflowStatistics(ctx.params.workflow!, statisticsQuery(ctx.query)))),
  },
  {
    method: "GET",
    pattern: `${WS}/RealTimeStatistics`,
    handler: (ctx) => {
      const channel = ctx.query.string("TaskChannel");
      return ok(body(ctx, ctx.engine.statistics.workspaceRealtime(channel ? { taskChannel: channel } : {})));
    },
  },
  {
    method: "GET",
    pattern: `${WS}/CumulativeStatistics`,
    handler: (ctx) => ok(body(ctx, ctx.engine.statistics.workspaceCumulative(statisticsQuery(ctx.query)))),
  },
  {
    method: "GET",
    pattern: `${WS}/Statistics`,
    handler: (ctx) => ok(body(ctx, ctx.engine.statistics.workspaceStatistics(statisticsQuery(ctx.query)))),
  },
  {
    method: "GET",
    pattern: `${WS}/Workers/RealTimeStatistics`,
    handler: (ctx) => ok(body(ctx, ctx.engine.statistics.workersRealtime(workersQuery(ctx.query)))),
  },
  {
    method: "GET",
    pattern: `${WS}/Workers/CumulativeStatistics`,
    handler: (ctx) => ok(body(ctx, ctx.engine.statistics.workersCumulative(workersQuery(ctx.query)))),
  },
  {
    method: "GET",
    pattern: `${WS}/Workers/Statistics`,
    handler: (ctx) => ok(body(ctx, ctx.engine.statistics.workersStatistics(workersQuery(ctx.query)))),
  },
  {
    method: "GET",
    pattern: `${WS}/Workers/:worker/Statistics`,
    handler: (ctx) => ok(body(ctx, ctx.engine.statistics.workerStatistics(ctx.params.worker!, statisticsQuery(ctx.query)))),
  },
];
