import { DateTime } from "luxon";
import type { ReportContext, Report } from "./context";
import type { ReportDirectory } from "./directory";
import { activityColumns, agentColumns, agentsReport } from "./kinds/agents";
import { QUEUE_INTERVAL_COLUMNS, queueIntervalsReport } from "./kinds/queue-intervals";
import { TASK_COLUMNS, tasksReport } from "./kinds/tasks";
import { WORKER_ACTIVITY_COLUMNS, workerActivityReport } from "./kinds/worker-activity";
import type { ReportKind, ReportParams } from "./params";

export { csvStream } from "./stream";
export { ReportDirectory } from "./directory";
export { sqlRunnerFor } from "./event-log";
export { isReportKind, MAX_RANGE_DAYS, parseReportParams, REPORT_KINDS, type ReportKind, type ReportParams } from "./params";
export type { Report, ReportContext } from "./context";

const BUILDERS: Record<ReportKind, (context: ReportContext) => Report> = {
  tasks: tasksReport,
  "worker-activity": workerActivityReport,
  "queue-intervals": queueIntervalsReport,
  agents: agentsReport,
};

/** The header row of each export (the agents' activity columns depend on the configuration). */
export function reportColumns(directory: ReportDirectory): Record<ReportKind, string[]> {
  return {
    tasks: [...TASK_COLUMNS],
    "worker-activity": [...WORKER_ACTIVITY_COLUMNS],
    "queue-intervals": [...QUEUE_INTERVAL_COLUMNS],
    agents: agentColumns(activityColumns(directory.activityList())),
  };
}

export function buildReport(kind: ReportKind, context: ReportContext): Report {
  return BUILDERS[kind](context);
}

/**
 * e.g. `queue-intervals_2026-03-08_to_2026-03-09_15min.csv` for those two whole days, the days as
 * a date-only range names them (one day: `tasks_2026-03-08.csv`); times of day when not midnight.
 */
export function reportFilename(kind: ReportKind, params: ReportParams): string {
  const from = DateTime.fromMillis(params.fromMs, { zone: params.timezone });
  const to = DateTime.fromMillis(params.toMs, { zone: params.timezone });
  const isMidnight = (time: DateTime) => time.equals(time.startOf("day"));
  const interval = kind === "queue-intervals" ? `_${params.intervalMinutes}min` : "";
  if (isMidnight(from) && isMidnight(to)) {
    const first = from.toFormat("yyyy-LL-dd");
    const last = to.minus({ days: 1 }).toFormat("yyyy-LL-dd");
    return `${kind}_${first === last ? first : `${first}_to_${last}`}${interval}.csv`;
  }
  const local = (time: DateTime) => (isMidnight(time) ? time.toFormat("yyyy-LL-dd") : time.toFormat("yyyy-LL-dd'T'HHmm"));
  return `${kind}_${local(from)}_to_${local(to)}${interval}.csv`;
}
