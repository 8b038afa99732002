import type { WorkflowConfig } from "@/lib/config/types";

/**
 * The reassign action moves a task by setting an attribute (`targetTaskQueueSid` or
 * `targetWorkerSid`); TaskRouter then routes the task through its workflow, whose filters match
 * the task's attributes (https://www.twilio.com/docs/taskrouter/lifecycle-task-workflows-and-assignment).
 * A workflow without a filter on that attribute sends the task back where it was, so the move is
 * only offered where every workflow routes on it. Checked once at start from the workflows'
 * configuration (docs/connected.md "Moving tasks").
 */
export const QUEUE_ATTRIBUTE = "targetTaskQueueSid";
export const WORKER_ATTRIBUTE = "targetWorkerSid";

/** Per kind of move: null when every workflow routes on its attribute, else why the move is unavailable. */
export type ReassignRouting = { queue: string | null; worker: string | null };

/** Every move offered: the emulator's workflow is built with both filters. */
export const REASSIGN_EVERYWHERE: ReassignRouting = { queue: null, worker: null };

type Filter = { expression?: unknown; targets?: unknown };

const mentions = (text: unknown, attribute: string): boolean =>
  typeof text === "string" && new RegExp(`(^|[^A-Za-z0-9_.])(task\\.)?${attribute}([^A-Za-z0-9_]|$)`).test(text);

/** Filter expressions (and, for the worker move, target expressions or a known-worker target) that name the attribute. */
function routesOn(configuration: string, attribute: string, inTargets: boolean): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(configuration);
  } catch {
    return false;
  }
  const filters = (parsed as { task_routing?: { filters?: unknown } } | null)?.task_routing?.filters;
  if (!Array.isArray(filters)) return false;
  return filters.some((filter: Filter) => {
    if (mentions(filter?.expression, attribute)) return true;
    if (!inTargets || !Array.isArray(filter?.targets)) return false;
    return filter.targets.some(
      (target: { expression?: unknown; known_worker_sid?: unknown }) =>
        mentions(target?.expression, attribute) || mentions(target?.known_worker_sid, attribute),
    );
  });
}

function reason(workflows: readonly WorkflowConfig[], attribute: string, inTargets: boolean, what: string): string | null {
  const missing = workflows.filter((w) => w.configuration === null || !routesOn(w.configuration, attribute, inTargets));
  if (missing.length === 0) return null;
  const names = missing.map((w) => `“${w.friendlyName}”`).join(", ");
  return (
    `Unavailable: the workflow ${names} has no filter on the task attribute ${attribute}, so TaskRouter would route the task ` +
    `back where it was. Add a filter matching ${attribute} that targets ${what} (see docs/connected.md, “Moving tasks”).`
  );
}

/** What a supervisor can move in this workspace, from its workflows (none: nothing to route with). */
export function reassignRouting(workflows: readonly WorkflowConfig[]): ReassignRouting {
  if (workflows.length === 0) {
    const none = "Unavailable: the workspace has no workflow to route the task with.";
    return { queue: none, worker: none };
  }
  return {
    queue: reason(workflows, QUEUE_ATTRIBUTE, false, "that queue"),
    worker: reason(workflows, WORKER_ATTRIBUTE, true, "that agent (known-agent routing)"),
  };
}
