import { isSupervisorCancel } from "@/lib/events/types";
import type { TaskFacts } from "@/lib/metrics";
import { attributeSid, taskTypeOf } from "@/lib/ui/tasks";
import type { ReportBatch, Report, ReportContext } from "../context";
import { taskFactPages } from "../task-facts-source";
import { formatInstant, seconds } from "../time";

/**
 * One row per task created in [from, to), with its whole story as far as the log knows it now
 * (a task created before `to` and completed after it shows as completed).
 */
export const TASK_COLUMNS = [
  "task_sid",
  "created",
  "channel",
  "task_type",
  "queues",
  "queue_sids",
  "accepted_in_queue",
  "priority",
  "status",
  "outcome",
  "ended",
  "reason",
  "wait_until_accepted_seconds",
  "wait_in_queue_until_accepted_seconds",
  "wait_until_canceled_seconds",
  "accepted",
  "agent_sid",
  "agent",
  "target_agent_sid",
  "target_agent",
  "target_queue_sid",
  "target_queue",
  "handle_seconds",
  "wrap_up_seconds",
  "reservations",
  "reservations_rejected",
  "reservations_timed_out",
  // One task, several acceptances after transfers (or offers to several agents at once).
  "reservations_accepted",
  "transfers",
  "completed_by_sid",
  "completed_by",
] as const;

/**
 * How the task ended: `abandoned` is canceled without ever being accepted, unless the dashboard's
 * cancel action did it (`canceled by supervisor`); `open` lives on.
 */
export function taskOutcome(facts: TaskFacts): "completed" | "abandoned" | "canceled" | "canceled by supervisor" | "deleted" | "open" {
  const outcome = facts.outcome;
  if (outcome === null) return "open";
  if (outcome.kind === "canceled") {
    if (isSupervisorCancel(outcome.reason)) return "canceled by supervisor";
    return outcome.abandoned ? "abandoned" : "canceled";
  }
  return outcome.kind;
}

/** True when the task was in, or was accepted or ended in, one of `queueSids`. */
export function taskTouchesQueues(facts: TaskFacts, queueSids: ReadonlySet<string>): boolean {
  if (queueSids.size === 0) return true;
  if (facts.queueVisits.some((visit) => queueSids.has(visit.queueSid))) return true;
  const accepted = facts.accepted?.queueSid;
  const ended = facts.outcome?.queueSid;
  return (accepted != null && queueSids.has(accepted)) || (ended != null && queueSids.has(ended));
}

/**
 * A task counts as created at TaskDateCreated, which may fall just before the task's first
 * event (e.g. created 23:59:59.9, task.created stamped 00:00:00.1): tasks are looked for among
 * those with events up to this long after `to`, so none falls between two days' exports.
 */
export const CREATION_MARGIN_MS = 5 * 60_000;

export function tasksReport(context: ReportContext): Report {
  return { columns: TASK_COLUMNS, batches: taskRows(context) };
}

async function* taskRows(context: ReportContext): AsyncGenerator<ReportBatch> {
  const { params, directory } = context;
  const zone = params.timezone;
  const queueFilter = new Set(params.queueSids);
  const at = (ms: number | null | undefined) => (ms == null ? null : formatInstant(ms, zone));
  const secs = (ms: number | null | undefined) => (ms == null ? null : seconds(ms));
  for await (const page of taskFactPages(context, { extraMs: CREATION_MARGIN_MS })) {
    const batch: ReportBatch = [];
    for (const facts of page) {
      if (facts.createdMs < params.fromMs || facts.createdMs >= params.toMs) continue;
      if (!taskTouchesQueues(facts, queueFilter)) continue;
      // Consecutive visits to one queue (re-entered after a workflow step) read as one.
      const visited = facts.queueVisits.map((visit) => visit.queueSid).filter((sid, i, all) => i === 0 || all[i - 1] !== sid);
      const accepted = facts.accepted;
      // Where "send to an agent / queue" (the reassign action, or any system setting the same
      // attributes the workflow routes on) last pointed the task.
      const targetAgent = attributeSid(facts.attributes, "targetWorkerSid", "WK");
      const targetQueue = attributeSid(facts.attributes, "targetTaskQueueSid", "WQ");
      const countStatus = (status: string) => facts.reservations.filter((r) => r.status === status).length;
      batch.push([
        facts.taskSid,
        at(facts.createdMs),
        facts.channel,
        taskTypeOf(facts.attributes),
        visited.map((sid) => directory.queueName(sid)).join(" > "),
        visited.join(" > "),
        directory.queueName(accepted?.queueSid ?? null),
        facts.priority,
        facts.status,
        taskOutcome(facts),
        at(facts.outcome?.atMs),
        facts.outcome?.reason ?? null,
        secs(accepted?.waitMs),
        secs(accepted?.waitInQueueMs),
        secs(facts.abandoned?.ms),
        at(accepted?.atMs),
        accepted?.workerSid ?? null,
        directory.workerName(accepted?.workerSid ?? null),
        targetAgent,
        directory.workerName(targetAgent),
        targetQueue,
        directory.queueName(targetQueue),
        secs(facts.handle?.ms),
        secs(facts.wrapUp?.ms),
        facts.reservations.length,
        countStatus("rejected"),
        countStatus("timeout"),
        facts.acceptances.length,
        facts.transferredBy.length,
        facts.completedBy,
        directory.workerName(facts.completedBy),
      ]);
    }
    yield batch;
  }
}
