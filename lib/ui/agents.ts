import type { WorkerSnapshot } from "@/lib/metrics/types";

/**
 * One vocabulary for agents on every page (tiles, rows, chips, filters, charts):
 * - ready: in an activity with `available = true`, holding no accepted task, with free capacity
 *   on at least one channel (a reservation ringing still counts as ready: it may be rejected);
 * - busy: holding at least one accepted task (assigned or wrapping), whatever the activity,
 *   the same "busy" that occupancy uses (docs/metrics.md);
 * - away: any unavailable activity but Offline (Break, Lunch, Training…), or available with no
 *   free capacity and no task (every channel switched off);
 * - offline: in an activity named Offline (TaskRouter's default), or in none.
 * TaskRouter's own `totalAvailableWorkers` counts every worker in an available activity, busy or
 * not; it is shown only as "in an available activity".
 */
export type AgentState = "ready" | "busy" | "away" | "offline";

export const AGENT_STATES: readonly AgentState[] = ["ready", "busy", "away", "offline"];

export const AGENT_STATE_LABELS: Record<AgentState, string> = {
  ready: "Ready",
  busy: "Busy",
  away: "Away",
  offline: "Offline",
};

/** One line each, for legends and tooltips. */
export const AGENT_STATE_MEANINGS: Record<AgentState, string> = {
  ready: "available activity, free to take a task",
  busy: "on a task (talking or wrapping up)",
  away: "in an unavailable activity (break, lunch…)",
  offline: "signed out",
};

type AgentLike = Pick<WorkerSnapshot, "activitySid" | "activityName" | "available" | "tasks"> & {
  channels?: WorkerSnapshot["channels"];
};

export function isOfflineActivity(activityName: string | null): boolean {
  return activityName === null || /^\s*offline\s*$/i.test(activityName);
}

/**
 * Free capacity on some channel, counting the tasks held now (the last channel event's task count goes
 * stale as tasks come and go); a ringing offer does not count, so an agent whose phone rings stays
 * ready. A worker whose channels are unknown counts as free.
 */
function hasFreeCapacity(channels: WorkerSnapshot["channels"] | undefined): boolean {
  if (!channels || channels.length === 0) return true;
  return channels.some((channel) => channel.available !== false && (channel.capacity === null || channel.capacity > channel.assignedTasks));
}

export function agentState(worker: AgentLike): AgentState {
  if (worker.tasks.some((task) => task.status === "assigned" || task.status === "wrapping")) return "busy";
  if (worker.available) return hasFreeCapacity(worker.channels) ? "ready" : "away";
  if (worker.activitySid === null || isOfflineActivity(worker.activityName)) return "offline";
  return "away";
}

/** Old links said `activity=available`; they mean ready. */
export function normaliseStateFilter(value: string | null): string | null {
  return value === "available" ? "ready" : value;
}

export function countAgentStates(workers: readonly AgentLike[]): Record<AgentState, number> {
  const counts: Record<AgentState, number> = { ready: 0, busy: 0, away: 0, offline: 0 };
  for (const worker of workers) counts[agentState(worker)] += 1;
  return counts;
}

/** Agents of one queue (by its sid) in each state. */
export function queueAgentStates(workers: readonly (AgentLike & Pick<WorkerSnapshot, "queueSids">)[], queueSid: string) {
  return countAgentStates(workers.filter((worker) => worker.queueSids.includes(queueSid)));
}

export type AgentSortKey = "name" | "activity" | "timeInState" | "tasks" | "handled" | "aht" | "occupancy";
export type SortDirection = "asc" | "desc";
export type AgentSort = { key: AgentSortKey; direction: SortDirection };

export type AgentFilter = {
  /** Only agents eligible for this queue (sid); null for all. */
  queueSid: string | null;
  /** An AgentState, or an activity sid; null for all. */
  activity: string | null;
  /** Case-insensitive substring of the name. */
  name: string;
  /** Only agents of this team (worker attribute `team`); null for all. */
  team?: string | null;
  /** Only agents with this skill (worker attribute `skills`, or Flex's `routing.skills`); null for all. */
  skill?: string | null;
};

export const NO_AGENT_FILTER: AgentFilter = { queueSid: null, activity: null, name: "", team: null, skill: null };

const stringValue = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value.trim() : null);
const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.flatMap((item) => stringValue(item) ?? []) : stringValue(value) ? [stringValue(value)!] : [];

/** The agent's team: worker attribute `team` (else `department`), as TaskRouter workers commonly carry it. */
export function agentTeam(worker: Pick<WorkerSnapshot, "attributes">): string | null {
  return stringValue(worker.attributes.team) ?? stringValue(worker.attributes.department);
}

/** The agent's skills: attribute `skills`, and Flex's `routing.skills`, once each. */
export function agentSkills(worker: Pick<WorkerSnapshot, "attributes">): string[] {
  const routing = worker.attributes.routing;
  const fromRouting = typeof routing === "object" && routing !== null ? stringList((routing as Record<string, unknown>).skills) : [];
  return [...new Set([...stringList(worker.attributes.skills), ...fromRouting])];
}

