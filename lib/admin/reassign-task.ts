import { z } from "zod";
import { ActionError, type AdminAction } from "./action";
import { assertTaskCanChange, fetchTask, parseAttributes, sidPattern, taskState, updateTask, withContext, workspaceOf } from "./taskrouter";

export const reassignTaskBody = z
  .object({
    taskQueueSid: z.string().regex(sidPattern("WQ"), { message: "must be a TaskQueue sid (WQ and 32 hex digits)" }).optional(),
    workerSid: z.string().regex(sidPattern("WK"), { message: "must be a Worker sid (WK and 32 hex digits)" }).optional(),
  })
  .strict()
  .refine((body) => (body.taskQueueSid === undefined) !== (body.workerSid === undefined), {
    message: "give exactly one of taskQueueSid or workerSid",
    path: ["taskQueueSid"],
  });

/**
 * Moves a waiting task the way TaskRouter users do: by the task attributes the workflow routes on.
 * `targetTaskQueueSid` sends it to a queue; `targetWorkerSid` reserves it for one agent (known-agent
 * routing, `worker.sid == task.targetWorkerSid`). TaskRouter re-evaluates the workflow when
 * attributes change; the other target is removed so the two never disagree.
 */
export const reassignTask: AdminAction<z.infer<typeof reassignTaskBody>> = {
  action: "task.reassign",
  capability: "task.reassign",
  targetType: "task",
  targetPattern: sidPattern("WT"),
  body: reassignTaskBody,
  async run({ services }, taskSid, body) {
    const ws = workspaceOf(services);
    const task = await fetchTask(services, taskSid);
    const before = taskState(task);
    assertTaskCanChange(task, { mustBeWaiting: true, verb: "moved" });
    const { targetTaskQueueSid: _queue, targetWorkerSid: _worker, ...attributes } = parseAttributes(task.attributes);
    let after: Record<string, unknown>;
    if (body.taskQueueSid) {
      const queue = await withContext(() => ws.taskQueues(body.taskQueueSid!).fetch(), { field: "taskQueueSid", before });
      attributes.targetTaskQueueSid = queue.sid;
      after = { targetTaskQueueSid: queue.sid, targetTaskQueueName: queue.friendlyName };
    } else if (body.workerSid) {
      const worker = await withContext(() => ws.workers(body.workerSid!).fetch(), { field: "workerSid", before });
      attributes.targetWorkerSid = worker.sid;
      after = { targetWorkerSid: worker.sid, targetWorkerName: worker.friendlyName };
    } else {
      throw new ActionError(400, "give exactly one of taskQueueSid or workerSid", { field: "taskQueueSid" });
    }
    const updated = await updateTask(services, task, { attributes: JSON.stringify(attributes) });
    return { before, after: { ...after, assignmentStatus: updated.assignmentStatus, taskQueueSid: updated.taskQueueSid } };
  },
};
