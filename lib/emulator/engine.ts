/**
 * The emulator's in-process API: what the REST layer calls, and what the simulator drives directly
 * (same validation, same events). Everything runs on `clock`; sids come from `seed`.
 */
import type { Clock } from "./clock";
import { ConfigService } from "./config-service";
import { TaskLifecycle } from "./lifecycle";
import type { EventRecord } from "./model";
import { EngineState, type EventListener } from "./state";
import { Statistics } from "./statistics";
import { resolveWindow, type WindowQuery } from "./statistics/window";
import { TaskService } from "./task-service";
import { WorkerService } from "./worker-service";

export type EngineOptions = {
  clock: Clock;
  accountSid: string;
  seed?: number;
  workspaceName?: string;
  /** Events kept for the Events API and cumulative statistics. */
  maxEvents?: number;
  /** How long completed/canceled tasks stay fetchable (default 24 h of clock time). */
  endedTaskRetentionMs?: number;
};

export type EventsQuery = WindowQuery & {
  eventType?: string;
  taskSid?: string;
  workerSid?: string;
  reservationSid?: string;
  taskQueueSid?: string;
  workflowSid?: string;
  /** TaskChannel sid or unique name. */
  taskChannel?: string;
  sid?: string;
};

export class Engine {
  readonly state: EngineState;
  readonly lifecycle: TaskLifecycle;
  readonly config: ConfigService;
  readonly workers: WorkerService;
  readonly tasks: TaskService;
  readonly statistics: Statistics;

  constructor(options: EngineOptions) {
    this.state = new EngineState(options.clock, options.accountSid, options.seed ?? 1, options.maxEvents, options.endedTaskRetentionMs);
    const now = options.clock.now();
    this.state.workspace = {
      sid: this.state.sids.next("WS"),
      friendlyName: options.workspaceName ?? "Contact Centre",
      eventCallbackUrl: null,
      eventsFilter: null,
      defaultActivitySid: null,
      timeoutActivitySid: null,
      multiTaskEnabled: true,
      prioritizeQueueOrder: "FIFO",
      dateCreated: now,
      dateUpdated: now,
    };
    this.lifecycle = new TaskLifecycle(this.state);
    this.config = new ConfigService(this.state, this.lifecycle);
    this.workers = new WorkerService(this.state, this.lifecycle);
    this.tasks = new TaskService(this.state, this.lifecycle);
    this.statistics = new Statistics(this.state);
    const ws = this.state.workspace;
    this.state.emit("workspace.created", {
      resourceType: "Workspace",
      resourceSid: ws.sid,
      description: `Workspace ${ws.friendlyName} created`,
    });
  }

  get clock(): Clock {
    return this.state.clock;
  }

  get workspaceSid(): string {
    return this.state.workspace.sid;
  }

  /** Called synchronously for every event, in order. Listeners must not call back into the engine synchronously. */
  onEvent(listener: EventListener): () => void {
    return this.state.onEvent(listener);
  }

  /** Events API: newest first, as Twilio lists them. */
  listEvents(query: EventsQuery = {}): EventRecord[] {
    if (query.sid) return this.state.events.filter((event) => event.sid === query.sid);
    const window = resolveWindow(query, this.state.now());
    const channel = query.taskChannel ? (this.state.findTaskChannel(query.taskChannel)?.uniqueName ?? query.taskChannel) : null;
    const result: EventRecord[] = [];
    const events = this.state.events;
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i]!;
      if (event.timeMs > window.endMs) continue;
      if (event.timeMs < window.startMs) break;
      if (query.eventType && event.type !== query.eventType) continue;
      if (query.taskSid && event.taskSid !== query.taskSid) continue;
      if (query.workerSid && event.workerSid !== query.workerSid) continue;
      if (query.reservationSid && event.reservationSid !== query.reservationSid) continue;
      if (query.taskQueueSid && event.queueSid !== query.taskQueueSid) continue;
      if (query.workflowSid && event.workflowSid !== query.workflowSid) continue;
      if (channel && event.taskChannelUniqueName !== channel) continue;
      result.push(event);
    }
    return result;
  }

  /**
   * Re-times everything made so far to the clock's current time. For a clock that was just rewound
   * (history replay) before any task existed, so configuration is not dated after the replayed past.
   */
  restampConfiguration(): void {
    if (this.state.tasks.size > 0) throw new Error("restampConfiguration: tasks already exist");
    const now = this.state.now();
    const s = this.state;
    const items = [s.workspace, ...s.activities.values(), ...s.taskChannels.values(), ...s.queues.values(), ...s.workflows.values()];
    for (const item of items) item.dateCreated = item.dateUpdated = now;
    for (const worker of s.workers.values()) {
      worker.dateCreated = worker.dateUpdated = worker.activitySince = worker.idleSince = now;
      for (const channel of worker.channels.values()) channel.dateCreated = channel.dateUpdated = now;
    }
    for (const event of s.events) {
      event.timeMs = now;
      event.params.Timestamp = String(Math.floor(now / 1000));
      event.params.TimestampMs = String(now);
      if (event.params.WorkerTimeInPreviousActivityMs !== undefined) {
        event.params.WorkerTimeInPreviousActivityMs = "0";
        event.params.WorkerTimeInPreviousActivity = "0";
      }
    }
  }
}
