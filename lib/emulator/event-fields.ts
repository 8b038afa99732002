/**
 * The parameter groups of TaskRouter event callbacks (reference §1–2), with Twilio's names.
 * Every value is a string, as in a form POST. Times: `Timestamp`, `TaskDateCreated` and
 * `TaskQueueEnteredDate` are epoch seconds; `TimestampMs` and `*Ms` durations are milliseconds.
 */
import type { Activity, Reservation, Task, TaskChannel, TaskQueue, Worker, WorkerChannel, Workflow } from "./model";

export type Params = Record<string, string>;

export const epochSeconds = (ms: number): number => Math.floor(ms / 1000);

export function taskFields(task: Task, channel: TaskChannel | undefined, now: number): Params {
  const fields: Params = {
    TaskSid: task.sid,
    TaskAttributes: task.attributesJson,
    TaskAge: String(Math.max(0, epochSeconds(now - task.dateCreated))),
    TaskPriority: String(task.priority),
    TaskAssignmentStatus: task.status,
    TaskDateCreated: String(epochSeconds(task.dateCreated)),
    TaskVersion: String(task.version),
    TaskTimeout: String(task.timeout),
    TaskChannelSid: task.taskChannelSid,
    TaskChannelUniqueName: channel?.uniqueName ?? "",
  };
  if (task.queueEnteredAt !== null) fields.TaskQueueEnteredDate = String(epochSeconds(task.queueEnteredAt));
  if (task.status === "canceled" && task.reason !== null) fields.TaskCanceledReason = task.reason;
  if (task.status === "completed" && task.reason !== null) fields.TaskCompletedReason = task.reason;
  return fields;
}

export const queueFields = (queue: TaskQueue): Params => ({
  TaskQueueSid: queue.sid,
  TaskQueueName: queue.friendlyName,
  TaskQueueTargetExpression: queue.targetWorkers,
});

export const workflowFields = (workflow: Workflow): Params => ({
  WorkflowSid: workflow.sid,
  WorkflowName: workflow.friendlyName,
});

export const workerFields = (worker: Worker, activity: Activity | undefined): Params => ({
  WorkerSid: worker.sid,
  WorkerName: worker.friendlyName,
  WorkerAttributes: worker.attributesJson,
  WorkerActivitySid: worker.activitySid,
  WorkerActivityName: activity?.friendlyName ?? "",
  WorkerVersion: String(worker.version),
});

/** Added to `worker.activity.update`. */
export const previousActivityFields = (previous: Activity | undefined, sinceMs: number, now: number): Params => ({
  WorkerTimeInPreviousActivity: String(Math.max(0, epochSeconds(now - sinceMs))),
  WorkerTimeInPreviousActivityMs: String(Math.max(0, now - sinceMs)),
  WorkerPreviousActivitySid: previous?.sid ?? "",
  WorkerPreviousActivityName: previous?.friendlyName ?? "",
});

/**
 * Added to `worker.capacity.update` and `worker.channel.availability.update`: exactly the documented
 * fields. `WorkerChannelAvailableCapacity` is the configured capacity less the tasks assigned on the
 * channel (so configured capacity = available capacity + task count); `WorkerChannelPreviousCapacity`
 * is the configured capacity before this change (unchanged on an availability change).
 */
export const workerChannelFields = (channel: WorkerChannel, taskChannel: TaskChannel, previousCapacity: number): Params => ({
  WorkerChannelAvailable: String(channel.available),
  WorkerChannelAvailableCapacity: String(Math.max(0, channel.capacity - channel.assigned)),
  WorkerChannelPreviousCapacity: String(previousCapacity),
  WorkerChannelTaskCount: String(channel.assigned),
  TaskChannelSid: taskChannel.sid,
  TaskChannelUniqueName: taskChannel.uniqueName,
});

export const reservationFields = (reservation: Reservation): Params => ({
  ReservationSid: reservation.sid,
  ReservationVersion: String(reservation.version),
});

export const activityFields = (activity: Activity): Params => ({
  ActivitySid: activity.sid,
  ActivityName: activity.friendlyName,
  ActivityAvailable: String(activity.available),
});

export const taskChannelFields = (channel: TaskChannel): Params => ({
  TaskChannelSid: channel.sid,
  TaskChannelName: channel.friendlyName,
  TaskChannelUniqueName: channel.uniqueName,
  TaskChannelOptimizedRouting: String(channel.channelOptimizedRouting),
});
