/** Tasks and reservations as the REST API exposes them: validation first, then the lifecycle. */
import { invalidParameter, preconditionFailed } from "./errors";
import type { TaskLifecycle } from "./lifecycle";
import type { Reservation, Task, Transfer } from "./model";
import type { EngineState } from "./state";
import { parseAttributes } from "./worker-service";

export type TaskInput = {
  attributes?: string;
  priority?: number;
  /** TTL in seconds (default 86,400, at most 1,209,600). */
  timeout?: number;
  /** TaskChannel sid or unique name (default `default`). */
  taskChannel?: string;
  workflowSid?: string;
  virtualStartTime?: number;
};

export type TaskUpdate = {
  attributes?: string;
  priority?: number;
  assignmentStatus?: string;
  reason?: string;
};

/** A task's version as its ETag: the number TaskRouter shows as `TaskVersion` in events. */
export const taskEtag = (task: Task): string => String(task.version);

/**
 * `If-Match` against a task's ETag: `*` or the current version (quotes and a weak `W/` prefix are
 * ignored); anything else fails with 412 before any change is made.
 */
export function checkIfMatch(task: Task, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  const tags = ifMatch.split(",").map((tag) =>
    tag
      .trim()
      .replace(/^W\//, "")
      .replace(/^"(.*)"$/, "$1"),
  );
  if (tags.includes("*") || tags.includes(taskEtag(task))) return;
  throw preconditionFailed(`Task ${task.sid} is at version ${taskEtag(task)}, not ${ifMatch}: the task changed since it was read`);
}

export type ReservationUpdate = { reservationStatus?: string; workerActivitySid?: string };

export const DEFAULT_TASK_TIMEOUT = 86_400;
const MAX_TASK_TIMEOUT = 1_209_600;
const MAX_PRIORITY = 2 ** 31 - 1;

function checkPriority(priority: number): number {
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) {
    throw invalidParameter(`Priority must be an integer from 0 to ${MAX_PRIORITY}`);
  }
  return priority;
}

export class TaskService {
  constructor(
    private readonly s: EngineState,
    private readonly lifecycle: TaskLifecycle,
  ) {}

  create(input: TaskInput): Task {
    const attributesJson = input.attributes ?? "{}";
    const attributes = parseAttributes(attributesJson, "Attributes");
    const priority = input.priority === undefined ? null : checkPriority(input.priority);
    const timeout = input.timeout ?? DEFAULT_TASK_TIMEOUT;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TASK_TIMEOUT) {
      throw invalidParameter(`Timeout must be an integer from 1 to ${MAX_TASK_TIMEOUT}`);
    }
    const workflowSid = input.workflowSid ?? this.soleWorkflowSid();
    const workflow = this.s.workflows.get(workflowSid);
    if (!workflow) throw invalidParameter(`WorkflowSid ${workflowSid} is not a workflow of this workspace`);
    const channelName = input.taskChannel ?? "default";
    const channel = this.s.findTaskChannel(channelName);
    if (!channel) throw invalidParameter(`TaskChannel ${channelName} is not a task channel of this workspace`);
    const now = this.s.now();
    if (input.virtualStartTime !== undefined && input.virtualStartTime > now) {
      throw invalidParameter("VirtualStartTime cannot be in the future");
    }
    const task: Task = {
      sid: this.s.sids.next("WT"),
      seq: this.s.nextSeq(),
      attributes,
      attributesJson,
      requestedPriority: priority,
      priority: priority ?? 0,
      status: "pending",
      reason: null,
      workflowSid: workflow.sid,
      taskChannelSid: channel.sid,
      timeout,
      virtualStartTime: input.virtualStartTime ?? now,
      queueSid: null,
      queueEnteredAt: null,
      route: null,
      targetExpired: false,
      version: 0,
      rejectedBy: new Set(),
      pendingReservationSids: [],
      acceptedReservationSid: null,
      transfer: null,
      reservationSids: [],
      acceptedAt: null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.s.tasks.set(task.sid, task);
    this.s.openTasks.set(task.sid, task);
    this.s.emit("task.created", {
      resourceType: "Task",
      resourceSid: task.sid,
      description: `Task ${task.sid} created`,
      task,
      queue: null,
    });
    this.lifecycle.start(task);
    return task;
  }

