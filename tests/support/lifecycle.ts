/**
 * One task's full life as TaskRouter reports it, as callback parameters: created, entered a
 * queue, reserved for a worker, accepted, wrapped up, completed, with the worker's activity
 * changes around it. Used by HTTP-level tests; field names are Twilio's.
 */
export type LifecycleOptions = {
  startMs: number;
  taskSid: string;
  queueSid: string;
  workflowSid?: string;
  worker: { sid: string; name: string; availableActivity: { sid: string; name: string }; busyActivity: { sid: string; name: string } };
  sidPrefix: string;
};

export function taskLifecycle({
  startMs,
  taskSid,
  queueSid,
  workflowSid = "WW00000000000000000000000000000001",
  worker,
  sidPrefix,
}: LifecycleOptions) {
  let n = 0;
  const event = (eventType: string, atMs: number, fields: Record<string, string>): Record<string, string> => ({
    Sid: `EV${sidPrefix}${String(++n).padStart(30 - sidPrefix.length, "0")}`.slice(0, 34),
    EventType: eventType,
    AccountSid: "AC00000000000000000000000000000000",
    Timestamp: String(Math.floor(atMs / 1000)),
    TimestampMs: String(atMs),
    ...fields,
  });
  const task = (status: string, version: number) => ({
    TaskSid: taskSid,
    TaskAssignmentStatus: status,
    TaskPriority: "1",
    TaskAttributes: '{"type":"support"}',
    TaskDateCreated: String(Math.floor(startMs / 1000)),
    TaskVersion: String(version),
    ResourceSid: taskSid,
    ResourceType: "task",
  });
  const at = (seconds: number) => startMs + seconds * 1000;
  const workerFields = (activity: { sid: string; name: string }, version: number) => ({
    WorkerSid: worker.sid,
    WorkerName: worker.name,
    WorkerActivitySid: activity.sid,
    WorkerActivityName: activity.name,
    WorkerVersion: String(version),
  });
  return [
    event("worker.activity.update", at(-60), {
      ...workerFields(worker.availableActivity, 1),
      WorkerTimeInPreviousActivityMs: "600000",
      WorkerTimeInPreviousActivity: "600",
      WorkerPreviousActivitySid: worker.busyActivity.sid,
      ResourceSid: worker.sid,
      ResourceType: "worker",
    }),
    event("task.created", at(0), { ...task("pending", 0), WorkflowSid: workflowSid }),
    event("task-queue.entered", at(1), { ...task("pending", 0), TaskQueueSid: queueSid, WorkflowSid: workflowSid }),
    event("reservation.created", at(8), {
      ...task("reserved", 1),
      TaskQueueSid: queueSid,
      WorkflowSid: workflowSid,
      ReservationSid: `WR${taskSid.slice(2)}`,
      ...workerFields(worker.availableActivity, 1),
    }),
    event("reservation.accepted", at(12), {
      ...task("assigned", 2),
      TaskQueueSid: queueSid,
      WorkflowSid: workflowSid,
      ReservationSid: `WR${taskSid.slice(2)}`,
      ...workerFields(worker.availableActivity, 1),
    }),
    event("worker.activity.update", at(12), {
      ...workerFields(worker.busyActivity, 2),
      WorkerTimeInPreviousActivityMs: "72000",
      WorkerTimeInPreviousActivity: "72",
      WorkerPreviousActivitySid: worker.availableActivity.sid,
      ResourceSid: worker.sid,
      ResourceType: "worker",
    }),
    event("task.wrapup", at(100), { ...task("wrapping", 3), TaskQueueSid: queueSid, WorkflowSid: workflowSid }),
    event("task.completed", at(130), {
      ...task("completed", 4),
      TaskQueueSid: queueSid,
      WorkflowSid: workflowSid,
      TaskCompletedReason: "done",
    }),
    event("worker.activity.update", at(130), {
      ...workerFields(worker.availableActivity, 3),
      WorkerTimeInPreviousActivityMs: "118000",
      WorkerTimeInPreviousActivity: "118",
      WorkerPreviousActivitySid: worker.busyActivity.sid,
      ResourceSid: worker.sid,
      ResourceType: "worker",
    }),
  ];
}
