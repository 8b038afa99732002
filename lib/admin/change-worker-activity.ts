import { z } from "zod";
import type { AdminAction } from "./action";
import { sidPattern, withContext, workspaceOf } from "./taskrouter";

export const changeWorkerActivityBody = z
  .object({
    activitySid: z
      .string({ message: "is required" })
      .regex(sidPattern("WA"), { message: "must be an Activity sid (WA and 32 hex digits)" }),
  })
  .strict();

/**
 * Sets an agent's activity. Moving to an unavailable activity (break, offline) also rejects the
 * agent's pending reservations, so the tasks go back to other agents instead of ringing nobody.
 */
export const changeWorkerActivity: AdminAction<z.infer<typeof changeWorkerActivityBody>> = {
  action: "worker.activity",
  capability: "worker.activity",
  targetType: "worker",
  targetPattern: sidPattern("WK"),
  body: changeWorkerActivityBody,
  async run({ services }, workerSid, { activitySid }) {
    const ws = workspaceOf(services);
    const worker = await ws.workers(workerSid).fetch();
    const before = {
      workerName: worker.friendlyName,
      activitySid: worker.activitySid,
      activityName: worker.activityName,
      available: worker.available,
    };
    const activity = await withContext(() => ws.activities(activitySid).fetch(), { field: "activitySid", before });
    const updated = await withContext(
      () => ws.workers(workerSid).update({ activitySid, ...(activity.available ? {} : { rejectPendingReservations: true }) }),
      { before },
    );
    return { before, after: { activitySid: updated.activitySid, activityName: updated.activityName, available: updated.available } };
  },
};
