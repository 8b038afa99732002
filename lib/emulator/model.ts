/** The emulator's in-memory state: one workspace and everything in it. Times are epoch ms. */
import type { CompiledTarget, CompiledWorkflow } from "./workflow-config";

export type TaskStatus = "pending" | "reserved" | "assigned" | "wrapping" | "completed" | "canceled";
export type ReservationStatus = "pending" | "accepted" | "rejected" | "timeout" | "canceled" | "rescinded" | "wrapping" | "completed";

type Dated = { dateCreated: number; dateUpdated: number };

export type Workspace = Dated & {
  sid: string;
  friendlyName: string;
  eventCallbackUrl: string | null;
  /** Event types to deliver; null delivers all. */
  eventsFilter: string[] | null;
  defaultActivitySid: string | null;
  timeoutActivitySid: string | null;
  multiTaskEnabled: boolean;
  prioritizeQueueOrder: "FIFO" | "LIFO";
};

export type Activity = Dated & { sid: string; friendlyName: string; available: boolean };

export type TaskChannel = Dated & {
  sid: string;
  uniqueName: string;
  friendlyName: string;
  channelOptimizedRouting: boolean;
  /** Capacity given to each worker's channel when the worker is created. */
  defaultCapacity: number;
};

export type WorkerChannel = Dated & {
  sid: string;
  taskChannelSid: string;
  capacity: number;
  available: boolean;
  /** Pending reservations holding capacity. */
  reserved: number;
  /** Accepted tasks not completed yet (assigned or wrapping). */
  assigned: number;
};

export type Worker = Dated & {
  sid: string;
  /** Creation order: the final tie-break of "longest idle". */
  seq: number;
  friendlyName: string;
  attributes: Record<string, unknown>;
  attributesJson: string;
  activitySid: string;
  /** When the current activity started. */
  activitySince: number;
  /** Last time the worker became free for work: longest idle is the earliest of these. */
  idleSince: number;
  version: number;
  /** By TaskChannel sid. */
  channels: Map<string, WorkerChannel>;
};

export type TaskQueue = Dated & {
  sid: string;
  friendlyName: string;
  targetWorkers: string;
  maxReservedWorkers: number;
  taskOrder: "FIFO" | "LIFO";
  reservationActivitySid: string | null;
  assignmentActivitySid: string | null;
};

export type Workflow = Dated & {
  sid: string;
  friendlyName: string;
  configuration: string;
  compiled: CompiledWorkflow;
  taskReservationTimeout: number;
  assignmentCallbackUrl: string | null;
  fallbackAssignmentCallbackUrl: string | null;
};

/**
 * Where a task stands in its workflow: the matched filter (-1: the default filter), its targets as
 * they were when the task matched them, and the current target.
 */
export type RoutePosition = { filterIndex: number; filterName: string; targets: CompiledTarget[]; targetIndex: number };

export type Task = Dated & {
  sid: string;
  /** Creation order: FIFO tie-break for equal priority and age. */
  seq: number;
  attributes: Record<string, unknown>;
  attributesJson: string;
  /** Priority set by the API (null: the target's or 0). */
  requestedPriority: number | null;
  priority: number;
  status: TaskStatus;
  reason: string | null;
  workflowSid: string;
  taskChannelSid: string;
  /** TTL in seconds. */
  timeout: number;
  virtualStartTime: number;
  queueSid: string | null;
  queueEnteredAt: number | null;
  route: RoutePosition | null;
  /** The current target timed out while a reservation was pending: escalate when it ends. */
  targetExpired: boolean;
  version: number;
  /** Workers who rejected this task: not offered it again. */
  rejectedBy: Set<string>;
  /** Pending reservations: up to the queue's MaxReservedWorkers at once. */
  pendingReservationSids: string[];
  /** The accepted reservation (assigned or wrapping task). */
  acceptedReservationSid: string | null;
  /** The transfer in progress, if any. */
  transfer: Transfer | null;
  /** Every reservation made for this task. */
  reservationSids: string[];
  acceptedAt: number | null;
};

export type Reservation = Dated & {
  sid: string;
  taskSid: string;
  workerSid: string;
  queueSid: string;
  status: ReservationStatus;
  version: number;
};

/**
 * A transfer of an assigned task (the Worker SDK's `task.transfer(to, { mode })`; the REST API has
 * no Transfers resource): to one worker or to a queue, WARM (the initiator keeps the task until the
 * new worker accepts) or COLD (the initiator is done at once and the task waits again).
 */
export type Transfer = Dated & {
  sid: string;
  mode: "WARM" | "COLD";
  type: "WORKER" | "QUEUE";
  /** WK… or WQ… */
  to: string;
  status: "initiated" | "failed" | "completed" | "canceled";
  /** The initiating reservation and worker. */
  reservationSid: string;
  workerSid: string;
};

/** One emitted event: the callback parameters plus typed columns the statistics read. */
export type EventRecord = {
  sid: string;
  type: string;
  timeMs: number;
  resourceType: string;
  resourceSid: string;
  description: string;
  params: Record<string, string>;
  taskSid: string | null;
  workerSid: string | null;
  queueSid: string | null;
  workflowSid: string | null;
  reservationSid: string | null;
  taskChannelUniqueName: string | null;
  /** TaskDateCreated / TaskQueueEnteredDate as the event states them (whole seconds, in ms). */
  taskCreatedMs: number | null;
  queueEnteredMs: number | null;
};
