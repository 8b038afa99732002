/** Workers and their channels. Activity changes go through the lifecycle (they affect routing). */
import { invalidParameter, notFound } from "./errors";
import { workerChannelFields } from "./event-fields";
import type { TaskLifecycle } from "./lifecycle";
import type { Worker, WorkerChannel } from "./model";
import type { EngineState } from "./state";

export type WorkerInput = { friendlyName: string; activitySid?: string; attributes?: string };
export type WorkerUpdate = { friendlyName?: string; activitySid?: string; attributes?: string; rejectPendingReservations?: boolean };

/** Attributes are a JSON object in a string, for tasks and workers alike. */
export function parseAttributes(json: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalidParameter(`${what} must be a JSON object: not valid JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidParameter(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

export class WorkerService {
  constructor(
    private readonly s: EngineState,
    private readonly lifecycle: TaskLifecycle,
  ) {}

  create(input: WorkerInput): Worker {
    const friendlyName = input.friendlyName?.trim();
    if (!friendlyName) throw invalidParameter("FriendlyName is required");
    if (friendlyName.length > 64) throw invalidParameter("FriendlyName is too long (64 characters at most)");
    for (const other of this.s.workers.values()) {
      if (other.friendlyName === friendlyName) throw invalidParameter(`A Worker named ${friendlyName} already exists`);
    }
    const attributesJson = input.attributes ?? "{}";
    const attributes = parseAttributes(attributesJson, "Attributes");
    const activitySid = input.activitySid ?? this.s.workspace.defaultActivitySid;
    if (!activitySid) throw invalidParameter("ActivitySid is required: the workspace has no default activity");
    this.s.activityParam(activitySid, "ActivitySid");
    const now = this.s.now();
    const worker: Worker = {
      sid: this.s.sids.next("WK"),
      seq: this.s.nextSeq(),
      friendlyName,
      attributes,
      attributesJson,
      activitySid,
      activitySince: now,
      idleSince: now,
      version: 0,
      channels: new Map(),
      dateCreated: now,
      dateUpdated: now,
    };
    for (const channel of this.s.taskChannels.values()) {
      worker.channels.set(channel.sid, {
        sid: this.s.sids.next("WC"),
        taskChannelSid: channel.sid,
        capacity: channel.defaultCapacity,
        available: true,
        reserved: 0,
        assigned: 0,
        dateCreated: now,
        dateUpdated: now,
      });
    }
    this.s.workers.set(worker.sid, worker);
    this.s.refreshMembershipOfWorker(worker);
    this.emitWorker("worker.created", worker, `Worker ${friendlyName} created`);
    this.lifecycle.dispatch();
    return worker;
  }

  update(sid: string, input: WorkerUpdate): Worker {
    const worker = this.s.worker(sid);
    // Validate everything before changing anything.
    const attributes = input.attributes !== undefined ? parseAttributes(input.attributes, "Attributes") : null;
    if (input.activitySid !== undefined) this.s.activityParam(input.activitySid, "ActivitySid");
    const friendlyName = input.friendlyName?.trim();
    if (input.friendlyName !== undefined && !friendlyName) throw invalidParameter("FriendlyName cannot be empty");

    if (friendlyName && friendlyName !== worker.friendlyName) {
      worker.friendlyName = friendlyName;
      worker.version += 1;
      worker.dateUpdated = this.s.now();
    }
    if (attributes && input.attributes !== undefined) {
      worker.attributes = attributes;
      worker.attributesJson = input.attributes;
      worker.version += 1;
      worker.dateUpdated = this.s.now();
      this.s.refreshMembershipOfWorker(worker);
      this.emitWorker("worker.attributes.update", worker, `Worker ${worker.friendlyName} attributes updated`);
    }
    if (input.activitySid !== undefined) {
      this.lifecycle.setActivity(worker, input.activitySid, { rejectPendingReservations: input.rejectPendingReservations ?? false });
    }
    this.lifecycle.dispatch();
    return worker;
  }

  /** Refused while the worker has a task; pending reservations fail (reservation.failed) after worker.deleted. */
  delete(sid: string): void {
    const worker = this.s.worker(sid);
    for (const reservation of this.s.reservations.values()) {
      if (reservation.workerSid === sid && (reservation.status === "accepted" || reservation.status === "wrapping")) {
        throw invalidParameter(`Worker ${sid} has an active reservation ${reservation.sid}`);
      }
    }
    this.s.workers.delete(sid);
    for (const members of this.s.membership.values()) members.delete(sid);
    this.emitWorker("worker.deleted", worker, `Worker ${worker.friendlyName} deleted`);
    this.lifecycle.failReservationsOf(sid);
  }

  channel(workerSid: string, channelSidOrName: string): WorkerChannel {
    const worker = this.s.worker(workerSid);
    const byWorkerChannelSid = [...worker.channels.values()].find((channel) => channel.sid === channelSidOrName);
    if (byWorkerChannelSid) return byWorkerChannelSid;
    const taskChannel = this.s.findTaskChannel(channelSidOrName);
    const channel = taskChannel ? worker.channels.get(taskChannel.sid) : undefined;
    if (!channel) throw notFound(`WorkerChannel ${channelSidOrName} of worker ${workerSid}`);
    return channel;
  }

  updateChannel(workerSid: string, channelSidOrName: string, input: { capacity?: number; available?: boolean }): WorkerChannel {
    const worker = this.s.worker(workerSid);
    const channel = this.channel(workerSid, channelSidOrName);
    const taskChannel = this.s.taskChannel(channel.taskChannelSid);
    if (input.capacity !== undefined && (!Number.isInteger(input.capacity) || input.capacity < 0 || input.capacity > 50)) {
      throw invalidParameter("Capacity must be an integer from 0 to 50");
    }
    const previousCapacity = channel.capacity;
    const now = this.s.now();
    if (input.capacity !== undefined && input.capacity !== channel.capacity) {
      channel.capacity = input.capacity;
      channel.dateUpdated = now;
      worker.version += 1;
      this.emitChannel("worker.capacity.update", worker, channel, taskChannel, previousCapacity);
    }
    if (input.available !== undefined && input.available !== channel.available) {
      channel.available = input.available;
      channel.dateUpdated = now;
      worker.version += 1;
      this.emitChannel("worker.channel.availability.update", worker, channel, taskChannel, previousCapacity);
    }
    this.lifecycle.dispatch();
    return channel;
  }

  private emitWorker(type: string, worker: Worker, description: string): void {
    this.s.emit(type, { resourceType: "Worker", resourceSid: worker.sid, description, worker });
  }

  private emitChannel(
    type: string,
    worker: Worker,
    channel: WorkerChannel,
    taskChannel: Parameters<typeof workerChannelFields>[1],
    previous: number,
  ): void {
    this.s.emit(type, {
      resourceType: "Worker",
      resourceSid: worker.sid,
      description: `Worker ${worker.friendlyName} ${taskChannel.uniqueName} channel updated`,
      worker,
      extra: workerChannelFields(channel, taskChannel, previous),
    });
  }
}
