/** Workspace configuration: the workspace itself, activities, task channels, task queues, workflows. */
import { validateExpression } from "@/lib/expression";
import { invalidParameter } from "./errors";
import { taskChannelFields } from "./event-fields";
import type { TaskLifecycle } from "./lifecycle";
import type { Activity, TaskChannel, TaskQueue, Workflow, Workspace } from "./model";
import type { EngineState } from "./state";
import { compileWorkflowConfiguration, queuesOf } from "./workflow-config";

export type WorkspaceUpdate = {
  friendlyName?: string;
  eventCallbackUrl?: string | null;
  eventsFilter?: string | null;
  defaultActivitySid?: string;
  timeoutActivitySid?: string;
  multiTaskEnabled?: boolean;
  prioritizeQueueOrder?: "FIFO" | "LIFO";
};
export type TaskChannelInput = { friendlyName: string; uniqueName: string; channelOptimizedRouting?: boolean; defaultCapacity?: number };
export type TaskQueueInput = {
  friendlyName: string;
  targetWorkers?: string;
  maxReservedWorkers?: number;
  taskOrder?: "FIFO" | "LIFO";
  reservationActivitySid?: string | null;
  assignmentActivitySid?: string | null;
};
export type WorkflowInput = {
  friendlyName: string;
  configuration: string;
  taskReservationTimeout?: number;
  assignmentCallbackUrl?: string | null;
  fallbackAssignmentCallbackUrl?: string | null;
};

export const DEFAULT_TASK_RESERVATION_TIMEOUT = 120;

const requireText = (value: string | undefined, name: string, maxLength = 255): string => {
  if (value === undefined || value.trim() === "") throw invalidParameter(`${name} is required`);
  if (value.length > maxLength) throw invalidParameter(`${name} is too long (${maxLength} characters at most)`);
  return value;
};

function checkTargetWorkers(expression: string): void {
  const result = validateExpression(expression, { defaultScope: "worker" });
  if (!result.ok) throw invalidParameter(`Invalid TargetWorkers expression: ${result.message}`);
}

function checkEventCallbackUrl(url: string): void {
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw invalidParameter(`EventCallbackUrl is not a valid http(s) URL: ${url}`);
  }
}

export class ConfigService {
  constructor(
    private readonly s: EngineState,
    private readonly lifecycle: TaskLifecycle,
  ) {}

  // --- workspace ---------------------------------------------------------------------------------

  updateWorkspace(input: WorkspaceUpdate): Workspace {
    const ws = this.s.workspace;
    if (input.defaultActivitySid !== undefined) this.s.activityParam(input.defaultActivitySid, "DefaultActivitySid");
    if (input.timeoutActivitySid !== undefined) this.s.activityParam(input.timeoutActivitySid, "TimeoutActivitySid");
    if (input.eventCallbackUrl) checkEventCallbackUrl(input.eventCallbackUrl);
    if (input.friendlyName !== undefined) ws.friendlyName = requireText(input.friendlyName, "FriendlyName");
    if (input.eventCallbackUrl !== undefined) ws.eventCallbackUrl = input.eventCallbackUrl || null;
    if (input.eventsFilter !== undefined) ws.eventsFilter = parseEventsFilter(input.eventsFilter);
    if (input.defaultActivitySid !== undefined) ws.defaultActivitySid = input.defaultActivitySid;
    if (input.timeoutActivitySid !== undefined) ws.timeoutActivitySid = input.timeoutActivitySid;
    if (input.multiTaskEnabled !== undefined) ws.multiTaskEnabled = input.multiTaskEnabled;
    if (input.prioritizeQueueOrder !== undefined) ws.prioritizeQueueOrder = input.prioritizeQueueOrder;
    ws.dateUpdated = this.s.now();
    this.s.emit("workspace.updated", {
      resourceType: "Workspace",
      resourceSid: ws.sid,
      description: `Workspace ${ws.friendlyName} updated`,
    });
    return ws;
  }

