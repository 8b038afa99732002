/** Resources as Twilio's JSON (twilio-oai `taskrouter.v1.workspace.*` schemas), URLs on this server. */
import { isoSeconds } from "../statistics/window";
import type {
  Activity,
  EventRecord,
  Reservation,
  Task,
  TaskChannel,
  TaskQueue,
  Worker,
  WorkerChannel,
  Workflow,
  Workspace,
} from "../model";
import type { EngineState } from "../state";
import { freeCapacity } from "../routing";

export type Urls = { base: string; ws: string };

export const urlsFor = (base: string, s: EngineState): Urls => ({ base, ws: `${base}/v1/Workspaces/${s.workspace.sid}` });

const dates = (item: { dateCreated: number; dateUpdated: number }) => ({
  date_created: isoSeconds(item.dateCreated),
  date_updated: isoSeconds(item.dateUpdated),
});

export function workspaceJson(s: EngineState, u: Urls, ws: Workspace = s.workspace) {
  const activity = (sid: string | null) => (sid ? s.activities.get(sid) : undefined);
  return {
    account_sid: s.accountSid,
    ...dates(ws),
    default_activity_name: activity(ws.defaultActivitySid)?.friendlyName ?? null,
    default_activity_sid: ws.defaultActivitySid,
    event_callback_url: ws.eventCallbackUrl,
    events_filter: ws.eventsFilter ? ws.eventsFilter.join(",") : null,
    friendly_name: ws.friendlyName,
    multi_task_enabled: ws.multiTaskEnabled,
    sid: ws.sid,
    timeout_activity_name: activity(ws.timeoutActivitySid)?.friendlyName ?? null,
    timeout_activity_sid: ws.timeoutActivitySid,
    prioritize_queue_order: ws.prioritizeQueueOrder,
    url: u.ws,
    links: Object.fromEntries(
      [
        "activities",
        "events",
        "task_queues",
        "tasks",
        "workers",
        "workflows",
        "task_channels",
        "statistics",
        "real_time_statistics",
        "cumulative_statistics",
      ].map((name) => [name, `${u.ws}/${linkPath(name)}`]),
    ),
  };
}

const linkPath = (name: string): string =>
  ({
    activities: "Activities",
    events: "Events",
    task_queues: "TaskQueues",
    tasks: "Tasks",
    workers: "Workers",
    workflows: "Workflows",
    task_channels: "TaskChannels",
    statistics: "Statistics",
    real_time_statistics: "RealTimeStatistics",
    cumulative_statistics: "CumulativeStatistics",
  })[name] ?? name;

export const activityJson = (s: EngineState, u: Urls, a: Activity) => ({
  account_sid: s.accountSid,
  available: a.available,
  ...dates(a),
  friendly_name: a.friendlyName,
  sid: a.sid,
  workspace_sid: s.workspace.sid,
  url: `${u.ws}/Activities/${a.sid}`,
  links: { workspace: u.ws },
});

export const taskChannelJson = (s: EngineState, u: Urls, c: TaskChannel) => ({
  account_sid: s.accountSid,
  ...dates(c),
  friendly_name: c.friendlyName,
  sid: c.sid,
  unique_name: c.uniqueName,
  workspace_sid: s.workspace.sid,
  channel_optimized_routing: c.channelOptimizedRouting,
  url: `${u.ws}/TaskChannels/${c.sid}`,
  links: { workspace: u.ws },
});

export function workerJson(s: EngineState, u: Urls, w: Worker) {
  const activity = s.activities.get(w.activitySid);
  const url = `${u.ws}/Workers/${w.sid}`;
  return {
    account_sid: s.accountSid,
    activity_name: activity?.friendlyName ?? null,
    activity_sid: w.activitySid,
    attributes: w.attributesJson,
    available: activity?.available ?? false,
    date_created: isoSeconds(w.dateCreated),
    date_status_changed: isoSeconds(w.activitySince),
    date_updated: isoSeconds(w.dateUpdated),
    friendly_name: w.friendlyName,
    sid: w.sid,
    workspace_sid: s.workspace.sid,
    url,
    links: {
      channels: `${url}/Channels`,
      reservations: `${url}/Reservations`,
      worker_statistics: `${url}/Statistics`,
      workspace: u.ws,
    },
  };
}

