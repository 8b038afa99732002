/**
 * Workflow `Configuration` JSON: parsed, validated and compiled once per create/update.
 *
 * Supported (Twilio's "Configuring Workflows" shape):
 * { "task_routing": {
 *     "filters": [ { "filter_friendly_name": "...", "expression": "<task attributes>",
 *                    "targets": [ { "queue": "WQ…", "expression": "worker.x == task.y", "priority": 10,
 *                                   "timeout": 30, "known_worker_sid": "task.attr" }, … ] } ],
 *     "default_filter": { "queue": "WQ…" } } }
 * A target without `queue` inherits the previous target's queue (as in Twilio's own example).
 * `skip_if` (e.g. `workers.available == 0`) is read over the target queue's workers: `workers.available`,
 * `workers.unavailable` and `workers.WA…` (per activity), as Twilio's "Skipping based on Worker
 * availability" defines them.
 * Not modelled: `order_by`, `known_worker_friendly_name` ordering subtleties.
 */
import { compileExpression, ExpressionSyntaxError, type CompiledExpression } from "@/lib/expression";
import { invalidParameter } from "./errors";

export type CompiledTarget = {
  queueSid: string;
  expression: string | null;
  matches: CompiledExpression | null;
  /** Overrides the task's priority while the task is at this target. */
  priority: number | null;
  /** Seconds before the task moves on to the next target. */
  timeout: number | null;
  /** Task attribute path (`task.x`) holding the one worker sid this target may reserve. */
  knownWorkerSid: string | null;
  /** Task attribute path holding the one worker friendly name this target may reserve. */
  knownWorkerFriendlyName: string | null;
  /** `skip_if`: evaluated as `{ worker: { workers: counts } }` (see skipCounts in lifecycle). */
  skipIf: CompiledExpression | null;
};

export type CompiledFilter = { name: string; expression: string; matches: CompiledExpression; targets: CompiledTarget[] };

export type CompiledWorkflow = { filters: CompiledFilter[]; defaultFilter: CompiledTarget | null };

export type SelectedRoute = { filterIndex: number; filterName: string; targets: CompiledTarget[] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function compileOrThrow(source: string, where: string, scope: "task" | "worker" | undefined): CompiledExpression {
  try {
    return compileExpression(source, scope ? { defaultScope: scope } : {});
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) throw invalidParameter(`Invalid Configuration: ${where}: ${error.message}`);
    throw error;
  }
}

function optionalInteger(value: unknown, where: string, min: number): number | null {
  if (value === undefined || value === null) return null;
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number) || number < min) {
    throw invalidParameter(`Invalid Configuration: ${where} must be an integer ≥ ${min}`);
  }
  return number;
}

function optionalPath(value: unknown, where: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || !/^task(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(value.trim())) {
    throw invalidParameter(`Invalid Configuration: ${where} must name a task attribute, e.g. "task.worker_sid"`);
  }
  return value.trim();
}

/** `workers.x` reads as the worker-scope path `workers.x`: the counts are passed in that place. */
function compileSkipIf(value: unknown, where: string): CompiledExpression | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") throw invalidParameter(`Invalid Configuration: ${where} must be a string`);
  return compileOrThrow(value.trim(), where, "worker");
}

function compileTarget(raw: unknown, where: string, inheritedQueue: string | null, queueExists: (sid: string) => boolean): CompiledTarget {
  if (!isObject(raw)) throw invalidParameter(`Invalid Configuration: ${where} must be an object`);
  const queue = raw.queue ?? inheritedQueue;
  if (typeof queue !== "string" || queue === "") throw invalidParameter(`Invalid Configuration: ${where} needs a queue`);
  if (!queueExists(queue)) throw invalidParameter(`Invalid Configuration: ${where} names unknown TaskQueue ${queue}`);
  const expression = raw.expression;
  if (expression !== undefined && typeof expression !== "string") {
    throw invalidParameter(`Invalid Configuration: ${where}.expression must be a string`);
  }
  const source = expression?.trim() ? expression.trim() : null;
  return {
    queueSid: queue,
    expression: source,
    // Target expressions relate worker to task: every attribute must say `worker.` or `task.`.
    matches: source ? compileOrThrow(source, `${where}.expression`, undefined) : null,
    priority: optionalInteger(raw.priority, `${where}.priority`, 0),
    timeout: optionalInteger(raw.timeout, `${where}.timeout`, 1),
    knownWorkerSid: optionalPath(raw.known_worker_sid, `${where}.known_worker_sid`),
    knownWorkerFriendlyName: optionalPath(raw.known_worker_friendly_name, `${where}.known_worker_friendly_name`),
    skipIf: compileSkipIf(raw.skip_if, `${where}.skip_if`),
  };
}

