/**
 * Task and reservation state machine, workflow movement and assignment: every transition here emits
 * the events TaskRouter documents for it, in the order they happen.
 *
 * - Creation: task.created → workflow.entered → workflow.target-matched → task-queue.entered.
 * - A target with `timeout` that expires while the task is pending: task-queue.timeout (queue left),
 *   then the next target (workflow.target-matched, task-queue.entered when the queue changes). A target
 *   expiring while a reservation is pending takes effect when that reservation ends without acceptance.
 *   Past the last target: task-queue.timeout, workflow.timeout, task.canceled ("Workflow Timeout").
 * - Attribute update of a pending/reserved task: the pending reservation is rescinded, the task is
 *   routed again from the first filter (task-queue.moved when it changes queue).
 * - TTL (`Timeout`) of a task still pending or reserved: task.canceled, reason "Task TTL Exceeded".
 * - Reservation timeout (the workflow's TaskReservationTimeout): reservation.timeout, then the worker
 *   moves to the workspace's TimeoutActivity when one is set.
 * - A worker who rejects a task is not offered that task again.
 */
import { invalidParameter } from "./errors";
import { previousActivityFields } from "./event-fields";
import type { Reservation, ReservationStatus, Task, Worker } from "./model";
import { compareForDispatch, freeCapacity, hasRoomFor, pickWorker, targetAllows } from "./routing";
import type { EngineState } from "./state";
import { selectRoute, type CompiledTarget } from "./workflow-config";

export const TTL_REASON = "Task TTL Exceeded";
export const WORKFLOW_TIMEOUT_REASON = "Workflow Timeout";

type EndedStatus = Extract<ReservationStatus, "rejected" | "timeout" | "canceled" | "rescinded">;

export class TaskLifecycle {
  private dispatching = false;
  private dispatchAgain = false;

  constructor(private readonly s: EngineState) {}

  // --- entering and moving through the workflow --------------------------------------------------

  /** After task.created: enter the workflow, arm the TTL, route, assign. */
  start(task: Task): void {
    this.emitTask("workflow.entered", task, `Task ${task.sid} entered workflow`);
    this.s.setTaskTimer(task.sid, "ttl", task.dateCreated + task.timeout * 1000, () => this.onTtl(task.sid));
    this.routeFromStart(task);
    this.dispatch();
  }

  /** Routes a pending or reserved task again from the first filter (attributes changed). */
  reroute(task: Task): void {
    if (task.status !== "pending" && task.status !== "reserved") return;
    const pending = this.activeReservation(task);
    if (pending?.status === "pending") this.endPending(pending, "rescinded");
    this.routeFromStart(task);
    this.dispatch();
  }

  private routeFromStart(task: Task): void {
    const workflow = this.s.workflow(task.workflowSid);
    const route = selectRoute(workflow.compiled, task.attributes);
    if (!route) {
      // No filter and no default filter: the task waits outside any queue until its TTL.
      if (task.queueSid) this.leaveQueue(task, "moved");
      task.route = null;
      this.s.clearTaskTimer(task.sid, "target");
      return;
    }
    this.goToTarget(task, { filterIndex: route.filterIndex, filterName: route.filterName, targets: route.targets }, 0, "moved");
  }

  private goToTarget(
    task: Task,
    route: { filterIndex: number; filterName: string; targets: CompiledTarget[] },
    index: number,
    leaving: "moved" | "timeout",
  ): void {
    const target = route.targets[index]!;
    const now = this.s.now();
    const changesQueue = task.queueSid !== target.queueSid;
    if (task.queueSid && changesQueue) this.leaveQueue(task, leaving);
    task.route = { ...route, targetIndex: index };
    task.targetExpired = false;
    task.priority = target.priority ?? task.requestedPriority ?? 0;
    if (changesQueue) {
      task.queueSid = target.queueSid;
      task.queueEnteredAt = now;
    }
    this.touch(task);
    this.emitTask("workflow.target-matched", task, `Task ${task.sid} matched target ${index} of filter ${route.filterName}`);
    if (changesQueue) this.emitTask("task-queue.entered", task, `Task ${task.sid} entered TaskQueue ${target.queueSid}`);
    if (target.timeout !== null) {
      this.s.setTaskTimer(task.sid, "target", now + target.timeout * 1000, () => this.onTargetTimeout(task.sid));
    } else {
      this.s.clearTaskTimer(task.sid, "target");
    }
  }

  private leaveQueue(task: Task, how: "moved" | "timeout"): void {
    const queue = task.queueSid ? this.s.queues.get(task.queueSid) : undefined;
    this.s.emit(`task-queue.${how}`, {
      resourceType: "Task",
      resourceSid: task.sid,
      description:
        how === "timeout" ? `Task ${task.sid} timed out of TaskQueue ${task.queueSid}` : `Task ${task.sid} left TaskQueue ${task.queueSid}`,
      task,
      queue: queue ?? null,
    });
    task.queueSid = null;
    task.queueEnteredAt = null;
  }