export function workerChannelJson(s: EngineState, u: Urls, w: Worker, c: WorkerChannel) {
  const taskChannel = s.taskChannels.get(c.taskChannelSid);
  return {
    account_sid: s.accountSid,
    assigned_tasks: c.assigned,
    available: c.available,
    available_capacity_percentage: c.capacity > 0 ? Math.round((100 * freeCapacity(c)) / c.capacity) : 0,
    configured_capacity: c.capacity,
    ...dates(c),
    sid: c.sid,
    task_channel_sid: c.taskChannelSid,
    task_channel_unique_name: taskChannel?.uniqueName ?? null,
    worker_sid: w.sid,
    workspace_sid: s.workspace.sid,
    url: `${u.ws}/Workers/${w.sid}/Channels/${c.taskChannelSid}`,
  };
}

export const taskQueueJson = (s: EngineState, u: Urls, q: TaskQueue) => {
  const url = `${u.ws}/TaskQueues/${q.sid}`;
  const name = (sid: string | null) => (sid ? (s.activities.get(sid)?.friendlyName ?? null) : null);
  return {
    account_sid: s.accountSid,
    assignment_activity_sid: q.assignmentActivitySid,
    assignment_activity_name: name(q.assignmentActivitySid),
    ...dates(q),
    friendly_name: q.friendlyName,
    max_reserved_workers: q.maxReservedWorkers,
    reservation_activity_sid: q.reservationActivitySid,
    reservation_activity_name: name(q.reservationActivitySid),
    sid: q.sid,
    target_workers: q.targetWorkers,
    task_order: q.taskOrder,
    workspace_sid: s.workspace.sid,
    url,
    links: {
      assignment_activity: q.assignmentActivitySid ? `${u.ws}/Activities/${q.assignmentActivitySid}` : null,
      reservation_activity: q.reservationActivitySid ? `${u.ws}/Activities/${q.reservationActivitySid}` : null,
      workspace: u.ws,
      statistics: `${url}/Statistics`,
      real_time_statistics: `${url}/RealTimeStatistics`,
      cumulative_statistics: `${url}/CumulativeStatistics`,
    },
  };
};

export const workflowJson = (s: EngineState, u: Urls, w: Workflow) => {
  const url = `${u.ws}/Workflows/${w.sid}`;
  return {
    account_sid: s.accountSid,
    assignment_callback_url: w.assignmentCallbackUrl,
    configuration: w.configuration,
    ...dates(w),
    document_content_type: "application/json",
    fallback_assignment_callback_url: w.fallbackAssignmentCallbackUrl,
    friendly_name: w.friendlyName,
    sid: w.sid,
    task_reservation_timeout: w.taskReservationTimeout,
    workspace_sid: s.workspace.sid,
    url,
    links: {
      statistics: `${url}/Statistics`,
      real_time_statistics: `${url}/RealTimeStatistics`,
      cumulative_statistics: `${url}/CumulativeStatistics`,
    },
  };
};

