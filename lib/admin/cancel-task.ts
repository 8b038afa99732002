import { z } from "zod";
import { supervisorCancelReason } from "@/lib/events/types";
import type { AdminAction } from "./action";
import { assertTaskCanChange, fetchTask, sidPattern, taskState, updateTask } from "./taskrouter";

export const cancelTaskBody = z
  .object({ reason: z.string({ message: "is required" }).trim().min(1, { message: "is required" }).max(255) })
  .strict();

/** TaskRouter cancels only pending or reserved tasks; one an agent has must be completed by the agent. */
export const cancelTask: AdminAction<z.infer<typeof cancelTaskBody>> = {
  action: "task.cancel",
  capability: "task.cancel",
  targetType: "task",
  targetPattern: sidPattern("WT"),
  body: cancelTaskBody,
  async run({ services }, taskSid, { reason }) {
    const task = await fetchTask(services, taskSid);
    assertTaskCanChange(task, { mustBeWaiting: true, verb: "canceled" });
    // TaskRouter gets the marked reason (the fold counts it apart from abandons); the audit keeps what was typed.
    const updated = await updateTask(services, task, { assignmentStatus: "canceled", reason: supervisorCancelReason(reason) });
    return { before: taskState(task), after: { assignmentStatus: updated.assignmentStatus, reason } };
  },
};