  update(sid: string, input: TaskUpdate, ifMatch?: string): Task {
    const task = this.s.task(sid);
    checkIfMatch(task, ifMatch);
    const attributes = input.attributes !== undefined ? parseAttributes(input.attributes, "Attributes") : null;
    const priority = input.priority !== undefined ? checkPriority(input.priority) : null;
    const status = input.assignmentStatus;
    if (status !== undefined && !["canceled", "completed", "wrapping"].includes(status)) {
      throw invalidParameter(`AssignmentStatus ${status} cannot be set by the API: use canceled, wrapping or completed`);
    }

    if (attributes || priority !== null) {
      if (attributes && input.attributes !== undefined) {
        task.attributes = attributes;
        task.attributesJson = input.attributes;
      }
      if (priority !== null) {
        task.requestedPriority = priority;
        const target = task.route?.targets[task.route.targetIndex];
        task.priority = target?.priority ?? priority;
      }
      task.version += 1;
      task.dateUpdated = this.s.now();
      this.s.emit("task.updated", { resourceType: "Task", resourceSid: task.sid, description: `Task ${task.sid} updated`, task });
      if (attributes) this.lifecycle.reroute(task);
      else this.lifecycle.dispatch();
    }

    if (status === "canceled") {
      this.lifecycle.cancel(task, input.reason ?? null);
      this.lifecycle.dispatch();
    } else if (status === "wrapping") {
      this.lifecycle.wrap(task);
    } else if (status === "completed") {
      this.lifecycle.complete(task, input.reason ?? null);
    }
    return task;
  }

  /** Transfer of an assigned task (what the Worker SDK's `task.transfer` does; no REST resource). */
  transfer(sid: string, input: { to: string; mode?: Transfer["mode"] }): Transfer {
    return this.lifecycle.transfer(this.s.task(sid), input.to, input.mode ?? "WARM");
  }

  cancelTransfer(sid: string): void {
    this.lifecycle.cancelTransfer(this.s.task(sid));
  }

  delete(sid: string, ifMatch?: string): void {
    const task = this.s.task(sid);
    checkIfMatch(task, ifMatch);
    this.lifecycle.remove(task);
  }

  /** Reservation update, reached through a task or a worker: the path must agree with the reservation. */
  updateReservation(owner: { taskSid?: string; workerSid?: string }, sid: string, input: ReservationUpdate): Reservation {
    const reservation = this.reservationOf(owner, sid);
    const task = this.s.task(reservation.taskSid);
    switch (input.reservationStatus) {
      case undefined:
        break;
      case "accepted":
        this.lifecycle.accept(reservation);
        break;
      case "rejected":
        this.lifecycle.reject(reservation, input.workerActivitySid);
        break;
      case "wrapping":
        this.requireAccepted(reservation, "wrap up");
        this.lifecycle.wrap(task);
        break;
      case "completed":
        this.requireAccepted(reservation, "complete");
        this.lifecycle.complete(task, null);
        break;
      default:
        throw invalidParameter(`ReservationStatus ${input.reservationStatus} cannot be set: use accepted, rejected, wrapping or completed`);
    }
    return reservation;
  }

  reservationOf(owner: { taskSid?: string; workerSid?: string }, sid: string): Reservation {
    if (owner.taskSid) this.s.task(owner.taskSid);
    if (owner.workerSid) this.s.worker(owner.workerSid);
    const reservation = this.s.reservation(sid);
    if ((owner.taskSid && reservation.taskSid !== owner.taskSid) || (owner.workerSid && reservation.workerSid !== owner.workerSid)) {
      return this.s.reservation(`${sid} of ${owner.taskSid ?? owner.workerSid}`);
    }
    return reservation;
  }

  private requireAccepted(reservation: Reservation, verb: string): void {
    if (reservation.status !== "accepted" && reservation.status !== "wrapping") {
      throw invalidParameter(`Cannot ${verb} reservation ${reservation.sid} because it is ${reservation.status}`);
    }
  }

  private soleWorkflowSid(): string {
    if (this.s.workflows.size !== 1) throw invalidParameter("WorkflowSid is required when the workspace has more than one workflow");
    return [...this.s.workflows.keys()][0]!;
  }
}