export function taskJson(s: EngineState, u: Urls, t: Task) {
  const queue = t.queueSid ? s.queues.get(t.queueSid) : undefined;
  const workflow = s.workflows.get(t.workflowSid);
  const url = `${u.ws}/Tasks/${t.sid}`;
  return {
    account_sid: s.accountSid,
    age: Math.max(0, Math.floor((s.now() - t.dateCreated) / 1000)),
    assignment_status: t.status,
    attributes: t.attributesJson,
    addons: "{}",
    ...dates(t),
    task_queue_entered_date: t.queueEnteredAt === null ? null : isoSeconds(t.queueEnteredAt),
    priority: t.priority,
    reason: t.reason,
    sid: t.sid,
    task_queue_sid: t.queueSid,
    task_queue_friendly_name: queue?.friendlyName ?? null,
    task_channel_sid: t.taskChannelSid,
    task_channel_unique_name: s.taskChannels.get(t.taskChannelSid)?.uniqueName ?? null,
    timeout: t.timeout,
    workflow_sid: t.workflowSid,
    workflow_friendly_name: workflow?.friendlyName ?? null,
    workspace_sid: s.workspace.sid,
    url,
    links: {
      task_queue: queue ? `${u.ws}/TaskQueues/${queue.sid}` : null,
      workflow: `${u.ws}/Workflows/${t.workflowSid}`,
      workspace: u.ws,
      reservations: `${url}/Reservations`,
    },
    virtual_start_time: isoSeconds(t.virtualStartTime),
    ignore_capacity: false,
    routing_target: null,
  };
}

export function reservationJson(s: EngineState, u: Urls, r: Reservation, via: "task" | "worker") {
  const worker = s.workers.get(r.workerSid);
  const url = via === "task" ? `${u.ws}/Tasks/${r.taskSid}/Reservations/${r.sid}` : `${u.ws}/Workers/${r.workerSid}/Reservations/${r.sid}`;
  return {
    account_sid: s.accountSid,
    ...dates(r),
    reservation_status: r.status,
    sid: r.sid,
    task_sid: r.taskSid,
    worker_name: worker?.friendlyName ?? null,
    worker_sid: r.workerSid,
    workspace_sid: s.workspace.sid,
    url,
    links: { task: `${u.ws}/Tasks/${r.taskSid}`, worker: `${u.ws}/Workers/${r.workerSid}`, workspace: u.ws },
  };
}

const resourcePaths: Record<string, string> = {
  Task: "Tasks",
  Reservation: "Reservations",
  Worker: "Workers",
  Activity: "Activities",
  Workflow: "Workflows",
  TaskQueue: "TaskQueues",
  TaskChannel: "TaskChannels",
};

/** Callback parameters the Event resource carries as its own top-level fields, not in `event_data`. */
const TOP_LEVEL_PARAMS = new Set([
  "Sid",
  "EventType",
  "AccountSid",
  "ResourceType",
  "ResourceSid",
  "EventDescription",
  "Timestamp",
  "TimestampMs",
]);

/**
 * An Event resource's `event_data`: the callback's other parameters under snake_case names
 * (`WorkerActivityName` → `worker_activity_name`), as in Twilio's Event resource examples.
 */
export function eventData(params: Readonly<Record<string, string>>): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (TOP_LEVEL_PARAMS.has(name)) continue;
    data[name.replace(/(?<!^)([A-Z])/g, "_$1").toLowerCase()] = value;
  }
  return data;
}

export function eventJson(s: EngineState, u: Urls, e: EventRecord) {
  const resourcePath = resourcePaths[e.resourceType];
  const resourceUrl =
    e.resourceType === "Workspace"
      ? u.ws
      : e.resourceType === "Reservation" && e.taskSid
        ? `${u.ws}/Tasks/${e.taskSid}/Reservations/${e.resourceSid}`
        : resourcePath
          ? `${u.ws}/${resourcePath}/${e.resourceSid}`
          : null;
  return {
    account_sid: s.accountSid,
    actor_sid: s.accountSid,
    actor_type: "account",
    actor_url: null,
    description: e.description,
    event_data: eventData(e.params),
    event_date: isoSeconds(e.timeMs),
    event_date_ms: e.timeMs,
    event_type: e.type,
    resource_sid: e.resourceSid,
    resource_type: e.resourceType,
    resource_url: resourceUrl,
    sid: e.sid,
    source: "taskrouter-emulator",
    source_ip_address: "127.0.0.1",
    url: `${u.ws}/Events/${e.sid}`,
    workspace_sid: s.workspace.sid,
  };
}
