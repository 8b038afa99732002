import type { MetricsSnapshot, QueueSnapshot, Realtime, WorkerSnapshot } from "@/lib/metrics/types";
import { type AgentState, countAgentStates, queueAgentStates } from "./agents";
import {
  longestWaitLevel,
  longestWaitLimits,
  type QueueThresholds,
  serviceLevelLevel,
  type ThresholdLevel,
  type Thresholds,
  thresholdsForQueue,
  waitingLevel,
  worstLevel,
} from "./thresholds";

/** Tasks still waiting for an agent: pending (no offer yet) plus reserved (ringing). */
export function waitingTasks(realtime: Pick<Realtime, "tasksByStatus">): number {
  return realtime.tasksByStatus.pending + realtime.tasksByStatus.reserved;
}

export type QueueRowModel = {
  sid: string;
  name: string;
  waiting: number;
  /** Against the queue's waiting-count limits (`none` when it has none). */
  waitingLevel: ThresholdLevel;
  pending: number;
  reserved: number;
  assigned: number;
  wrapping: number;
  longestWaitSeconds: number;
  longestWaitLevel: ThresholdLevel;
  longestWaitWarnAt: number;
  longestWaitCriticalAt: number;
  serviceLevelPercent: number | null;
  serviceLevelLevel: ThresholdLevel;
  serviceLevelTarget: number;
  slaSeconds: number;
  /** Eligible agents free to take a task now (see AgentState). */
  readyAgents: number;
  eligibleAgents: number;
  /** TaskRouter's totalAvailableWorkers: eligible agents in an available activity, busy or not. */
  inAvailableActivity: number;
  handled: number;
  abandoned: number;
  /** The worst of the queue's levels, for the row's edge marker. */
  level: ThresholdLevel;
};

/**
 * One wallboard row. `elapsedSeconds` is the time since the snapshot was generated: the longest
 * wait keeps counting between pushes (the oldest task only gets older until a push says otherwise).
 */
export function queueRowModel(
  queue: QueueSnapshot,
  thresholds: Thresholds,
  elapsedSeconds = 0,
  workers: readonly WorkerSnapshot[] = [],
): QueueRowModel {
  const limits: QueueThresholds = thresholdsForQueue(thresholds, queue);
  const { realtime, cumulative } = queue;
  const waiting = waitingTasks(realtime);
  const hasWaiting = waiting > 0 && realtime.longestTaskWaitingSid !== null;
  const longestWaitSeconds = hasWaiting ? Math.floor(realtime.longestTaskWaitingAge + Math.max(0, elapsedSeconds)) : 0;
  const slaSeconds = cumulative.serviceLevel.thresholdSeconds || queue.slaSeconds;
  const waitLevel = longestWaitLevel(longestWaitSeconds, hasWaiting, limits.longestWait, slaSeconds);
  const slLevel = serviceLevelLevel(cumulative.serviceLevel.percent, limits.serviceLevel);
  const countLevel = waitingLevel(waiting, limits.waiting);
  const { warnAtSeconds, criticalAtSeconds } = longestWaitLimits(limits.longestWait, slaSeconds);
  return {
    sid: queue.sid,
    name: queue.friendlyName,
    waiting,
    waitingLevel: countLevel,
    pending: realtime.tasksByStatus.pending,
    reserved: realtime.tasksByStatus.reserved,
    assigned: realtime.tasksByStatus.assigned,
    wrapping: realtime.tasksByStatus.wrapping,
    longestWaitSeconds,
    longestWaitLevel: waitLevel,
    longestWaitWarnAt: warnAtSeconds,
    longestWaitCriticalAt: criticalAtSeconds,
    serviceLevelPercent: cumulative.serviceLevel.percent,
    serviceLevelLevel: slLevel,
    serviceLevelTarget: limits.serviceLevel.targetPercent,
    slaSeconds,
    readyAgents: queueAgentStates(workers, queue.sid).ready,
    eligibleAgents: realtime.totalEligibleWorkers,
    inAvailableActivity: realtime.totalAvailableWorkers,
    handled: cumulative.tasksCompleted,
    abandoned: cumulative.tasksAbandoned,
    level: worstLevel(waitLevel, slLevel, countLevel),
  };
}

export type TotalsModel = {
  waiting: number;
  longestWaitSeconds: number;
  longestWaitLevel: ThresholdLevel;
  serviceLevelPercent: number | null;
  serviceLevelLevel: ThresholdLevel;
  serviceLevelTarget: number;
  slaSeconds: number;
  handled: number;
  abandoned: number;
  agents: Record<AgentState, number>;
  agentsTotal: number;
};

/** The contact-centre strip above the queues: workspace figures with the default thresholds. */
export function totalsModel(snapshot: MetricsSnapshot, thresholds: Thresholds, elapsedSeconds = 0): TotalsModel {
  const { realtime, cumulative } = snapshot.workspace;
  const waiting = waitingTasks(realtime);
  const hasWaiting = waiting > 0 && realtime.longestTaskWaitingSid !== null;
  const longestWaitSeconds = hasWaiting ? Math.floor(realtime.longestTaskWaitingAge + Math.max(0, elapsedSeconds)) : 0;
  const slaSeconds = cumulative.serviceLevel.thresholdSeconds;
  return {
    waiting,
    longestWaitSeconds,
    longestWaitLevel: longestWaitLevel(longestWaitSeconds, hasWaiting, thresholds.longestWait, slaSeconds),
    serviceLevelPercent: cumulative.serviceLevel.percent,
    serviceLevelLevel: serviceLevelLevel(cumulative.serviceLevel.percent, thresholds.serviceLevel),
    serviceLevelTarget: thresholds.serviceLevel.targetPercent,
    slaSeconds,
    handled: cumulative.tasksCompleted,
    abandoned: cumulative.tasksAbandoned,
    agents: countAgentStates(snapshot.workers),
    agentsTotal: snapshot.workers.length,
  };
}

/**
 * Whether the board has never seen an event: nothing configured carries any activity yet.
 * (Configuration read from TaskRouter gives queues and agents but no tasks and no counts.)
 */
export function looksEmpty(snapshot: MetricsSnapshot): boolean {
  const { realtime, cumulative } = snapshot.workspace;
  return (
    realtime.totalTasks === 0 &&
    cumulative.tasksCreated === 0 &&
    cumulative.tasksCompleted === 0 &&
    cumulative.reservationsCreated === 0 &&
    snapshot.workers.every((worker) => worker.activitySince === null)
  );
}
