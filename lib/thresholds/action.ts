import type { AdminAction } from "@/lib/admin/action";
import { ActionError } from "@/lib/admin/action";
import { type QueueThresholdsBody, queueThresholdsBody, saveQueueThresholds, ThresholdsError } from "./store";

/**
 * An admin sets one queue's thresholds: stored, audited (by runAdminAction), and pushed to every
 * board on every instance as a `thresholds` message. Admins manage thresholds as they manage users.
 */
export const updateThresholdsAction: AdminAction<QueueThresholdsBody> = {
  action: "thresholds.update",
  capability: "users.manage",
  targetType: "queue",
  body: queueThresholdsBody,
  async run({ services, principal }, _target, body) {
    const queue = services.live
      .snapshot({ now: Date.now(), window: { kind: "minutes", minutes: 1 } })
      .queues.find((q) => q.sid === body.queueSid);
    if (!queue) throw new ActionError(404, `No TaskQueue ${body.queueSid} in this workspace`, { field: "queueSid" });
    try {
      const { before, after, thresholds } = await saveQueueThresholds(services.db.prisma, services.env.thresholds, body, principal.actor);
      services.hub.io.emit("thresholds", { at: new Date().toISOString(), thresholds });
      return {
        before: { queueName: queue.friendlyName, thresholds: before },
        after: { queueName: queue.friendlyName, thresholds: after },
        targetSid: body.queueSid,
        response: { queueSid: body.queueSid, thresholds: after, effective: thresholds },
      };
    } catch (error) {
      if (error instanceof ThresholdsError) throw new ActionError(400, error.message, { field: "thresholds" });
      throw error;
    }
  },
};
