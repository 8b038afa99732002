import type { QueueSnapshot, WorkerSnapshot } from "@/lib/metrics/types";
import { agentState } from "./agents";
import { longestWaitLevel, type QueueThresholds, serviceLevelLevel, type ThresholdLevel } from "./thresholds";

export type ChannelRowModel = {
  channel: string;
  waiting: number;
  longestWaitSeconds: number;
  longestWaitLevel: ThresholdLevel;
  serviceLevelPercent: number | null;
  serviceLevelLevel: ThresholdLevel;
  /** Eligible agents ready with free capacity on this channel. */
  readyAgents: number;
  handled: number;
  abandoned: number;
  /** Waiting tasks by priority, highest first: `[[5, 1], [0, 4]]`. */
  waitingByPriority: [number, number][];
};

/**
 * Ready for a channel: ready (see AgentState) with that channel switched on and not full. An
 * agent whose channels are unknown (no channel event yet) counts, as AgentState does.
 */
export function readyOnChannel(
  worker: Pick<WorkerSnapshot, "activitySid" | "activityName" | "available" | "tasks" | "channels">,
  channel: string,
): boolean {
  if (agentState(worker) !== "ready") return false;
  if (worker.channels.length === 0) return true;
  const c = worker.channels.find((candidate) => candidate.taskChannelUniqueName === channel || candidate.taskChannelSid === channel);
  // Tasks held now, as AgentState counts them (the last channel event's count goes stale).
  return c !== undefined && c.available !== false && (c.capacity === null || c.capacity > c.assignedTasks);
}

/** One row per task channel of a queue (its `channels`), with the queue's thresholds; [] when none named. */
export function channelRows(
  queue: Pick<QueueSnapshot, "sid" | "channels" | "slaSeconds">,
  limits: QueueThresholds,
  workers: readonly WorkerSnapshot[],
  elapsedSeconds = 0,
): ChannelRowModel[] {
  const eligible = workers.filter((worker) => worker.queueSids.includes(queue.sid));
  return (queue.channels ?? []).map((c) => {
    const waiting = c.tasksByStatus.pending + c.tasksByStatus.reserved;
    const longestWaitSeconds = waiting > 0 ? Math.floor(c.longestTaskWaitingAge + Math.max(0, elapsedSeconds)) : 0;
    const slaSeconds = c.serviceLevel.thresholdSeconds || queue.slaSeconds;
    return {
      channel: c.channel,
      waiting,
      longestWaitSeconds,
      longestWaitLevel: longestWaitLevel(longestWaitSeconds, waiting > 0, limits.longestWait, slaSeconds),
      serviceLevelPercent: c.serviceLevel.percent,
      serviceLevelLevel: serviceLevelLevel(c.serviceLevel.percent, limits.serviceLevel),
      readyAgents: eligible.filter((worker) => readyOnChannel(worker, c.channel)).length,
      handled: c.tasksCompleted,
      abandoned: c.tasksAbandoned,
      waitingByPriority: waitingByPriority(c.tasksByPriority),
    };
  });
}

/** `tasksByPriority` as `[priority, count]` pairs, highest priority first, zero counts left out. */
export function waitingByPriority(byPriority: Record<string, number>): [number, number][] {
  return Object.entries(byPriority)
    .map(([priority, count]): [number, number] => [Number(priority), count])
    .filter(([priority, count]) => Number.isFinite(priority) && count > 0)
    .sort((a, b) => b[0] - a[0]);
}

/** `P5 ×1 · P0 ×4`, or `—` when nothing waits. */
export function formatPriorities(pairs: readonly [number, number][]): string {
  return pairs.length === 0 ? "—" : pairs.map(([priority, count]) => `P${priority} ×${count}`).join(" · ");
}