  private onTargetTimeout(taskSid: string): void {
    const task = this.s.tasks.get(taskSid);
    if (!task) return;
    if (task.status === "pending") {
      this.escalate(task);
      this.dispatch();
    } else if (task.status === "reserved") {
      task.targetExpired = true;
    }
  }

  /** Next target of the same filter, or the end of the workflow. */
  private escalate(task: Task): void {
    const route = task.route;
    if (!route) return;
    const next = route.targetIndex + 1;
    if (next < route.targets.length) {
      this.goToTarget(task, route, next, "timeout");
      return;
    }
    this.s.clearTaskTimer(task.sid, "target");
    const queue = task.queueSid ? this.s.queues.get(task.queueSid) : undefined;
    this.s.emit("task-queue.timeout", {
      resourceType: "Task",
      resourceSid: task.sid,
      description: `Task ${task.sid} timed out of TaskQueue ${task.queueSid}`,
      task,
    });
    this.emitTask("workflow.timeout", task, `Task ${task.sid} reached the end of its workflow`);
    // The task stays attributed to the queue it timed out of for its task.canceled.
    this.cancel(task, WORKFLOW_TIMEOUT_REASON, queue?.sid);
  }

  private onTtl(taskSid: string): void {
    const task = this.s.tasks.get(taskSid);
    if (!task || (task.status !== "pending" && task.status !== "reserved")) return;
    this.cancel(task, TTL_REASON);
    this.dispatch();
  }

  // --- reservations ------------------------------------------------------------------------------

  private reserve(task: Task, worker: Worker): void {
    const now = this.s.now();
    const queue = this.s.queue(task.queueSid!);
    const reservation: Reservation = {
      sid: this.s.sids.next("WR"),
      taskSid: task.sid,
      workerSid: worker.sid,
      queueSid: queue.sid,
      status: "pending",
      version: 0,
      dateCreated: now,
      dateUpdated: now,
    };
    this.s.reservations.set(reservation.sid, reservation);
    task.reservationSids.push(reservation.sid);
    worker.channels.get(task.taskChannelSid)!.reserved += 1;
    task.status = "reserved";
    task.activeReservationSid = reservation.sid;
    this.touch(task);
    this.emitReservation("reservation.created", reservation, `Reservation ${reservation.sid} created for worker ${worker.friendlyName}`);
    const timeout = this.s.workflow(task.workflowSid).taskReservationTimeout;
    this.s.setReservationTimer(reservation.sid, now + timeout * 1000, () => this.onReservationTimeout(reservation.sid));
    if (queue.reservationActivitySid) this.setActivity(worker, queue.reservationActivitySid);
  }

  accept(reservation: Reservation): void {
    this.requirePending(reservation, "accept");
    const task = this.s.task(reservation.taskSid);
    const worker = this.s.worker(reservation.workerSid);
    const channel = worker.channels.get(task.taskChannelSid)!;
    this.s.clearReservationTimer(reservation.sid);
    this.s.clearTaskTimer(task.sid, "target");
    channel.reserved -= 1;
    channel.assigned += 1;
    reservation.status = "accepted";
    this.touchReservation(reservation);
    task.status = "assigned";
    task.acceptedAt = this.s.now();
    this.touch(task);
    this.emitReservation("reservation.accepted", reservation, `Reservation ${reservation.sid} accepted by worker ${worker.friendlyName}`);
    const queue = this.s.queues.get(reservation.queueSid);
    if (queue?.assignmentActivitySid) this.setActivity(worker, queue.assignmentActivitySid);
    this.dispatch();
  }

  reject(reservation: Reservation, workerActivitySid?: string): void {
    this.requirePending(reservation, "reject");
    if (workerActivitySid) this.s.activityParam(workerActivitySid, "WorkerActivitySid");
    const task = this.s.task(reservation.taskSid);
    task.rejectedBy.add(reservation.workerSid);
    this.endPending(reservation, "rejected");
    if (workerActivitySid) this.setActivity(this.s.worker(reservation.workerSid), workerActivitySid);
    this.afterReturnToQueue(task);
    this.dispatch();
  }

  private onReservationTimeout(reservationSid: string): void {
    const reservation = this.s.reservations.get(reservationSid);
    if (reservation?.status !== "pending") return;
    const task = this.s.task(reservation.taskSid);
    this.endPending(reservation, "timeout");
    const timeoutActivity = this.s.workspace.timeoutActivitySid;
    const worker = this.s.workers.get(reservation.workerSid);
    if (worker && timeoutActivity) this.setActivity(worker, timeoutActivity);
    this.afterReturnToQueue(task);
    this.dispatch();
  }

