/**
 * The workspace's state, its event history and the one place events are made. The services
 * (config, workers, tasks, router) mutate this; statistics only read it.
 */
import { compileExpression } from "@/lib/expression";
import type { Clock, TimerHandle } from "./clock";
import { invalidParameter, notFound } from "./errors";
import {
  activityFields,
  epochSeconds,
  queueFields,
  reservationFields,
  taskFields,
  workerFields,
  workflowFields,
  type Params,
} from "./event-fields";
import type { Activity, EventRecord, Reservation, Task, TaskChannel, TaskQueue, Worker, Workflow, Workspace } from "./model";
import { SidFactory } from "./sids";

export type EventListener = (event: EventRecord) => void;

/** What an event is about; the groups of fields follow from it. */
export type EventSubject = {
  resourceType: string;
  resourceSid: string;
  description: string;
  task?: Task;
  /** Overrides the task's current queue (the queue a task is leaving). */
  queue?: TaskQueue | null;
  workflow?: Workflow;
  worker?: Worker;
  reservation?: Reservation;
  activity?: Activity;
  extra?: Params;
};

/** Default cap on the event history: old events are dropped past it (statistics see what is kept). */
export const DEFAULT_MAX_EVENTS = 250_000;
/** Completed and canceled tasks are forgotten a day after they end (their events stay). */
export const DEFAULT_ENDED_TASK_RETENTION_MS = 24 * 3_600_000;

export class EngineState {
  readonly sids: SidFactory;
  workspace!: Workspace;
  readonly activities = new Map<string, Activity>();
  readonly taskChannels = new Map<string, TaskChannel>();
  readonly workers = new Map<string, Worker>();
  readonly queues = new Map<string, TaskQueue>();
  readonly workflows = new Map<string, Workflow>();
  readonly tasks = new Map<string, Task>();
  /** Tasks not yet completed or canceled (what routing and real-time statistics look at). */
  readonly openTasks = new Map<string, Task>();
  readonly reservations = new Map<string, Reservation>();
  /** Event history in emission (= time) order. */
  events: EventRecord[] = [];
  /** queue sid → sids of workers its TargetWorkers matches. */
  readonly membership = new Map<string, Set<string>>();
  readonly taskTimers = new Map<string, { ttl?: TimerHandle; target?: TimerHandle }>();
  readonly reservationTimers = new Map<string, TimerHandle>();
  private readonly listeners = new Set<EventListener>();
  private sequence = 0;

  constructor(
    readonly clock: Clock,
    readonly accountSid: string,
    seed: number,
    readonly maxEvents = DEFAULT_MAX_EVENTS,
    /** How long a completed or canceled task stays fetchable before it is dropped from memory. */
    readonly endedTaskRetentionMs = DEFAULT_ENDED_TASK_RETENTION_MS,
  ) {
    this.sids = new SidFactory(seed, String(clock.now()));
  }

  now(): number {
    return this.clock.now();
  }

