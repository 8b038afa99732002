/**
 * The pure rules of assignment. Given the same state they always pick the same task and worker:
 *
 * - Tasks are served by priority (higher first), then age (earlier `virtual_start_time`, which is
 *   `date_created` unless set), then creation order.
 * - A task goes to the worker who has been idle longest (earliest `idleSince`: when the worker last
 *   became available or last finished a task), then the earliest-created worker.
 * - A worker can take a task when its activity is available, the task's channel is available on the
 *   worker and has free capacity (capacity − pending reservations − accepted tasks), the worker is in
 *   the target's queue, matches the target's expression and known-worker constraint, and has not
 *   rejected this task before.
 */
import type { Activity, Task, Worker, WorkerChannel } from "./model";
import { readTaskPath, type CompiledTarget } from "./workflow-config";

export const freeCapacity = (channel: WorkerChannel): number =>
  channel.available ? Math.max(0, channel.capacity - channel.reserved - channel.assigned) : 0;

export const hasRoomFor = (worker: Worker, activity: Activity | undefined, taskChannelSid: string): boolean => {
  if (!activity?.available) return false;
  const channel = worker.channels.get(taskChannelSid);
  return channel !== undefined && freeCapacity(channel) > 0;
};

export function compareForDispatch(a: Task, b: Task): number {
  return b.priority - a.priority || a.virtualStartTime - b.virtualStartTime || a.seq - b.seq;
}

export function compareLongestIdle(a: Worker, b: Worker): number {
  return a.idleSince - b.idleSince || a.seq - b.seq;
}

/** The target's own conditions on a worker (queue membership is checked by the caller). */
export function targetAllows(target: CompiledTarget, task: Task, worker: Worker, workerContext: () => Record<string, unknown>): boolean {
  if (task.rejectedBy.has(worker.sid)) return false;
  if (target.knownWorkerSid !== null && readTaskPath(task.attributes, target.knownWorkerSid) !== worker.sid) return false;
  if (target.knownWorkerFriendlyName !== null && readTaskPath(task.attributes, target.knownWorkerFriendlyName) !== worker.friendlyName) {
    return false;
  }
  if (target.matches && !target.matches({ worker: workerContext(), task: task.attributes })) return false;
  return true;
}

/** The worker to reserve among those allowed, or undefined. */
export function pickWorker(candidates: readonly Worker[]): Worker | undefined {
  let best: Worker | undefined;
  for (const worker of candidates) if (!best || compareLongestIdle(worker, best) < 0) best = worker;
  return best;
}
