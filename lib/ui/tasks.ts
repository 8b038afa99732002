import type { QueueTask, TaskAssignmentStatus } from "@/lib/metrics/types";

const STATUS_ORDER: Record<TaskAssignmentStatus, number> = { pending: 0, reserved: 1, assigned: 2, wrapping: 3 };

export const TASK_STATUS_LABELS: Record<TaskAssignmentStatus, string> = {
  pending: "Waiting",
  reserved: "Ringing",
  assigned: "Assigned",
  wrapping: "Wrap-up",
};

export function isWaiting(task: Pick<QueueTask, "status">): boolean {
  return task.status === "pending" || task.status === "reserved";
}

/**
 * The order a supervisor scans a queue in: waiting tasks first (pending, then ringing), highest
 * priority first (that is who TaskRouter serves next), then the oldest; then tasks with agents.
 */
export function sortQueueTasks<T extends Pick<QueueTask, "sid" | "status" | "priority" | "age">>(tasks: readonly T[]): T[] {
  return [...tasks].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (isWaiting(a) ? b.priority - a.priority : 0) ||
      b.age - a.age ||
      (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0),
  );
}

const NAME_KEYS = ["name", "customer_name", "customerName", "caller_name", "from", "caller", "email", "customer", "phone"];
const KIND_KEYS = ["type", "channel", "task_type", "taskType", "skill", "selected_product", "language"];

function firstString(attributes: Record<string, unknown>, keys: string[]): string | null {
  for (const key of keys) {
    const value = attributes[key];
    if (typeof value === "string" && value.trim()) return value.trim();
    if (typeof value === "number") return String(value);
  }
  return null;
}

/**
 * What kind of work a task is, from its attributes: `type` (Flex's convention), else `task_type`
 * or `taskType`; null when none is a non-empty string.
 */
export function taskTypeOf(attributes: Record<string, unknown> | null): string | null {
  return attributes === null ? null : firstString(attributes, ["type", "task_type", "taskType"]);
}

/** A sid held in attribute `key` when it looks like one (`WK…`, `WQ…`), else null. */
export function attributeSid(attributes: Record<string, unknown> | null, key: string, prefix: "WK" | "WQ"): string | null {
  const value = attributes?.[key];
  return typeof value === "string" && new RegExp(`^${prefix}\\w{1,62}$`).test(value) ? value : null;
}

/** A one-line description of a task from its attributes: `voice · +44 20 7946 0000`. */
export function describeTask(attributes: Record<string, unknown>): string {
  const parts = [firstString(attributes, KIND_KEYS), firstString(attributes, NAME_KEYS)].filter((part): part is string => part !== null);
  return parts.length ? parts.join(" · ") : "—";
}

/** The agent a waiting task was sent to ("Send to a specific agent" sets `targetWorkerSid`), if any. */
export function targetWorkerSid(task: Pick<QueueTask, "attributes" | "status">): string | null {
  return isWaiting(task) ? attributeSid(task.attributes, "targetWorkerSid", "WK") : null;
}

/**
 * Why a task's menu items are unavailable (null: available): moves and cancels need a waiting
 * task; a move also needs the workspace's workflows to route on its attribute (`reassign`, from
 * the session; absent: not known, so offered).
 */
export function taskActionBlocks(
  status: string,
  reassign?: { queue: string | null; worker: string | null },
): { queue: string | null; agent: string | null; cancel: string | null } {
  const notWaiting = status === "pending" || status === "reserved" ? null : "Only waiting (pending or reserved) tasks";
  return {
    queue: notWaiting ?? reassign?.queue ?? null,
    agent: notWaiting ?? reassign?.worker ?? null,
    cancel: notWaiting,
  };
}
