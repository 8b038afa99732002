import type { MetricsSnapshot, QueueSnapshot, Realtime, WorkerSnapshot } from "@/lib/metrics/types";
import { waitingByPriority } from "./channels";
import { type AgentState, countAgentStates, countLongAway, DEFAULT_AWAY_LIMITS, queueAgentStates } from "./agents";
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
  /** Waiting tasks per task channel (those with any), most first. */
  waitingByChannel: { channel: string; waiting: number }[];
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
    waitingByChannel: (queue.channels ?? [])
      .map((c) => ({ channel: c.channel, waiting: c.tasksByStatus.pending + c.tasksByStatus.reserved }))
      .filter((c) => c.waiting > 0)
      .sort((a, b) => b.waiting - a.waiting || a.channel.localeCompare(b.channel)),
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
  /** Away agents past their activity's limit (thresholds `away`). */
  agentsLongAway: number;
  /** Waiting tasks by priority, highest first (`[priority, count]`). */
  waitingByPriority: [number, number][];
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
    agentsLongAway: countLongAway(
      snapshot.workers,
      Date.parse(snapshot.generatedAt) + Math.max(0, elapsedSeconds) * 1000,
      thresholds.away ?? DEFAULT_AWAY_LIMITS,
    ),
    waitingByPriority: waitingByPriority(realtime.tasksByPriority),
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

/**
 * Wallboard row order, kept in the URL (`?sort=sl`, `&dir=desc` to reverse) so a board's order
 * can be shared or set on a TV: `sl` worst service level first, `waiting` most waiting first,
 * `wait` longest wait first, `name` A–Z; none keeps TaskRouter's configuration order.
 */
export const BOARD_SORT_KEYS = ["sl", "waiting", "wait", "name"] as const;
export type BoardSortKey = (typeof BOARD_SORT_KEYS)[number];
export type BoardSort = { key: BoardSortKey; direction: "asc" | "desc" } | null;

export const BOARD_SORT_LABELS: Record<BoardSortKey, string> = {
  sl: "service level",
  waiting: "waiting",
  wait: "longest wait",
  name: "name",
};

/** The direction each key starts in: the queue that needs help first. */
const NATURAL_DIRECTION: Record<BoardSortKey, "asc" | "desc"> = { sl: "asc", waiting: "desc", wait: "desc", name: "asc" };

/** `sort` and `dir` from a query; anything unknown is the configuration order. */
export function parseBoardSort(sort: string | null | undefined, dir?: string | null): BoardSort {
  const key = BOARD_SORT_KEYS.find((k) => k === sort?.trim().toLowerCase());
  if (key === undefined) return null;
  const direction = dir === "asc" || dir === "desc" ? dir : NATURAL_DIRECTION[key];
  return { key, direction };
}

/** Clicking a column: a new key starts in its natural direction, the same key flips it. */
export function nextBoardSort(current: BoardSort, key: BoardSortKey): BoardSort {
  if (current?.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: NATURAL_DIRECTION[key] };
}

/** The board's query string for a sort, keeping the other parameters (`tv=0`, `window`…). */
export function boardSortQuery(current: URLSearchParams | string, sort: BoardSort): string {
  const params = new URLSearchParams(current);
  params.delete("sort");
  params.delete("dir");
  if (sort !== null) {
    params.set("sort", sort.key);
    if (sort.direction !== NATURAL_DIRECTION[sort.key]) params.set("dir", sort.direction);
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}

function rowSortValue(row: QueueRowModel, key: BoardSortKey): number | string | null {
  switch (key) {
    case "sl":
      return row.serviceLevelPercent;
    case "waiting":
      return row.waiting;
    case "wait":
      return row.longestWaitSeconds;
    case "name":
      return row.name.toLocaleLowerCase();
  }
}

/** Rows in the chosen order; a queue with no value (no service level yet) goes last either way; ties keep configuration order. */
export function sortQueueRows<T extends QueueRowModel>(rows: readonly T[], sort: BoardSort): T[] {
  if (sort === null) return [...rows];
  const sign = sort.direction === "asc" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: rowSortValue(row, sort.key) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value !== b.value) return a.value === null ? 1 : -1;
      } else if (a.value !== b.value) {
        return (a.value < b.value ? -1 : 1) * sign;
      }
      return a.index - b.index;
    })
    .map(({ row }) => row);
}

/** Rolling windows a board may choose (`?window=30`): minutes. */
export const BOARD_WINDOWS = [15, 30, 60, 120, 240] as const;

/** `window` from the URL: one of BOARD_WINDOWS (`30` or `30m`), else null for today. */
export function parseBoardWindow(value: string | null | undefined): number | null {
  const match = /^(\d{1,4})m?$/.exec(value?.trim().toLowerCase() ?? "");
  const minutes = match ? Number(match[1]) : Number.NaN;
  return (BOARD_WINDOWS as readonly number[]).includes(minutes) ? minutes : null;
}

/** How a board names its window: `today` or `last 30 min`. */
export function windowLabel(minutes: number | null): string {
  if (minutes === null) return "today";
  return minutes % 60 === 0 && minutes >= 120 ? `last ${minutes / 60} h` : `last ${minutes} min`;
}