  /** A pending reservation ends without acceptance: capacity comes back, the task waits again. */
  private endPending(reservation: Reservation, status: EndedStatus): void {
    const task = this.s.task(reservation.taskSid);
    const worker = this.s.workers.get(reservation.workerSid);
    const channel = worker?.channels.get(task.taskChannelSid);
    if (channel) channel.reserved = Math.max(0, channel.reserved - 1);
    this.s.clearReservationTimer(reservation.sid);
    reservation.status = status;
    this.touchReservation(reservation);
    task.activeReservationSid = null;
    if (status !== "canceled") {
      task.status = "pending";
      this.touch(task);
    }
    this.emitReservation(`reservation.${status}`, reservation, `Reservation ${reservation.sid} ${status}`);
  }

  private afterReturnToQueue(task: Task): void {
    if (task.status === "pending" && task.targetExpired) this.escalate(task);
  }

  private requirePending(reservation: Reservation, verb: string): void {
    if (reservation.status !== "pending") {
      throw invalidParameter(`Cannot ${verb} reservation ${reservation.sid} because it is ${reservation.status}, not pending`);
    }
  }

  private activeReservation(task: Task): Reservation | undefined {
    return task.activeReservationSid ? this.s.reservations.get(task.activeReservationSid) : undefined;
  }

  // --- the end of a task -------------------------------------------------------------------------

  /** Cancels a pending or reserved task (API, TTL, workflow timeout, simulator hang-up). */
  cancel(task: Task, reason: string | null, queueSid?: string): void {
    if (task.status !== "pending" && task.status !== "reserved") {
      throw invalidParameter(`Cannot cancel task ${task.sid} because it is not pending or reserved`);
    }
    this.s.clearAllTaskTimers(task.sid);
    if (queueSid !== undefined) task.queueSid = queueSid;
    this.ended(task);
    task.status = "canceled";
    task.reason = reason;
    this.touch(task);
    this.emitTask("task.canceled", task, reason === TTL_REASON ? TTL_REASON : `Task ${task.sid} canceled`);
    const pending = this.activeReservation(task);
    if (pending?.status === "pending") this.endPending(pending, "canceled");
  }

  wrap(task: Task): void {
    if (task.status !== "assigned") {
      throw invalidParameter(`Cannot wrap up task ${task.sid} because it is ${task.status}, not assigned`);
    }
    task.status = "wrapping";
    this.touch(task);
    this.emitTask("task.wrapup", task, `Task ${task.sid} wrapping up`);
    const reservation = this.activeReservation(task);
    if (reservation) {
      reservation.status = "wrapping";
      this.touchReservation(reservation);
      this.emitReservation("reservation.wrapup", reservation, `Reservation ${reservation.sid} wrapping up`);
    }
  }

  complete(task: Task, reason: string | null): void {
    if (task.status !== "assigned" && task.status !== "wrapping") {
      throw invalidParameter(`Cannot complete task ${task.sid} because it is ${task.status}, not assigned or wrapping`);
    }
    this.s.clearAllTaskTimers(task.sid);
    this.ended(task);
    task.status = "completed";
    task.reason = reason;
    this.touch(task);
    this.emitTask("task.completed", task, `Task ${task.sid} completed`);
    const reservation = this.activeReservation(task);
    if (reservation) {
      reservation.status = "completed";
      this.touchReservation(reservation);
      this.releaseAccepted(task, reservation);
      this.emitReservation("reservation.completed", reservation, `Reservation ${reservation.sid} completed`);
    }
    this.dispatch();
  }

  /** DELETE of a task in any state. */
  remove(task: Task): void {
    this.s.clearAllTaskTimers(task.sid);
    const reservation = this.activeReservation(task);
    if (reservation?.status === "pending") {
      this.endPending(reservation, "canceled");
    } else if (reservation && (reservation.status === "accepted" || reservation.status === "wrapping")) {
      this.releaseAccepted(task, reservation);
    }
    this.touch(task);
    this.emitTask("task.deleted", task, `Task ${task.sid} deleted`);
    this.forget(task.sid);
    this.dispatch();
  }

  /** A task leaves routing; it stays fetchable for the retention period, then is dropped from memory. */
  private ended(task: Task): void {
    this.s.openTasks.delete(task.sid);
    this.s.clock.setTimer(this.s.now() + this.s.endedTaskRetentionMs, () => {
      const current = this.s.tasks.get(task.sid);
      if (current && (current.status === "completed" || current.status === "canceled")) this.forget(task.sid);
    });
  }

