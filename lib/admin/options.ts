import type { LiveMetrics } from "@/lib/live/live-metrics";

export type ActionOptions = {
  queues: { sid: string; friendlyName: string }[];
  workers: { sid: string; friendlyName: string; activityName: string | null; available: boolean }[];
  activities: { sid: string; friendlyName: string; available: boolean }[];
};

/** What the action dialogs offer: every queue, agent and activity, by name (from the live state). */
export function actionOptions(live: LiveMetrics, now = Date.now()): ActionOptions {
  const snapshot = live.snapshot({ now, window: { kind: "minutes", minutes: 1 } });
  const byName = <T extends { friendlyName: string }>(items: T[]) =>
    [...items].sort((a, b) => a.friendlyName.localeCompare(b.friendlyName));
  return {
    queues: byName(snapshot.queues.map(({ sid, friendlyName }) => ({ sid, friendlyName }))),
    workers: byName(
      snapshot.workers.map(({ sid, friendlyName, activityName, available }) => ({ sid, friendlyName, activityName, available })),
    ),
    activities: snapshot.workspace.realtime.activityStatistics.map(({ sid, friendlyName, available }) => ({
      sid,
      friendlyName,
      available,
    })),
  };
}
