/**
 * Drift check: our realtime figures and last-hour counts per queue against TaskRouter's own
 * RealTimeStatistics and CumulativeStatistics. A difference is drift only once it has lasted the
 * grace period (both sides are read moments apart while work moves). Service level and the other
 * figures we define ourselves (docs/metrics.md) are not compared.
 */
import type { LiveMetrics } from "@/lib/live/live-metrics";
import type { QueueSnapshot } from "@/lib/metrics/types";
import type { TwilioClient } from "@/lib/twilio/client";

export type DriftDifference = { queueSid: string; field: string; ours: number; taskrouter: number; since: string };

export type DriftReport = {
  checkedAt: string | null;
  /** No difference at the last check. */
  inSync: boolean;
  /** Some difference has lasted longer than the grace period: the wallboard warns. */
  warning: boolean;
  graceSeconds: number;
  differences: DriftDifference[];
  error: string | null;
};

/** TaskRouter's figures for one queue, as the SDK returns them. */
export type TaskRouterQueueFigures = {
  realtime: {
    tasksByStatus: Record<string, number>;
    longestTaskWaitingAge: number;
    totalAvailableWorkers: number;
    totalEligibleWorkers: number;
  };
  lastHour: { tasksEntered: number; tasksCompleted: number; tasksCanceled: number; reservationsAccepted: number };
};

/** Seconds two reads of the longest wait may differ by, since they are taken moments apart. */
const WAIT_TOLERANCE_SECONDS = 5;
const HOUR_MS = 3_600_000;

/** The fields where our queue figures and TaskRouter's disagree (`ours` from `realtime` and a last-hour `cumulative`). */
export function compareQueue(
  ours: Pick<QueueSnapshot, "sid" | "realtime" | "cumulative">,
  theirs: TaskRouterQueueFigures,
): Omit<DriftDifference, "since">[] {
  const pairs: [string, number, number, number][] = [];
  for (const status of ["pending", "reserved", "assigned", "wrapping"] as const) {
    pairs.push([`tasksByStatus.${status}`, ours.realtime.tasksByStatus[status], Number(theirs.realtime.tasksByStatus[status] ?? 0), 0]);
  }
  pairs.push(["longestTaskWaitingAge", ours.realtime.longestTaskWaitingAge, theirs.realtime.longestTaskWaitingAge, WAIT_TOLERANCE_SECONDS]);
  pairs.push(["totalAvailableWorkers", ours.realtime.totalAvailableWorkers, theirs.realtime.totalAvailableWorkers, 0]);
  pairs.push(["totalEligibleWorkers", ours.realtime.totalEligibleWorkers, theirs.realtime.totalEligibleWorkers, 0]);
  for (const field of ["tasksEntered", "tasksCompleted", "tasksCanceled", "reservationsAccepted"] as const) {
    pairs.push([`lastHour.${field}`, ours.cumulative[field], theirs.lastHour[field], 0]);
  }
  return pairs
    .filter(([, a, b, tolerance]) => Math.abs(a - b) > tolerance)
    .map(([field, a, b]) => ({ queueSid: ours.sid, field, ours: a, taskrouter: b }));
}

export type DriftDeps = {
  client: TwilioClient;
  workspaceSid: string;
  live: LiveMetrics;
  graceSeconds: number;
  now?: () => number;
};

export class DriftChecker {
  private readonly firstSeen = new Map<string, number>();
  private readonly now: () => number;
  report: DriftReport;

  constructor(private readonly deps: DriftDeps) {
    this.now = deps.now ?? Date.now;
    this.report = { checkedAt: null, inSync: true, warning: false, graceSeconds: deps.graceSeconds, differences: [], error: null };
  }

  async check(): Promise<DriftReport> {
    // Whole seconds: TaskRouter reads StartDate/EndDate to the second, so both sides count the same events.
    const now = Math.floor(this.now() / 1000) * 1000;
    const window = { startMs: now - HOUR_MS, endMs: now };
    try {
      const ws = this.deps.client.taskrouter.v1.workspaces(this.deps.workspaceSid);
      const ours = this.deps.live.snapshot({ now, window: { kind: "minutes", minutes: 60 } });
      const found = await Promise.all(
        ours.queues.map(async (queue) => {
          const statistics = ws.taskQueues(queue.sid);
          const [realtime, cumulative] = await Promise.all([
            statistics.realTimeStatistics().fetch(),
            statistics.cumulativeStatistics().fetch({ startDate: new Date(window.startMs), endDate: new Date(window.endMs) }),
          ]);
          return compareQueue(queue, {
            realtime: {
              tasksByStatus: (realtime.tasksByStatus ?? {}) as Record<string, number>,
              longestTaskWaitingAge: realtime.longestTaskWaitingAge ?? 0,
              totalAvailableWorkers: realtime.totalAvailableWorkers ?? 0,
              totalEligibleWorkers: realtime.totalEligibleWorkers ?? 0,
            },
            lastHour: {
              tasksEntered: cumulative.tasksEntered ?? 0,
              tasksCompleted: cumulative.tasksCompleted ?? 0,
              tasksCanceled: cumulative.tasksCanceled ?? 0,
              reservationsAccepted: cumulative.reservationsAccepted ?? 0,
            },
          });
        }),
      );
      const differences = found.flat();
      const seen = new Set<string>();
      const dated = differences.map((difference) => {
        const key = `${difference.queueSid}|${difference.field}`;
        seen.add(key);
        const since = this.firstSeen.get(key) ?? now;
        this.firstSeen.set(key, since);
        return { ...difference, since: new Date(since).toISOString() };
      });
      for (const key of [...this.firstSeen.keys()]) if (!seen.has(key)) this.firstSeen.delete(key);
      const graceMs = this.deps.graceSeconds * 1000;
      this.report = {
        checkedAt: new Date(now).toISOString(),
        inSync: dated.length === 0,
        warning: dated.some((d) => now - Date.parse(d.since) >= graceMs),
        graceSeconds: this.deps.graceSeconds,
        differences: dated,
        error: null,
      };
    } catch (error) {
      this.report = { ...this.report, error: error instanceof Error ? error.message : String(error) };
    }
    return this.report;
  }
}