/** Every team and skill the agents carry, sorted, for the filter menus. */
export function teamsAndSkills(workers: readonly Pick<WorkerSnapshot, "attributes">[]): { teams: string[]; skills: string[] } {
  const teams = new Set<string>();
  const skills = new Set<string>();
  for (const worker of workers) {
    const team = agentTeam(worker);
    if (team) teams.add(team);
    for (const skill of agentSkills(worker)) skills.add(skill);
  }
  const sorted = (values: Set<string>) => [...values].sort((a, b) => a.localeCompare(b));
  return { teams: sorted(teams), skills: sorted(skills) };
}

export function filterAgents<T extends WorkerSnapshot>(workers: readonly T[], filter: AgentFilter): T[] {
  const needle = filter.name.trim().toLocaleLowerCase();
  return workers.filter((worker) => {
    if (filter.queueSid && !worker.queueSids.includes(filter.queueSid)) return false;
    if (filter.activity) {
      const matchesState = (AGENT_STATES as readonly string[]).includes(filter.activity) && agentState(worker) === filter.activity;
      if (!matchesState && worker.activitySid !== filter.activity) return false;
    }
    if (needle && !worker.friendlyName.toLocaleLowerCase().includes(needle)) return false;
    if (filter.team && agentTeam(worker) !== filter.team) return false;
    if (filter.skill && !agentSkills(worker).includes(filter.skill)) return false;
    return true;
  });
}

/** Seconds in the current activity at `nowMs`; null when the activity's start is unknown. */
export function timeInState(worker: Pick<WorkerSnapshot, "activitySince">, nowMs: number): number | null {
  if (!worker.activitySince) return null;
  const since = Date.parse(worker.activitySince);
  return Number.isNaN(since) ? null : Math.max(0, Math.floor((nowMs - since) / 1000));
}

/** Agents with no value for the sort key (no AHT yet…) go last in either direction. */
function sortValue(worker: WorkerSnapshot, key: AgentSortKey, nowMs: number): string | number | null {
  switch (key) {
    case "name":
      return worker.friendlyName.toLocaleLowerCase();
    case "activity":
      return `${AGENT_STATES.indexOf(agentState(worker))}|${(worker.activityName ?? "").toLocaleLowerCase()}`;
    case "timeInState":
      return timeInState(worker, nowMs);
    case "tasks":
      return worker.tasks.length;
    case "handled":
      return worker.cumulative.tasksCompleted;
    case "aht":
      // A transfer's initiator has handle time without a completion.
      return worker.cumulative.handleTime.total > 0 ? worker.cumulative.handleTime.avg : null;
    case "occupancy":
      return worker.cumulative.occupancy;
  }
}

export function sortAgents<T extends WorkerSnapshot>(workers: readonly T[], sort: AgentSort, nowMs: number): T[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  const keyed = workers.map((worker) => ({ worker, value: sortValue(worker, sort.key, nowMs) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else if (a.value !== b.value) {
      return (a.value < b.value ? -1 : 1) * sign;
    }
    // Ties: by name, then sid, so rows never jump between two identical updates.
    return a.worker.friendlyName.localeCompare(b.worker.friendlyName) || (a.worker.sid < b.worker.sid ? -1 : 1);
  });
  return keyed.map(({ worker }) => worker);
}

/** Clicking a column: same key flips the direction; a new key starts with its natural direction. */
export function nextSort(current: AgentSort, key: AgentSortKey): AgentSort {
  if (current.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  const naturallyDescending: AgentSortKey[] = ["timeInState", "tasks", "handled", "aht", "occupancy"];
  return { key, direction: naturallyDescending.includes(key) ? "desc" : "asc" };
}

/**
 * How long an agent may stay away (Break, Lunch…) before the board flags it: `warn` at the
 * activity's limit, `critical` at twice it. Limits by activity name (case-insensitive), else the
 * default. Offline is never flagged: it is the end of a shift, not an absence from it.
 */
export type AwayLimits = { defaultMinutes: number; activities: Record<string, number> };

export const DEFAULT_AWAY_LIMITS: AwayLimits = { defaultMinutes: 15, activities: {} };

export type AwayFlag = "none" | "warn" | "critical";

export function awayLimitMinutes(limits: AwayLimits, activityName: string | null): number {
  const name = (activityName ?? "").trim().toLocaleLowerCase();
  for (const [activity, minutes] of Object.entries(limits.activities)) if (activity.trim().toLocaleLowerCase() === name) return minutes;
  return limits.defaultMinutes;
}

/** Whether an away agent has been away too long at `nowMs`. */
export function longAwayFlag(
  worker: AgentLike & Pick<WorkerSnapshot, "activitySince">,
  nowMs: number,
  limits: AwayLimits = DEFAULT_AWAY_LIMITS,
): AwayFlag {
  if (agentState(worker) !== "away") return "none";
  const seconds = timeInState(worker, nowMs);
  if (seconds === null) return "none";
  const limit = awayLimitMinutes(limits, worker.activityName) * 60;
  if (limit <= 0) return "none";
  if (seconds >= 2 * limit) return "critical";
  return seconds >= limit ? "warn" : "none";
}

/** Agents flagged as away too long, for the totals strip. */
export function countLongAway(
  workers: readonly (AgentLike & Pick<WorkerSnapshot, "activitySince">)[],
  nowMs: number,
  limits: AwayLimits = DEFAULT_AWAY_LIMITS,
): number {
  return workers.filter((worker) => longAwayFlag(worker, nowMs, limits) !== "none").length;
}
