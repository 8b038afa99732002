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
 * - TTL (`Timeout`) of a task still pending or reserved: task.canceled, reason "Task TTL Exceeded",
 *   then task.system-deleted (the system removes it: it is no longer fetchable).
 * - A queue's MaxReservedWorkers N: a waiting task is offered to up to N workers at once; the first to
 *   accept gets it and the other pending reservations are rescinded (reservation.rescinded).
 * - A target's `skip_if`, when no reservation was made on entering it and the expression holds: the
 *   next target; past a filter's last target, the next matching filter (as if this one had not
 *   matched); past the last filter: workflow.skipped and task.canceled ("Workflow Skipped").
 * - Transfers (WARM or COLD, to a worker or a queue): task.transfer-initiated; the target is offered
 *   the task (reservation.created); acceptance → reservation.accepted, task.transfer-completed, and
 *   the initiator's reservation completes (WARM: then; COLD: at initiation, when the task waits
 *   again, moving to the target queue for a queue transfer). A rejected or timed-out offer →
 *   task.transfer-attempt-failed; to a worker that ends the transfer (task.transfer-failed), to a
 *   queue the next member is offered. The task canceled meanwhile → task.transfer-failed; the
 *   initiator withdrawing a WARM transfer → task.transfer-canceled.
 * - A worker deleted while it holds pending reservations: each fails (reservation.failed, no worker
 *   fields: the worker is gone) and its task waits again.
 * - Reservation timeout (the workflow's TaskReservationTimeout): reservation.timeout, then the worker
 *   moves to the workspace's TimeoutActivity when one is set.
 * - A worker who rejects a task is not offered that task again.
 */
import { invalidParameter } from "./errors";
import { previousActivityFields } from "./event-fields";
import type { Reservation, ReservationStatus, Task, Transfer, Worker } from "./model";
import { compareForDispatch, freeCapacity, hasRoomFor, pickWorker, targetAllows } from "./routing";
import type { EngineState } from "./state";
import { selectRoute, type CompiledTarget } from "./workflow-config";

export const TTL_REASON = "Task TTL Exceeded";
export const WORKFLOW_TIMEOUT_REASON = "Workflow Timeout";
export const WORKFLOW_SKIPPED_REASON = "Workflow Skipped";

type EndedStatus = Extract<ReservationStatus, "rejected" | "timeout" | "canceled" | "rescinded"> | "failed";

export class TaskLifecycle {
  private dispatching = false;
  private dispatchAgain = false;
  /** Tasks that just entered a target with `skip_if`: checked once dispatch has had its chance. */
  private readonly skipCandidates = new Map<string, number>();

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
    for (const pending of this.pendingReservations(task)) this.endPending(pending, "rescinded");
    if (task.transfer) this.endTransfer(task, "failed");
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
    if (target.skipIf) this.skipCandidates.set(task.sid, task.version);
    else this.skipCandidates.delete(task.sid);
  }

  /** Counts `skip_if` reads: the target queue's workers by availability and by activity sid. */
  private skipCounts(queueSid: string): Record<string, number> {
    const counts: Record<string, number> = { available: 0, unavailable: 0 };
    for (const sid of this.s.membersOf(queueSid)) {
      const worker = this.s.workers.get(sid);
      if (!worker) continue;
      const activity = this.s.activities.get(worker.activitySid);
      counts[activity?.available ? "available" : "unavailable"]! += 1;
      counts[worker.activitySid] = (counts[worker.activitySid] ?? 0) + 1;
    }
    return counts;
  }

  /** Tasks still pending, untouched since they entered a `skip_if` target whose expression holds, move on. */
  private applySkips(): boolean {
    if (this.skipCandidates.size === 0) return false;
    const candidates = [...this.skipCandidates];
    this.skipCandidates.clear();
    let skipped = false;
    for (const [sid, version] of candidates) {
      const task = this.s.tasks.get(sid);
      const target = task?.route?.targets[task.route.targetIndex];
      if (!task || !target?.skipIf || task.status !== "pending" || task.version !== version) continue;
      if (!target.skipIf({ worker: { workers: this.skipCounts(target.queueSid) } })) continue;
      this.skip(task);
      skipped = true;
    }
    return skipped;
  }

  private skip(task: Task): void {
    const route = task.route!;
    if (route.targetIndex + 1 < route.targets.length) {
      this.goToTarget(task, route, route.targetIndex + 1, "moved");
      return;
    }
    // Past the filter's last target: evaluated as if the filter had not matched.
    if (route.filterIndex >= 0) {
      const next = selectRoute(this.s.workflow(task.workflowSid).compiled, task.attributes, route.filterIndex + 1);
      if (next) {
        this.goToTarget(task, { filterIndex: next.filterIndex, filterName: next.filterName, targets: next.targets }, 0, "moved");
        return;
      }
    }
    this.s.clearTaskTimer(task.sid, "target");
    const queue = task.queueSid ? this.s.queues.get(task.queueSid) : undefined;
    this.emitTask("workflow.skipped", task, `Task ${task.sid} skipped out of its workflow`);
    this.cancel(task, WORKFLOW_SKIPPED_REASON, queue?.sid);
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
    this.emitTask("task.system-deleted", task, `Task ${task.sid} deleted by the system: ${TTL_REASON}`);
    this.forget(task.sid);
    this.dispatch();
  }

  // --- reservations ------------------------------------------------------------------------------

  private reserve(task: Task, worker: Worker, queueSid: string): void {
    const now = this.s.now();
    const queue = this.s.queue(queueSid);
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
    task.pendingReservationSids.push(reservation.sid);
    worker.channels.get(task.taskChannelSid)!.reserved += 1;
    // A WARM transfer's offer leaves the task assigned to the initiator meanwhile.
    if (task.status === "pending") task.status = "reserved";
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
    task.pendingReservationSids = task.pendingReservationSids.filter((sid) => sid !== reservation.sid);
    const initiator = this.acceptedReservation(task);
    task.acceptedReservationSid = reservation.sid;
    task.status = "assigned";
    task.acceptedAt ??= this.s.now();
    this.touch(task);
    this.emitReservation("reservation.accepted", reservation, `Reservation ${reservation.sid} accepted by worker ${worker.friendlyName}`);
    // The other workers offered this task (MaxReservedWorkers > 1) lose it.
    for (const other of this.pendingReservations(task)) this.endPending(other, "rescinded");
    if (task.transfer) {
      this.endTransfer(task, "completed");
      // WARM: the initiator hands over now.
      if (initiator && initiator.sid !== reservation.sid) this.completeReservation(task, initiator);
    }
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
    // "failed" is not a reservation status (twilio-oai): a failed reservation reads as canceled.
    reservation.status = status === "failed" ? "canceled" : status;
    this.touchReservation(reservation);
    task.pendingReservationSids = task.pendingReservationSids.filter((sid) => sid !== reservation.sid);
    if (status !== "canceled" && task.status === "reserved" && task.pendingReservationSids.length === 0) {
      task.status = "pending";
      this.touch(task);
    }
    this.emitReservation(`reservation.${status}`, reservation, `Reservation ${reservation.sid} ${status}`);
    if (task.transfer && (status === "rejected" || status === "timeout" || status === "failed")) {
      this.emitTask("task.transfer-attempt-failed", task, `Transfer ${task.transfer.sid} of task ${task.sid}: offer not accepted`);
      if (task.transfer.type === "WORKER") this.endTransfer(task, "failed");
    }
  }

  // --- transfers ---------------------------------------------------------------------------------

  /** Starts a transfer of an assigned task to a worker (WK…) or a queue (WQ…). */
  transfer(task: Task, to: string, mode: Transfer["mode"]): Transfer {
    const initiating = this.acceptedReservation(task);
    if (task.status !== "assigned" || !initiating) {
      throw invalidParameter(`Cannot transfer task ${task.sid} because it is ${task.status}, not assigned`);
    }
    if (task.transfer) throw invalidParameter(`Task ${task.sid} is already being transferred (${task.transfer.sid})`);
    const type = to.startsWith("WK") ? "WORKER" : to.startsWith("WQ") ? "QUEUE" : null;
    if (type === null) throw invalidParameter("To must be a Worker sid (WK…) or a TaskQueue sid (WQ…)");
    if (type === "WORKER" && !this.s.workers.has(to)) throw invalidParameter(`To ${to} is not a Worker of this workspace`);
    if (type === "QUEUE" && !this.s.queues.has(to)) throw invalidParameter(`To ${to} is not a TaskQueue of this workspace`);
    if (to === initiating.workerSid) throw invalidParameter("A task cannot be transferred to the worker who has it");
    const now = this.s.now();
    const transfer: Transfer = {
      sid: this.s.sids.next("TT"),
      mode,
      type,
      to,
      status: "initiated",
      reservationSid: initiating.sid,
      workerSid: initiating.workerSid,
      dateCreated: now,
      dateUpdated: now,
    };
    task.transfer = transfer;
    // A new round of offers: anyone but the initiator, including workers who rejected the task before.
    task.rejectedBy = new Set([initiating.workerSid]);
    this.touch(task);
    this.emitTask("task.transfer-initiated", task, `Task ${task.sid} ${mode} transfer ${transfer.sid} to ${to} initiated`);
    if (mode === "COLD") {
      this.completeReservation(task, initiating);
      task.acceptedReservationSid = null;
      task.status = "pending";
      this.touch(task);
      if (type === "QUEUE" && task.queueSid !== to) {
        if (task.queueSid) this.leaveQueue(task, "moved");
        task.queueSid = to;
        task.queueEnteredAt = now;
        this.emitTask("task-queue.entered", task, `Task ${task.sid} entered TaskQueue ${to}`);
      }
    }
    this.dispatch();
    return transfer;
  }

  /** The initiator withdraws a WARM transfer still waiting for the target. */
  cancelTransfer(task: Task): void {
    if (task.transfer?.mode !== "WARM") throw invalidParameter(`Task ${task.sid} has no WARM transfer in progress`);
    for (const pending of this.pendingReservations(task)) this.endPending(pending, "canceled");
    this.endTransfer(task, "canceled");
    this.dispatch();
  }

  private endTransfer(task: Task, status: "completed" | "failed" | "canceled"): void {
    const transfer = task.transfer!;
    transfer.status = status;
    transfer.dateUpdated = this.s.now();
    task.transfer = null;
    this.touch(task);
    this.emitTask(`task.transfer-${status}`, task, `Transfer ${transfer.sid} of task ${task.sid} ${status}`);
  }

  /** An accepted reservation ends while its task goes on (the initiator of a transfer). */
  private completeReservation(task: Task, reservation: Reservation): void {
    reservation.status = "completed";
    this.touchReservation(reservation);
    this.releaseAccepted(task, reservation);
    this.emitReservation("reservation.completed", reservation, `Reservation ${reservation.sid} completed`);
  }

  /** A worker is deleted: its pending reservations fail and their tasks wait again. */
  failReservationsOf(workerSid: string): void {
    for (const reservation of [...this.s.reservations.values()]) {
      if (reservation.workerSid !== workerSid || reservation.status !== "pending") continue;
      const task = this.s.task(reservation.taskSid);
      this.endPending(reservation, "failed");
      this.afterReturnToQueue(task);
    }
    this.dispatch();
  }

  private afterReturnToQueue(task: Task): void {
    if (task.status === "pending" && task.targetExpired) this.escalate(task);
  }

  private requirePending(reservation: Reservation, verb: string): void {
    if (reservation.status !== "pending") {
      throw invalidParameter(`Cannot ${verb} reservation ${reservation.sid} because it is ${reservation.status}, not pending`);
    }
  }

  private acceptedReservation(task: Task): Reservation | undefined {
    return task.acceptedReservationSid ? this.s.reservations.get(task.acceptedReservationSid) : undefined;
  }

  private pendingReservations(task: Task): Reservation[] {
    const pending: Reservation[] = [];
    for (const sid of task.pendingReservationSids) {
      const reservation = this.s.reservations.get(sid);
      if (reservation?.status === "pending") pending.push(reservation);
    }
    return pending;
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
    for (const pending of this.pendingReservations(task)) this.endPending(pending, "canceled");
    if (task.transfer) this.endTransfer(task, "failed");
  }

  wrap(task: Task): void {
    if (task.status !== "assigned") {
      throw invalidParameter(`Cannot wrap up task ${task.sid} because it is ${task.status}, not assigned`);
    }
    if (task.transfer) throw invalidParameter(`Cannot wrap up task ${task.sid} while transfer ${task.transfer.sid} is in progress`);
    task.status = "wrapping";
    this.touch(task);
    this.emitTask("task.wrapup", task, `Task ${task.sid} wrapping up`);
    const reservation = this.acceptedReservation(task);
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
    for (const pending of this.pendingReservations(task)) this.endPending(pending, "canceled");
    if (task.transfer) this.endTransfer(task, "failed");
    this.ended(task);
    task.status = "completed";
    task.reason = reason;
    this.touch(task);
    this.emitTask("task.completed", task, `Task ${task.sid} completed`);
    const reservation = this.acceptedReservation(task);
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
    for (const pending of this.pendingReservations(task)) this.endPending(pending, "canceled");
    const reservation = this.acceptedReservation(task);
    if (reservation && (reservation.status === "accepted" || reservation.status === "wrapping")) {
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
    this.skipCandidates.delete(taskSid);
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
        if (this.applySkips()) this.dispatchAgain = true;
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
      if (!task.queueSid || !task.route || !ready.has(task.taskChannelSid) || this.openOffers(task) === 0) continue;
      if (task.status === "pending" || task.status === "reserved" || (task.status === "assigned" && task.transfer)) waiting.push(task);
    }
    waiting.sort(compareForDispatch);

    for (const task of waiting) {
      const workers = ready.get(task.taskChannelSid);
      if (!workers || workers.length === 0) continue;
      const transfer = task.transfer;
      // A transfer offers the task to its target (one worker, or the target queue's members) instead.
      const queueSid = transfer?.type === "QUEUE" ? transfer.to : task.queueSid!;
      const members = transfer?.type === "WORKER" ? new Set([transfer.to]) : this.s.membersOf(queueSid);
      const target = task.route!.targets[task.route!.targetIndex]!;
      const holders = new Set(this.pendingReservations(task).map((reservation) => reservation.workerSid));
      const candidates = workers.filter((worker) => {
        if (!members.has(worker.sid) || holders.has(worker.sid)) return false;
        if (!hasRoomFor(worker, this.s.activities.get(worker.activitySid), task.taskChannelSid)) return false;
        if (transfer) return !task.rejectedBy.has(worker.sid);
        return targetAllows(target, task, worker, () => this.s.workerContext(worker));
      });
      for (let offers = this.openOffers(task); offers > 0; offers--) {
        const chosen = pickWorker(candidates);
        if (!chosen) break;
        this.reserve(task, chosen, queueSid);
        candidates.splice(candidates.indexOf(chosen), 1);
        if (!hasRoomFor(chosen, this.s.activities.get(chosen.activitySid), task.taskChannelSid)) {
          workers.splice(workers.indexOf(chosen), 1);
        }
      }
    }
  }

  /** How many more workers a waiting task may be offered to now (its queue's MaxReservedWorkers). */
  private openOffers(task: Task): number {
    if (task.transfer) return task.transfer.status === "initiated" && task.pendingReservationSids.length === 0 ? 1 : 0;
    if (task.acceptedReservationSid !== null || task.queueSid === null) return 0;
    const max = this.s.queues.get(task.queueSid)?.maxReservedWorkers ?? 1;
    return Math.max(0, max - task.pendingReservationSids.length);
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
