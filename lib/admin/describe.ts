import type { AuditMessage } from "@/lib/realtime/protocol";

/** Human wording of audit entries, shared by the audit page and the wallboard's recent changes. */

const ACTION_VERBS: Record<string, string> = {
  "task.priority": "change a task's priority",
  "task.reassign": "move a task",
  "task.cancel": "cancel a task",
  "worker.activity": "change an agent's activity",
  "user.create": "create a user",
  "user.update": "change a user",
  "token.create": "create an API token",
  "token.revoke": "revoke an API token",
  "thresholds.update": "change a queue's thresholds",
  "alerts.update": "change the alert webhook",
};

export const AUDIT_ACTIONS = Object.keys(ACTION_VERBS);

export const actionLabel = (action: string) => ACTION_VERBS[action] ?? action;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const text = (value: unknown, fallback = "?") => (typeof value === "string" || typeof value === "number" ? String(value) : fallback);

/** `WT…3f9a`: enough to tell tasks apart on a screen. */
export const shortSid = (sid: string) => (sid.length > 12 ? `${sid.slice(0, 2)}…${sid.slice(-4)}` : sid);

export function targetLabel(entry: Pick<AuditMessage, "targetType" | "targetSid" | "before">): string {
  const before = record(entry.before);
  if (entry.targetType === "worker" && typeof before.workerName === "string") return before.workerName;
  if (entry.targetType === "task") {
    const name = typeof before.taskName === "string" && before.taskName !== "—" ? before.taskName : null;
    return name ? `${name} (${shortSid(entry.targetSid)})` : `task ${shortSid(entry.targetSid)}`;
  }
  if (entry.targetType === "api-token" && typeof before.name === "string") return `token "${before.name}"`;
  return entry.targetSid;
}

/** What changed, in one line: "Priority 0 → 10", "Moved to Sales", "Available → Break". */
export function describeChange(entry: Pick<AuditMessage, "action" | "before" | "after" | "result" | "errorMessage">): string {
  const before = record(entry.before);
  const after = record(entry.after);
  if (entry.result === "error") {
    return `Failed to ${actionLabel(entry.action)}: ${entry.errorMessage ?? "unknown error"}`;
  }
  switch (entry.action) {
    case "task.priority":
      return `Priority ${text(before.priority)} → ${text(after.priority)}`;
    case "task.reassign":
      return after.targetWorkerSid
        ? `Sent to agent ${text(after.targetWorkerName, text(after.targetWorkerSid))}`
        : `Moved ${before.taskQueueName ? `from ${text(before.taskQueueName)} ` : ""}to ${text(after.targetTaskQueueName, text(after.targetTaskQueueSid))}`;
    case "task.cancel":
      return `Canceled: ${text(after.reason, "no reason given")}`;
    case "worker.activity":
      return `${text(before.activityName)} → ${text(after.activityName)}`;
    case "user.create":
      return `Created user ${text(after.username)} (${text(after.role)})`;
    case "user.update": {
      const changes = [
        before.role !== after.role ? `role ${text(before.role)} → ${text(after.role)}` : null,
        after.passwordChanged ? "new password" : null,
        before.disabledAt !== after.disabledAt ? (after.disabledAt ? "disabled" : "enabled") : null,
      ].filter(Boolean);
      return `User ${text(after.username)}: ${changes.join(", ") || "no change"}`;
    }
    case "token.create":
      return `Created API token "${text(after.name)}" (${text(after.role)})`;
    case "token.revoke":
      return `Revoked API token "${text(before.name)}"`;
    case "thresholds.update":
      return `Thresholds of ${text(after.queueName, "a queue")}: ${JSON.stringify(after.thresholds ?? "defaults")}`;
    case "alerts.update":
      return after.enabled
        ? `Alert webhook to ${text(after.host)}, at most one message per queue every ${text(after.cooldownSeconds)} s`
        : "Alert webhook turned off";
    default:
      return entry.action;
  }
}

/** The queue a task change happened in, as the audit entry recorded it; null for other targets. */
export function taskQueueOf(entry: Pick<AuditMessage, "targetType" | "before">): string | null {
  const before = record(entry.before);
  return entry.targetType === "task" && typeof before.taskQueueName === "string" ? before.taskQueueName : null;
}