  nextSeq(): number {
    return ++this.sequence;
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- lookups: 20404 for anything unknown -------------------------------------------------------

  activity(sid: string): Activity {
    return this.activities.get(sid) ?? fail(`Activity ${sid}`);
  }
  taskChannel(sidOrName: string): TaskChannel {
    return this.findTaskChannel(sidOrName) ?? fail(`TaskChannel ${sidOrName}`);
  }
  worker(sid: string): Worker {
    return this.workers.get(sid) ?? fail(`Worker ${sid}`);
  }
  queue(sid: string): TaskQueue {
    return this.queues.get(sid) ?? fail(`TaskQueue ${sid}`);
  }
  workflow(sid: string): Workflow {
    return this.workflows.get(sid) ?? fail(`Workflow ${sid}`);
  }
  task(sid: string): Task {
    return this.tasks.get(sid) ?? fail(`Task ${sid}`);
  }
  reservation(sid: string): Reservation {
    return this.reservations.get(sid) ?? fail(`Reservation ${sid}`);
  }

  /** An activity named in a request body: unknown is a bad parameter (20001), not a missing resource. */
  activityParam(sid: string, param: string): Activity {
    const activity = this.activities.get(sid);
    if (!activity) throw invalidParameter(`${param} ${sid} is not an Activity of this workspace`);
    return activity;
  }

  findTaskChannel(sidOrName: string): TaskChannel | undefined {
    const bySid = this.taskChannels.get(sidOrName);
    if (bySid) return bySid;
    for (const channel of this.taskChannels.values()) if (channel.uniqueName === sidOrName) return channel;
    return undefined;
  }

  // --- queue membership --------------------------------------------------------------------------

  /** A worker as expressions see it: its attributes plus the worker fields Twilio exposes. */
  workerContext(worker: Worker): Record<string, unknown> {
    return {
      ...worker.attributes,
      sid: worker.sid,
      friendly_name: worker.friendlyName,
      activity_sid: worker.activitySid,
      activity_name: this.activities.get(worker.activitySid)?.friendlyName ?? null,
    };
  }

  matchesQueue(queue: TaskQueue, worker: Worker): boolean {
    return compileExpression(queue.targetWorkers, { defaultScope: "worker" })({ worker: this.workerContext(worker) });
  }

  refreshMembershipOfWorker(worker: Worker): void {
    for (const queue of this.queues.values()) {
      const members = this.membersOf(queue.sid);
      if (this.matchesQueue(queue, worker)) members.add(worker.sid);
      else members.delete(worker.sid);
    }
  }

  refreshMembershipOfQueue(queue: TaskQueue): void {
    const members = new Set<string>();
    for (const worker of this.workers.values()) if (this.matchesQueue(queue, worker)) members.add(worker.sid);
    this.membership.set(queue.sid, members);
  }

  membersOf(queueSid: string): Set<string> {
    let members = this.membership.get(queueSid);
    if (!members) {
      members = new Set();
      this.membership.set(queueSid, members);
    }
    return members;
  }

  // --- events ------------------------------------------------------------------------------------

  emit(type: string, subject: EventSubject): EventRecord {
    const now = this.now();
    const sid = this.sids.next("EV");
    const params: Params = {
      Sid: sid,
      EventType: type,
      AccountSid: this.accountSid,
      WorkspaceSid: this.workspace.sid,
      WorkspaceName: this.workspace.friendlyName,
      ResourceType: subject.resourceType,
      ResourceSid: subject.resourceSid,
      EventDescription: subject.description,
      Timestamp: String(epochSeconds(now)),
      TimestampMs: String(now),
    };
    const task = subject.task;
    if (task) {
      Object.assign(params, taskFields(task, this.taskChannels.get(task.taskChannelSid), now));
      const queue = subject.queue === undefined ? (task.queueSid ? this.queues.get(task.queueSid) : undefined) : subject.queue;
      if (queue) Object.assign(params, queueFields(queue));
      const workflow = subject.workflow ?? this.workflows.get(task.workflowSid);
      if (workflow) Object.assign(params, workflowFields(workflow));
    } else if (subject.workflow) {
      Object.assign(params, workflowFields(subject.workflow));
    }
    if (subject.worker) {
      Object.assign(params, workerFields(subject.worker, this.activities.get(subject.worker.activitySid)));
    }
    if (subject.reservation) Object.assign(params, reservationFields(subject.reservation));
    if (subject.activity) Object.assign(params, activityFields(subject.activity));
    if (subject.extra) Object.assign(params, subject.extra);

    const record: EventRecord = {
      sid,
      type,
      timeMs: now,
      resourceType: subject.resourceType,
      resourceSid: subject.resourceSid,
      description: subject.description,
      params,
      taskSid: params.TaskSid ?? null,
      workerSid: params.WorkerSid ?? null,
      queueSid: params.TaskQueueSid ?? null,
      workflowSid: params.WorkflowSid ?? null,
      reservationSid: params.ReservationSid ?? null,
      taskChannelUniqueName: params.TaskChannelUniqueName || null,
      // To the millisecond, as TaskRouter keeps them (the callback's dates are whole seconds).
      taskCreatedMs: task ? task.dateCreated : null,
      queueEnteredMs: task ? task.queueEnteredAt : null,
    };
    this.events.push(record);
    if (this.events.length > this.maxEvents) this.events = this.events.slice(Math.floor(this.maxEvents / 10));
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch (error) {
        console.error("[emulator] event listener failed:", error);
      }
    }
    return record;
  }

  // --- timers ------------------------------------------------------------------------------------

  setTaskTimer(taskSid: string, kind: "ttl" | "target", at: number, fn: () => void): void {
    this.clearTaskTimer(taskSid, kind);
    const timers = this.taskTimers.get(taskSid) ?? {};
    timers[kind] = this.clock.setTimer(at, fn);
    this.taskTimers.set(taskSid, timers);
  }

  clearTaskTimer(taskSid: string, kind: "ttl" | "target"): void {
    const timers = this.taskTimers.get(taskSid);
    const handle = timers?.[kind];
    if (timers && handle) {
      this.clock.clearTimer(handle);
      delete timers[kind];
    }
  }

  clearAllTaskTimers(taskSid: string): void {
    this.clearTaskTimer(taskSid, "ttl");
    this.clearTaskTimer(taskSid, "target");
    this.taskTimers.delete(taskSid);
  }

  setReservationTimer(reservationSid: string, at: number, fn: () => void): void {
    this.clearReservationTimer(reservationSid);
    this.reservationTimers.set(reservationSid, this.clock.setTimer(at, fn));
  }

  clearReservationTimer(reservationSid: string): void {
    const handle = this.reservationTimers.get(reservationSid);
    if (handle) this.clock.clearTimer(handle);
    this.reservationTimers.delete(reservationSid);
  }
}

function fail(what: string): never {
  throw notFound(what);
}
