import type { MetricsSnapshot } from "@/lib/metrics/types";
import { formatDuration, formatPercent } from "@/lib/ui/format";
import type { Thresholds } from "@/lib/ui/thresholds";
import { queueRowModel } from "@/lib/ui/wallboard";

/** A queue past a critical threshold, with what crossed it, in words. */
export type CriticalQueue = { queueSid: string; name: string; reasons: string[] };

/**
 * The queues that are critical on the board right now: the boards' own row model
 * (lib/ui/wallboard.ts), so an alert fires for exactly what turns a row red.
 */
export function criticalQueues(snapshot: MetricsSnapshot, thresholds: Thresholds): CriticalQueue[] {
  const critical: CriticalQueue[] = [];
  for (const queue of snapshot.queues) {
    const row = queueRowModel(queue, thresholds, 0, snapshot.workers);
    if (row.level !== "critical") continue;
    const reasons: string[] = [];
    if (row.longestWaitLevel === "critical")
      reasons.push(`longest wait ${formatDuration(row.longestWaitSeconds)} (critical at ${row.longestWaitCriticalAt} s)`);
    if (row.serviceLevelLevel === "critical")
      reasons.push(`service level ${formatPercent(row.serviceLevelPercent)} (target ${row.serviceLevelTarget}%)`);
    if (row.waitingLevel === "critical") reasons.push(`${row.waiting} waiting`);
    critical.push({ queueSid: row.sid, name: row.name, reasons });
  }
  return critical;
}
