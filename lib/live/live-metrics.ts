import type { WorkspaceConfig } from "@/lib/config/types";
import type { EventStore } from "@/lib/events/store";
import type { TypedEvent } from "@/lib/events/types";
import { applyEvent, buildSeries, buildSnapshot, createMetricsState, type MetricsState, workerSnapshot } from "@/lib/metrics";
import type { MetricsSettings, MetricsSnapshot, SnapshotOptions, WorkerSnapshot } from "@/lib/metrics/types";

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

  /** Folds the whole log; returns how many events it read. */
  async rebuild(store: EventStore): Promise<number> {
    const state = createMetricsState(this.config, this.settings);
    let read = 0;
    let latest: number | null = null;
    for await (const batch of store.readAll({ workspaceSid: this.config.workspace.sid })) {
      for (const event of batch) {
        applyEvent(state, event);
        if (latest === null || event.timeMs > latest) latest = event.timeMs;
      }
      read += batch.length;
    }
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

  snapshot(options: SnapshotOptions): MetricsSnapshot {
    return buildSnapshot(this.state, options);
  }

  series(options: Parameters<typeof buildSeries>[1]) {
    return buildSeries(this.state, options);
  }

  worker(workerSid: string, now: number): WorkerSnapshot | null {
    return workerSnapshot(this.state, workerSid, now);
  }
}
