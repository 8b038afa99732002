import type { WorkspaceConfig } from "@/lib/config/types";
import type { EventStore } from "@/lib/events/store";
import type { TypedEvent } from "@/lib/events/types";
import {
  applyEvent,
  buildSeries,
  buildSnapshot,
  createMetricsState,
  type Forgotten,
  forgetBefore,
  LIVE_HORIZON_MS,
  type MetricsState,
  settleTasks,
  workerSnapshot,
} from "@/lib/metrics";
import type { MetricsSettings, MetricsSnapshot, SnapshotOptions, WorkerSnapshot } from "@/lib/metrics/types";

/** What the folded events know of a task (null: no event names it). */
export type KnownTask = { hasCreated: boolean; currentQueueSid: string | null } | null;
/** What the folded events know of a worker. */
export type KnownWorker = { lastActivityChangeMs: number | null; channelKeys: ReadonlySet<string> };

/**
 * The live metrics of one instance: the pure fold over every event in the log, rebuilt at
 * start and advanced per event (by lib/ingest, which then tells the Socket.IO hub).
 */
export class LiveMetrics {
  private state: MetricsState;
  lastEventAtMs: number | null = null;
  eventsFolded = 0;

  constructor(
    private config: WorkspaceConfig,
    readonly settings: MetricsSettings,
  ) {
    this.state = createMetricsState(config, settings);
  }

  get workspace() {
    return this.config.workspace;
  }

  /** Folds what the log holds for the windows served (EventStore.readForLiveState); returns how many events it read. */
  async rebuild(store: EventStore, nowMs = Date.now()): Promise<number> {
    const state = createMetricsState(this.config, this.settings);
    const horizonMs = nowMs - LIVE_HORIZON_MS;
    let read = 0;
    let latest: number | null = null;
    // Only what the state keeps after forgetting: start-up does not grow with the log's length.
    for await (const batch of store.readForLiveState({ workspaceSid: this.config.workspace.sid, horizonMs })) {
      for (const event of batch) {
        applyEvent(state, event);
        if (latest === null || event.timeMs > latest) latest = event.timeMs;
      }
      read += batch.length;
    }
    forgetBefore(state, horizonMs);
    this.state = state;
    this.lastEventAtMs = latest;
    this.eventsFolded = read;
    return read;
  }

  /** True for events of the workspace this instance shows (or that name none). */
  isOwnWorkspace(event: TypedEvent): boolean {
    return event.workspaceSid === null || event.workspaceSid === this.config.workspace.sid;
  }

  /**
   * Folds one event; false when it was already folded (duplicate Sid) or belongs to another
   * workspace (stored in the log, but not this dashboard's numbers).
   */
  apply(event: TypedEvent): boolean {
    if (!this.isOwnWorkspace(event) || !applyEvent(this.state, event)) return false;
    this.eventsFolded += 1;
    if (this.lastEventAtMs === null || event.timeMs > this.lastEventAtMs) this.lastEventAtMs = event.timeMs;
    return true;
  }

  /** Lets go of what no served window reaches any more (run hourly by the app). */
  forget(nowMs: number): Forgotten {
    return forgetBefore(this.state, nowMs - LIVE_HORIZON_MS);
  }

  snapshot(options: SnapshotOptions): MetricsSnapshot {
    return buildSnapshot(this.state, options);
  }

  series(options: Parameters<typeof buildSeries>[1]) {
    return buildSeries(this.state, options);
  }

  /** What the folded events say of a task: null when none names it (the bootstrap's question). */
  knownTask(taskSid: string): KnownTask {
    settleTasks(this.state);
    const task = this.state.tasks.get(taskSid);
    if (task === undefined) return null;
    return { hasCreated: task.records.some((r) => r.type === "task.created"), currentQueueSid: task.facts.currentQueueSid };
  }

  /** When an event last set the worker's activity (the configuration says which, not since when), and the channels events named. */
  knownWorker(workerSid: string): KnownWorker {
    const worker = this.state.workers.get(workerSid);
    const channelKeys = new Set<string>();
    for (const channel of worker?.channels.values() ?? []) {
      channelKeys.add(channel.key);
      if (channel.uniqueName) channelKeys.add(channel.uniqueName.value);
      if (channel.taskChannelSid) channelKeys.add(channel.taskChannelSid.value);
    }
    const changes = worker?.changes ?? [];
    let lastActivityChangeMs: number | null = null;
    for (const change of changes) if (change.kind !== "deleted") lastActivityChangeMs = change.timeMs;
    return { lastActivityChangeMs, channelKeys };
  }

  worker(workerSid: string, now: number): WorkerSnapshot | null {
    return workerSnapshot(this.state, workerSid, now);
  }
}
