import type { Services } from "@/lib/services";
import { twilioErrorInfo } from "@/lib/twilio/client";
import { ActionError, failureOf } from "./action";

/** Twilio sids: two letters and 32 hex digits. */
export const sidPattern = (prefix: "WT" | "WK" | "WQ" | "WA") => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);

/** What the TaskRouter helpers need of the services: the client and the workspace. */
export type TaskRouterAccess = Pick<Services, "twilio">;

export const workspaceOf = (services: TaskRouterAccess) => services.twilio.client.taskrouter.v1.workspaces(services.twilio.workspaceSid);

type Workspace = ReturnType<typeof workspaceOf>;
export type TaskResource = Awaited<ReturnType<ReturnType<Workspace["tasks"]>["fetch"]>>;

/** No update can change these any more. */
export const FINISHED_STATUSES: ReadonlySet<string> = new Set(["completed", "canceled"]);
/** Still waiting for an agent: only these can be moved or canceled (TaskRouter cancels only these). */
export const WAITING_STATUSES: ReadonlySet<string> = new Set(["pending", "reserved"]);

export function parseAttributes(json: string | null | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json || "{}");
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** What the audit log keeps as a task's `before`. */
export function taskState(task: TaskResource) {
  const attributes = parseAttributes(task.attributes);
  return {
    assignmentStatus: task.assignmentStatus,
    priority: task.priority,
    taskQueueSid: task.taskQueueSid,
    taskQueueName: task.taskQueueFriendlyName,
    targetTaskQueueSid: attributes.targetTaskQueueSid ?? null,
    targetWorkerSid: attributes.targetWorkerSid ?? null,
  };
}

export async function fetchTask(services: TaskRouterAccess, taskSid: string): Promise<TaskResource> {
  return workspaceOf(services).tasks(taskSid).fetch();
}

/** 409 with a plain reason when the task can no longer take this change. */
export function assertTaskCanChange(task: TaskResource, { mustBeWaiting, verb }: { mustBeWaiting: boolean; verb: string }): void {
  const status = task.assignmentStatus;
  if (FINISHED_STATUSES.has(status)) {
    throw new ActionError(409, `Task ${task.sid} is ${status}: it can no longer be ${verb}`, { before: taskState(task) });
  }
  if (mustBeWaiting && !WAITING_STATUSES.has(status)) {
    throw new ActionError(409, `Task ${task.sid} is ${status} (an agent has it): only pending or reserved tasks can be ${verb}`, {
      before: taskState(task),
    });
  }
}

/**
 * Updates the task. When TaskRouter refuses because the task changed meanwhile (finished, or
 * picked up), answers 409 with TaskRouter's code and message; other refusals pass through.
 */
export async function updateTask(services: TaskRouterAccess, before: TaskResource, params: TaskUpdateParams): Promise<TaskResource> {
  const task = workspaceOf(services).tasks(before.sid);
  try {
    return await task.update(params);
  } catch (error) {
    const info = twilioErrorInfo(error);
    if (info && info.code !== 20404 && info.status >= 400 && info.status < 500) {
      const now = await task.fetch().catch(() => null);
      if (now && now.assignmentStatus !== before.assignmentStatus) {
        throw new ActionError(409, `Task ${before.sid} is now ${now.assignmentStatus}: ${info.message}`, {
          code: info.code ?? undefined,
          moreInfo: info.moreInfo ?? undefined,
          before: taskState(before),
        });
      }
    }
    const failure = failureOf(error);
    throw new ActionError(failure.status, failure.message, { ...failure, before: taskState(before) });
  }
}

type TaskUpdateParams = Parameters<ReturnType<Workspace["tasks"]>["update"]>[0];

/** A task as read, with its version (the `ETag` TaskRouter answers with; null if none was sent). */
async function fetchVersionedTask(services: TaskRouterAccess, taskSid: string): Promise<{ task: TaskResource; etag: string | null }> {
  const response = await workspaceOf(services).tasks(taskSid).fetchWithHttpInfo();
  const etag = Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === "etag")?.[1];
  return { task: response.body, etag: typeof etag === "string" && etag !== "" ? etag : null };
}

/**
 * A read-modify-write of a task that never overwrites a change made elsewhere (Flex, Studio, another
 * supervisor): `plan` computes the update from the task as read, and it is sent with `If-Match: <ETag>`.
 * On 412 (the task changed in between) the task is read again and `plan` runs again once (it may now
 * refuse, e.g. the task was picked up); a second 412 answers 409 naming the conflict.
 * Returns the first read (the audit's `before`), the read the update was based on, and the result.
 */
export async function updateTaskIfUnchanged(
  services: TaskRouterAccess,
  taskSid: string,
  plan: (task: TaskResource) => Promise<TaskUpdateParams> | TaskUpdateParams,
): Promise<{ first: TaskResource; read: TaskResource; updated: TaskResource }> {
  let first: TaskResource | null = null;
  const versions: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const { task, etag } = await fetchVersionedTask(services, taskSid);
    first ??= task;
    if (etag !== null) versions.push(etag);
    const params = await plan(task);
    try {
      const updated = await updateTask(services, task, etag === null ? params : { ...params, ifMatch: etag });
      return { first, read: task, updated };
    } catch (error) {
      if (!(error instanceof ActionError) || error.status !== 412) throw error;
      if (attempt >= 2) {
        throw new ActionError(
          409,
          `Task ${taskSid} was changed elsewhere while this change was being made (version ${versions.join(", then ")} went stale): ` +
            "nothing was overwritten; reload and try again",
          { code: error.details.code, moreInfo: error.details.moreInfo, before: taskState(first) },
        );
      }
    }
  }
}

/**
 * Runs a TaskRouter call so that its failure carries the target's `before` state into the audit
 * log and, for a sid named in the body, the field (an unknown one is a 404 naming it).
 */
export async function withContext<T>(call: () => Promise<T>, { field, before }: { field?: string; before?: unknown }): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failure = failureOf(error);
    throw new ActionError(failure.status, failure.message, { ...failure, field, before });
  }
}
