import { z } from "zod";
import { ActionError, type AdminAction } from "./action";
import { assertTaskCanChange, parseAttributes, sidPattern, taskState, updateTaskIfUnchanged, withContext, workspaceOf } from "./taskrouter";

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

/** The queue or worker named in the body, checked with TaskRouter (an unknown sid is a 404 naming the field). */
async function resolveDestination(
  ws: ReturnType<typeof workspaceOf>,
  body: z.infer<typeof reassignTaskBody>,
  before: ReturnType<typeof taskState>,
): Promise<{ target: Record<string, string>; after: Record<string, unknown> }> {
  if (body.taskQueueSid) {
    const queue = await withContext(() => ws.taskQueues(body.taskQueueSid!).fetch(), { field: "taskQueueSid", before });
    return { target: { targetTaskQueueSid: queue.sid }, after: { targetTaskQueueSid: queue.sid, targetTaskQueueName: queue.friendlyName } };
  }
  if (body.workerSid) {
    const worker = await withContext(() => ws.workers(body.workerSid!).fetch(), { field: "workerSid", before });
    return { target: { targetWorkerSid: worker.sid }, after: { targetWorkerSid: worker.sid, targetWorkerName: worker.friendlyName } };
  }
  throw new ActionError(400, "give exactly one of taskQueueSid or workerSid", { field: "taskQueueSid" });
}

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
    let destination: { target: Record<string, string>; after: Record<string, unknown> } | null = null;
    // The attributes are rewritten from the version read just before the write, guarded by its ETag,
    // so an attribute another system sets meanwhile is never lost.
    const { first, updated } = await updateTaskIfUnchanged(services, taskSid, async (task) => {
      assertTaskCanChange(task, { mustBeWaiting: true, verb: "moved" });
      destination ??= await resolveDestination(ws, body, taskState(task));
      const { targetTaskQueueSid: _queue, targetWorkerSid: _worker, ...attributes } = parseAttributes(task.attributes);
      return { attributes: JSON.stringify({ ...attributes, ...destination.target }) };
    });
    const after = destination!.after;
    return {
      before: taskState(first),
      after: { ...after, assignmentStatus: updated.assignmentStatus, taskQueueSid: updated.taskQueueSid },
    };
  },
};