  // --- activities --------------------------------------------------------------------------------

  createActivity(input: { friendlyName: string; available?: boolean }): Activity {
    const friendlyName = requireText(input.friendlyName, "FriendlyName");
    for (const existing of this.s.activities.values()) {
      if (existing.friendlyName === friendlyName) throw invalidParameter(`An Activity named ${friendlyName} already exists`);
    }
    const now = this.s.now();
    const activity: Activity = {
      sid: this.s.sids.next("WA"),
      friendlyName,
      available: input.available ?? false,
      dateCreated: now,
      dateUpdated: now,
    };
    this.s.activities.set(activity.sid, activity);
    this.emitActivity("activity.created", activity);
    return activity;
  }

  updateActivity(sid: string, input: { friendlyName?: string }): Activity {
    const activity = this.s.activity(sid);
    if (input.friendlyName !== undefined) activity.friendlyName = requireText(input.friendlyName, "FriendlyName");
    activity.dateUpdated = this.s.now();
    this.emitActivity("activity.updated", activity);
    return activity;
  }

  deleteActivity(sid: string): void {
    const activity = this.s.activity(sid);
    const ws = this.s.workspace;
    if (ws.defaultActivitySid === sid || ws.timeoutActivitySid === sid) {
      throw invalidParameter(`Activity ${sid} is the workspace's default or timeout activity`);
    }
    for (const worker of this.s.workers.values()) {
      if (worker.activitySid === sid) throw invalidParameter(`Activity ${sid} is in use by worker ${worker.sid}`);
    }
    this.s.activities.delete(sid);
    this.emitActivity("activity.deleted", activity);
  }

  private emitActivity(type: string, activity: Activity): void {
    this.s.emit(type, {
      resourceType: "Activity",
      resourceSid: activity.sid,
      description: `Activity ${activity.friendlyName} ${type.split(".")[1]}`,
      activity,
    });
  }

  // --- task channels -----------------------------------------------------------------------------

  createTaskChannel(input: TaskChannelInput): TaskChannel {
    const friendlyName = requireText(input.friendlyName, "FriendlyName");
    const uniqueName = requireText(input.uniqueName, "UniqueName");
    if (this.s.findTaskChannel(uniqueName)) throw invalidParameter(`A TaskChannel with UniqueName ${uniqueName} already exists`);
    const now = this.s.now();
    const channel: TaskChannel = {
      sid: this.s.sids.next("TC"),
      uniqueName,
      friendlyName,
      channelOptimizedRouting: input.channelOptimizedRouting ?? false,
      defaultCapacity: input.defaultCapacity ?? 1,
      dateCreated: now,
      dateUpdated: now,
    };
    this.s.taskChannels.set(channel.sid, channel);
    for (const worker of this.s.workers.values()) {
      worker.channels.set(channel.sid, {
        sid: this.s.sids.next("WC"),
        taskChannelSid: channel.sid,
        capacity: channel.defaultCapacity,
        available: true,
        reserved: 0,
        assigned: 0,
        dateCreated: now,
        dateUpdated: now,
      });
    }
    this.emitTaskChannel("task-channel.created", channel);
    return channel;
  }

  updateTaskChannel(sidOrName: string, input: { friendlyName?: string; channelOptimizedRouting?: boolean }): TaskChannel {
    const channel = this.s.taskChannel(sidOrName);
    if (input.friendlyName !== undefined) channel.friendlyName = requireText(input.friendlyName, "FriendlyName");
    if (input.channelOptimizedRouting !== undefined) channel.channelOptimizedRouting = input.channelOptimizedRouting;
    channel.dateUpdated = this.s.now();
    this.emitTaskChannel("task-channel.updated", channel);
    return channel;
  }

