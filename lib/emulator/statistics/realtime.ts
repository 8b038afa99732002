/**
 * Real-time statistics from the emulator's current state (docs/metrics.md "Realtime"):
 * tasks in a queue by status and priority, longest waiting task, eligible and available workers,
 * workers per activity. A task's age is counted from its creation second (`TaskDateCreated`).
 */
import type { Task, Worker } from "../model";
import type { EngineState } from "../state";

const OPEN_STATUSES = ["pending", "reserved", "assigned", "wrapping"] as const;

type TasksByStatus = Record<(typeof OPEN_STATUSES)[number], number>;
export type ActivityStatistic = { sid: string; friendly_name: string; workers: number };

export type TaskRealtime = {
  tasks_by_status: TasksByStatus;
  tasks_by_priority: Record<string, number>;
  total_tasks: number;
  longest_task_waiting_age: number;
  longest_task_waiting_sid: string | null;
};

const createdSecondMs = (task: Task): number => Math.floor(task.dateCreated / 1000) * 1000;

function channelMatches(s: EngineState, task: Task, taskChannel: string | undefined): boolean {
  if (!taskChannel) return true;
  const channel = s.findTaskChannel(taskChannel);
  return channel !== undefined && channel.sid === task.taskChannelSid;
}

function summarizeTasks(tasks: Task[], now: number): TaskRealtime {
  const byStatus: TasksByStatus = { pending: 0, reserved: 0, assigned: 0, wrapping: 0 };
  const byPriority: Record<string, number> = {};
  let longest: Task | null = null;
  for (const task of tasks) {
    if (!(OPEN_STATUSES as readonly string[]).includes(task.status)) continue;
    byStatus[task.status as keyof TasksByStatus] += 1;
    if (task.status !== "pending" && task.status !== "reserved") continue;
    byPriority[String(task.priority)] = (byPriority[String(task.priority)] ?? 0) + 1;
    if (
      !longest ||
      createdSecondMs(task) < createdSecondMs(longest) ||
      (createdSecondMs(task) === createdSecondMs(longest) && task.seq < longest.seq)
    ) {
      longest = task;
    }
  }
  return {
    tasks_by_status: byStatus,
    tasks_by_priority: byPriority,
    total_tasks: byStatus.pending + byStatus.reserved + byStatus.assigned + byStatus.wrapping,
    longest_task_waiting_age: longest ? Math.max(0, Math.floor((now - createdSecondMs(longest)) / 1000)) : 0,
    longest_task_waiting_sid: longest?.sid ?? null,
  };
}

function activityStatistics(s: EngineState, workers: Iterable<Worker>): ActivityStatistic[] {
  const counts = new Map<string, number>();
  for (const worker of workers) counts.set(worker.activitySid, (counts.get(worker.activitySid) ?? 0) + 1);
  return [...s.activities.values()].map((activity) => ({
    sid: activity.sid,
    friendly_name: activity.friendlyName,
    workers: counts.get(activity.sid) ?? 0,
  }));
}

export function taskQueueRealtime(s: EngineState, queueSid: string, taskChannel?: string) {
  s.queue(queueSid);
  const now = s.now();
  const tasks = [...s.openTasks.values()].filter((task) => task.queueSid === queueSid && channelMatches(s, task, taskChannel));
  const members = [...s.membersOf(queueSid)].map((sid) => s.workers.get(sid)).filter((w): w is Worker => w !== undefined);
  let relative: Task | null = null;
  for (const task of tasks) {
    if ((task.status !== "pending" && task.status !== "reserved") || task.queueEnteredAt === null) continue;
    if (!relative || task.queueEnteredAt < relative.queueEnteredAt!) relative = task;
  }
  return {
    task_queue_sid: queueSid,
    ...summarizeTasks(tasks, now),
    longest_relative_task_age_in_queue: relative
      ? Math.max(0, Math.floor((now - Math.floor(relative.queueEnteredAt! / 1000) * 1000) / 1000))
      : 0,
    longest_relative_task_sid_in_queue: relative?.sid ?? null,
    total_eligible_workers: members.length,
    total_available_workers: members.filter((worker) => s.activities.get(worker.activitySid)?.available).length,
    activity_statistics: activityStatistics(s, members),
  };
}

export function workflowRealtime(s: EngineState, workflowSid: string, taskChannel?: string) {
  s.workflow(workflowSid);
  const tasks = [...s.openTasks.values()].filter((task) => task.workflowSid === workflowSid && channelMatches(s, task, taskChannel));
  return { workflow_sid: workflowSid, ...summarizeTasks(tasks, s.now()) };
}

export function workspaceRealtime(s: EngineState, taskChannel?: string) {
  const tasks = [...s.openTasks.values()].filter((task) => channelMatches(s, task, taskChannel));
  return {
    ...summarizeTasks(tasks, s.now()),
    total_workers: s.workers.size,
    activity_statistics: activityStatistics(s, s.workers.values()),
  };
}

export function workersRealtime(s: EngineState, filter?: { taskQueueSid?: string; friendlyName?: string }) {
  let workers = [...s.workers.values()];
  if (filter?.taskQueueSid) {
    const members = s.membersOf(filter.taskQueueSid);
    workers = workers.filter((worker) => members.has(worker.sid));
  }
  if (filter?.friendlyName) workers = workers.filter((worker) => worker.friendlyName === filter.friendlyName);
  return { total_workers: workers.length, activity_statistics: activityStatistics(s, workers) };
}
