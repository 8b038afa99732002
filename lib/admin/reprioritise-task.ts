import { z } from "zod";
import type { AdminAction } from "./action";
import { MAX_PRIORITY } from "./limits";
import { assertTaskCanChange, sidPattern, taskState, updateTaskIfUnchanged } from "./taskrouter";

export const reprioritiseTaskBody = z
  .object({ priority: z.number({ message: "must be a whole number" }).int({ message: "must be a whole number" }).min(0).max(MAX_PRIORITY) })
  .strict();

/** Higher priority is offered to agents first, ahead of older tasks of lower priority. */
export const reprioritiseTask: AdminAction<z.infer<typeof reprioritiseTaskBody>> = {
  action: "task.priority",
  capability: "task.priority",
  targetType: "task",
  targetPattern: sidPattern("WT"),
  body: reprioritiseTaskBody,
  async run({ services }, taskSid, { priority }) {
    const { first, updated } = await updateTaskIfUnchanged(services, taskSid, (task) => {
      assertTaskCanChange(task, { mustBeWaiting: false, verb: "reprioritised" });
      return { priority };
    });
    return { before: taskState(first), after: { priority: updated.priority } };
  },
};