  deleteTaskChannel(sidOrName: string): void {
    const channel = this.s.taskChannel(sidOrName);
    for (const task of this.s.tasks.values()) {
      if (task.taskChannelSid === channel.sid && task.status !== "completed" && task.status !== "canceled") {
        throw invalidParameter(`TaskChannel ${channel.uniqueName} has active tasks`);
      }
    }
    this.s.taskChannels.delete(channel.sid);
    for (const worker of this.s.workers.values()) worker.channels.delete(channel.sid);
    this.emitTaskChannel("task-channel.deleted", channel);
  }

  private emitTaskChannel(type: string, channel: TaskChannel): void {
    this.s.emit(type, {
      resourceType: "TaskChannel",
      resourceSid: channel.sid,
      description: `TaskChannel ${channel.uniqueName} ${type.split(".")[1]}`,
      extra: taskChannelFields(channel),
    });
  }

  // --- task queues -------------------------------------------------------------------------------

  createTaskQueue(input: TaskQueueInput): TaskQueue {
    const friendlyName = requireText(input.friendlyName, "FriendlyName");
    const targetWorkers = input.targetWorkers?.trim() || "1==1";
    checkTargetWorkers(targetWorkers);
    this.checkQueueActivities(input);
    const now = this.s.now();
    const queue: TaskQueue = {
      sid: this.s.sids.next("WQ"),
      friendlyName,
      targetWorkers,
      maxReservedWorkers: checkMaxReserved(input.maxReservedWorkers ?? 1),
      taskOrder: input.taskOrder ?? "FIFO",
      reservationActivitySid: input.reservationActivitySid ?? null,
      assignmentActivitySid: input.assignmentActivitySid ?? null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.s.queues.set(queue.sid, queue);
    this.s.refreshMembershipOfQueue(queue);
    this.emitQueue("task-queue.created", queue);
    return queue;
  }

  updateTaskQueue(sid: string, input: Partial<TaskQueueInput>): TaskQueue {
    const queue = this.s.queue(sid);
    const targetWorkers = input.targetWorkers?.trim();
    if (targetWorkers) checkTargetWorkers(targetWorkers);
    this.checkQueueActivities(input);
    if (input.friendlyName !== undefined) queue.friendlyName = requireText(input.friendlyName, "FriendlyName");
    if (input.maxReservedWorkers !== undefined) queue.maxReservedWorkers = checkMaxReserved(input.maxReservedWorkers);
    if (input.taskOrder !== undefined) queue.taskOrder = input.taskOrder;
    if (input.reservationActivitySid !== undefined) queue.reservationActivitySid = input.reservationActivitySid;
    if (input.assignmentActivitySid !== undefined) queue.assignmentActivitySid = input.assignmentActivitySid;
    queue.dateUpdated = this.s.now();
    if (targetWorkers && targetWorkers !== queue.targetWorkers) {
      queue.targetWorkers = targetWorkers;
      this.s.refreshMembershipOfQueue(queue);
      this.emitQueue("task-queue.expression.updated", queue);
      this.lifecycle.dispatch();
    }
    return queue;
  }

  deleteTaskQueue(sid: string): void {
    const queue = this.s.queue(sid);
    for (const workflow of this.s.workflows.values()) {
      if (queuesOf(workflow.compiled).has(sid)) throw invalidParameter(`TaskQueue ${sid} is used by workflow ${workflow.sid}`);
    }
    for (const task of this.s.tasks.values()) {
      if (task.queueSid === sid && task.status !== "completed" && task.status !== "canceled") {
        throw invalidParameter(`TaskQueue ${sid} has active tasks`);
      }
    }
    this.s.queues.delete(sid);
    this.s.membership.delete(sid);
    this.emitQueue("task-queue.deleted", queue);
  }

  private checkQueueActivities(input: Partial<TaskQueueInput>): void {
    if (input.reservationActivitySid) this.s.activityParam(input.reservationActivitySid, "ReservationActivitySid");
    if (input.assignmentActivitySid) this.s.activityParam(input.assignmentActivitySid, "AssignmentActivitySid");
  }

  private emitQueue(type: string, queue: TaskQueue): void {
    this.s.emit(type, {
      resourceType: "TaskQueue",
      resourceSid: queue.sid,
      description: `TaskQueue ${queue.friendlyName} ${type.slice("task-queue.".length)}`,
      extra: { TaskQueueSid: queue.sid, TaskQueueName: queue.friendlyName, TaskQueueTargetExpression: queue.targetWorkers },
    });
  }

  // --- workflows ---------------------------------------------------------------------------------

  createWorkflow(input: WorkflowInput): Workflow {
    const friendlyName = requireText(input.friendlyName, "FriendlyName");
    const configuration = requireText(input.configuration, "Configuration", 65_536);
    const compiled = compileWorkflowConfiguration(configuration, (sid) => this.s.queues.has(sid));
    const now = this.s.now();
    const workflow: Workflow = {
      sid: this.s.sids.next("WW"),
      friendlyName,
      configuration,
      compiled,
      taskReservationTimeout: checkReservationTimeout(input.taskReservationTimeout ?? DEFAULT_TASK_RESERVATION_TIMEOUT),
      assignmentCallbackUrl: input.assignmentCallbackUrl ?? null,
      fallbackAssignmentCallbackUrl: input.fallbackAssignmentCallbackUrl ?? null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.s.workflows.set(workflow.sid, workflow);
    this.emitWorkflow("workflow.created", workflow);
    return workflow;
  }

  updateWorkflow(sid: string, input: Partial<WorkflowInput> & { reEvaluateTasks?: boolean }): Workflow {
    const workflow = this.s.workflow(sid);
    const compiled =
      input.configuration !== undefined
        ? compileWorkflowConfiguration(requireText(input.configuration, "Configuration", 65_536), (q) => this.s.queues.has(q))
        : null;
    if (input.taskReservationTimeout !== undefined) workflow.taskReservationTimeout = checkReservationTimeout(input.taskReservationTimeout);
    if (input.friendlyName !== undefined) workflow.friendlyName = requireText(input.friendlyName, "FriendlyName");
    if (input.assignmentCallbackUrl !== undefined) workflow.assignmentCallbackUrl = input.assignmentCallbackUrl;
    if (input.fallbackAssignmentCallbackUrl !== undefined) workflow.fallbackAssignmentCallbackUrl = input.fallbackAssignmentCallbackUrl;
    if (compiled && input.configuration !== undefined) {
      workflow.configuration = input.configuration;
      workflow.compiled = compiled;
    }
    workflow.dateUpdated = this.s.now();
    this.emitWorkflow("workflow.updated", workflow);
    if (input.reEvaluateTasks) {
      for (const task of [...this.s.openTasks.values()]) if (task.workflowSid === sid) this.lifecycle.reroute(task);
    }
    return workflow;
  }

  deleteWorkflow(sid: string): void {
    const workflow = this.s.workflow(sid);
    for (const task of this.s.tasks.values()) {
      if (task.workflowSid === sid && task.status !== "completed" && task.status !== "canceled") {
        throw invalidParameter(`Workflow ${sid} has active tasks`);
      }
    }
    this.s.workflows.delete(sid);
    this.emitWorkflow("workflow.deleted", workflow);
  }

  private emitWorkflow(type: string, workflow: Workflow): void {
    this.s.emit(type, {
      resourceType: "Workflow",
      resourceSid: workflow.sid,
      description: `Workflow ${workflow.friendlyName} ${type.split(".")[1]}`,
      workflow,
    });
  }
}

/** `EventsFilter`: comma-separated event types; empty means every event. */
export function parseEventsFilter(value: string | null): string[] | null {
  if (value === null) return null;
  const types = value
    .split(",")
    .map((type) => type.trim())
    .filter(Boolean);
  return types.length > 0 ? types : null;
}

function checkReservationTimeout(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 86_400) {
    throw invalidParameter("TaskReservationTimeout must be an integer from 1 to 86400");
  }
  return value;
}

function checkMaxReserved(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 50) throw invalidParameter("MaxReservedWorkers must be an integer from 1 to 50");
  return value;
}