  private forget(taskSid: string): void {
    const task = this.s.tasks.get(taskSid);
    for (const sid of task?.reservationSids ?? []) this.s.reservations.delete(sid);
    this.s.tasks.delete(taskSid);
    this.s.openTasks.delete(taskSid);
    this.s.taskTimers.delete(taskSid);
  }

  private releaseAccepted(task: Task, reservation: Reservation): void {
    const worker = this.s.workers.get(reservation.workerSid);
    const channel = worker?.channels.get(task.taskChannelSid);
    if (!worker || !channel) return;
    channel.assigned = Math.max(0, channel.assigned - 1);
    worker.idleSince = this.s.now();
  }

  // --- worker activity ---------------------------------------------------------------------------

  /** Changes a worker's activity; optionally rejects its pending reservations (only to an unavailable activity). */
  setActivity(worker: Worker, activitySid: string, options: { rejectPendingReservations?: boolean } = {}): void {
    const next = this.s.activityParam(activitySid, "ActivitySid");
    if (worker.activitySid === activitySid) return;
    const now = this.s.now();
    const previous = this.s.activities.get(worker.activitySid);
    const since = worker.activitySince;
    worker.activitySid = activitySid;
    worker.activitySince = now;
    if (next.available && !previous?.available) worker.idleSince = now;
    worker.version += 1;
    worker.dateUpdated = now;
    this.s.refreshMembershipOfWorker(worker);
    this.s.emit("worker.activity.update", {
      resourceType: "Worker",
      resourceSid: worker.sid,
      description: `Worker ${worker.friendlyName} updated to ${next.friendlyName} Activity`,
      worker,
      extra: previousActivityFields(previous, since, now),
    });
    if (options.rejectPendingReservations && !next.available) {
      for (const reservation of [...this.s.reservations.values()]) {
        if (reservation.workerSid !== worker.sid || reservation.status !== "pending") continue;
        const task = this.s.task(reservation.taskSid);
        task.rejectedBy.add(worker.sid);
        this.endPending(reservation, "rejected");
        this.afterReturnToQueue(task);
      }
    }
    this.dispatch();
  }

  // --- assignment --------------------------------------------------------------------------------

  /** Reserves workers for waiting tasks until no waiting task can be served. */
  dispatch(): void {
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.dispatchAgain = false;
        this.dispatchOnce();
      } while (this.dispatchAgain);
    } finally {
      this.dispatching = false;
    }
  }

  private dispatchOnce(): void {
    // Workers with room, per task channel: usually few, so this bounds the work below.
    const ready = new Map<string, Worker[]>();
    for (const worker of this.s.workers.values()) {
      const activity = this.s.activities.get(worker.activitySid);
      if (!activity?.available) continue;
      for (const [channelSid, channel] of worker.channels) {
        if (freeCapacity(channel) === 0) continue;
        const list = ready.get(channelSid);
        if (list) list.push(worker);
        else ready.set(channelSid, [worker]);
      }
    }
    if (ready.size === 0) return;

    const waiting: Task[] = [];
    for (const task of this.s.openTasks.values()) {
      if (task.status === "pending" && task.queueSid && task.route && ready.has(task.taskChannelSid)) waiting.push(task);
    }
    waiting.sort(compareForDispatch);

    for (const task of waiting) {
      const workers = ready.get(task.taskChannelSid);
      if (!workers || workers.length === 0) continue;
      const members = this.s.membersOf(task.queueSid!);
      const target = task.route!.targets[task.route!.targetIndex]!;
      const candidates = workers.filter((worker) => {
        if (!members.has(worker.sid)) return false;
        if (!hasRoomFor(worker, this.s.activities.get(worker.activitySid), task.taskChannelSid)) return false;
        return targetAllows(target, task, worker, () => this.s.workerContext(worker));
      });
      const chosen = pickWorker(candidates);
      if (!chosen) continue;
      this.reserve(task, chosen);
      if (!hasRoomFor(chosen, this.s.activities.get(chosen.activitySid), task.taskChannelSid)) {
        workers.splice(workers.indexOf(chosen), 1);
      }
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  private touch(task: Task): void {
    task.version += 1;
    task.dateUpdated = this.s.now();
  }

  private touchReservation(reservation: Reservation): void {
    reservation.version += 1;
    reservation.dateUpdated = this.s.now();
  }

  private emitTask(type: string, task: Task, description: string): void {
    this.s.emit(type, { resourceType: "Task", resourceSid: task.sid, description, task });
  }

  private emitReservation(type: string, reservation: Reservation, description: string): void {
    const task = this.s.task(reservation.taskSid);
    this.s.emit(type, {
      resourceType: "Reservation",
      resourceSid: reservation.sid,
      description,
      task,
      queue: this.s.queues.get(reservation.queueSid) ?? null,
      worker: this.s.workers.get(reservation.workerSid),
      reservation,
    });
  }
}
