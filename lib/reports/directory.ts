import type { TypedEvent } from "@/lib/events/types";
import type { MetricsSnapshot } from "@/lib/metrics/types";

export type QueueEntry = { sid: string; friendlyName: string; slaSeconds: number; shortAbandonSeconds: number };
export type ActivityEntry = { sid: string; friendlyName: string; available: boolean };

/**
 * Names and per-queue thresholds the reports print, taken from the live state (configuration
 * read from TaskRouter, kept current by events). A sid the configuration no longer knows (a
 * deleted queue or worker) falls back to the name its events carried, then to the sid.
 */
export class ReportDirectory {
  private readonly queues = new Map<string, QueueEntry>();
  private readonly workers = new Map<string, { friendlyName: string; queueSids: string[] }>();
  private readonly activities = new Map<string, ActivityEntry>();
  private readonly seenNames = new Map<string, string>();

  constructor(
    config: { queues: QueueEntry[]; workers: { sid: string; friendlyName: string; queueSids: string[] }[]; activities: ActivityEntry[] },
    readonly defaults: { slaSeconds: number; shortAbandonSeconds: number },
  ) {
    for (const queue of config.queues) this.queues.set(queue.sid, queue);
    for (const { sid, friendlyName, queueSids } of config.workers) this.workers.set(sid, { friendlyName, queueSids });
    for (const activity of config.activities) this.activities.set(activity.sid, activity);
  }

  static fromSnapshot(snapshot: MetricsSnapshot, defaults: { slaSeconds: number; shortAbandonSeconds: number }): ReportDirectory {
    return new ReportDirectory(
      {
        queues: snapshot.queues.map(({ sid, friendlyName, slaSeconds, shortAbandonSeconds }) => ({
          sid,
          friendlyName,
          slaSeconds,
          shortAbandonSeconds,
        })),
        workers: snapshot.workers.map(({ sid, friendlyName, queueSids }) => ({ sid, friendlyName, queueSids })),
        activities: snapshot.workspace.realtime.activityStatistics.map(({ sid, friendlyName, available }) => ({
          sid,
          friendlyName,
          available,
        })),
      },
      defaults,
    );
  }

  /** Remembers names that events carry (TaskQueueName, WorkerName, WorkerActivityName). */
  learn(event: TypedEvent): void {
    const { worker } = event;
    const pairs: [string | null, string | null][] = [
      [event.taskQueueSid, event.queue.name],
      [event.workerSid, worker.name],
      [worker.activitySid, worker.activityName],
      [worker.previousActivitySid, worker.previousActivityName],
    ];
    for (const [sid, name] of pairs) if (sid && name && !this.seenNames.has(sid)) this.seenNames.set(sid, name);
  }

  queueList(): QueueEntry[] {
    return [...this.queues.values()];
  }

  /** Sids of the configured workers. */
  workerSids(): string[] {
    return [...this.workers.keys()];
  }

  activityList(): ActivityEntry[] {
    return [...this.activities.values()];
  }

  queue(sid: string): QueueEntry {
    return (
      this.queues.get(sid) ?? {
        sid,
        friendlyName: this.seenNames.get(sid) ?? sid,
        slaSeconds: this.defaults.slaSeconds,
        shortAbandonSeconds: this.defaults.shortAbandonSeconds,
      }
    );
  }

  queueName(sid: string | null): string | null {
    return sid === null ? null : this.queue(sid).friendlyName;
  }

  workerName(sid: string | null): string | null {
    if (sid === null) return null;
    return this.workers.get(sid)?.friendlyName ?? this.seenNames.get(sid) ?? sid;
  }

  /** True when the worker is eligible for one of `queueSids` (its attributes match their TargetWorkers now). */
  workerInQueues(sid: string, queueSids: readonly string[]): boolean {
    if (queueSids.length === 0) return true;
    const queues = this.workers.get(sid)?.queueSids ?? [];
    return queueSids.some((queueSid) => queues.includes(queueSid));
  }

  activity(sid: string): ActivityEntry {
    return this.activities.get(sid) ?? { sid, friendlyName: this.seenNames.get(sid) ?? sid, available: false };
  }
}