/** Throws EmulatorError 20001 naming the first problem. */
export function compileWorkflowConfiguration(configuration: string, queueExists: (sid: string) => boolean): CompiledWorkflow {
  let parsed: unknown;
  try {
    parsed = JSON.parse(configuration);
  } catch {
    throw invalidParameter("Invalid Configuration: not valid JSON");
  }
  if (!isObject(parsed) || !isObject(parsed.task_routing)) {
    throw invalidParameter("Invalid Configuration: task_routing is required");
  }
  const routing = parsed.task_routing;
  const rawFilters = routing.filters ?? [];
  if (!Array.isArray(rawFilters)) throw invalidParameter("Invalid Configuration: task_routing.filters must be an array");

  const filters = rawFilters.map((raw, index): CompiledFilter => {
    const where = `filters[${index}]`;
    if (!isObject(raw)) throw invalidParameter(`Invalid Configuration: ${where} must be an object`);
    const expression = typeof raw.expression === "string" ? raw.expression.trim() : "";
    if (!expression) throw invalidParameter(`Invalid Configuration: ${where}.expression is required`);
    if (!Array.isArray(raw.targets) || raw.targets.length === 0) {
      throw invalidParameter(`Invalid Configuration: ${where}.targets must list at least one target`);
    }
    let inherited: string | null = null;
    const targets = raw.targets.map((target, t) => {
      const compiled = compileTarget(target, `${where}.targets[${t}]`, inherited, queueExists);
      inherited = compiled.queueSid;
      return compiled;
    });
    const name = typeof raw.filter_friendly_name === "string" ? raw.filter_friendly_name : `Filter ${index + 1}`;
    return { name, expression, matches: compileOrThrow(expression, `${where}.expression`, "task"), targets };
  });

  const defaultFilter =
    routing.default_filter === undefined || routing.default_filter === null
      ? null
      : compileTarget(routing.default_filter, "default_filter", null, queueExists);
  return { filters, defaultFilter };
}

/**
 * First filter (from `fromFilter`) whose expression matches the task's attributes, else the default
 * filter. A task that skipped out of filter i is evaluated again from filter i + 1.
 */
export function selectRoute(workflow: CompiledWorkflow, taskAttributes: Record<string, unknown>, fromFilter = 0): SelectedRoute | null {
  for (let index = fromFilter; index < workflow.filters.length; index++) {
    const filter = workflow.filters[index]!;
    if (filter.matches({ task: taskAttributes })) {
      return { filterIndex: index, filterName: filter.name, targets: filter.targets };
    }
  }
  if (workflow.defaultFilter) return { filterIndex: -1, filterName: "Default", targets: [workflow.defaultFilter] };
  return null;
}

/** The targets of a route position, as stored on a task. */
export function targetsAt(workflow: CompiledWorkflow, filterIndex: number): CompiledTarget[] {
  if (filterIndex === -1) return workflow.defaultFilter ? [workflow.defaultFilter] : [];
  return workflow.filters[filterIndex]?.targets ?? [];
}

/** Reads `task.a.b` from task attributes; only strings (sids, names) are meaningful here. */
export function readTaskPath(attributes: Record<string, unknown>, path: string): string | null {
  let current: unknown = attributes;
  for (const key of path.split(".").slice(1)) {
    if (!isObject(current) || !Object.hasOwn(current, key)) return null;
    current = current[key];
  }
  return typeof current === "string" ? current : null;
}

/** Workflow queues a configuration refers to (a queue in use cannot be deleted). */
export function queuesOf(workflow: CompiledWorkflow): Set<string> {
  const sids = new Set<string>();
  for (const filter of workflow.filters) for (const target of filter.targets) sids.add(target.queueSid);
  if (workflow.defaultFilter) sids.add(workflow.defaultFilter.queueSid);
  return sids;
}
