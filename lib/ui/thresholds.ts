import { z } from "zod";
import { type AwayLimits, DEFAULT_AWAY_LIMITS } from "./agents";

/**
 * Wallboard colour thresholds. A queue's service level and longest wait each get a level:
 * `ok`, `warn` or `critical`, or `none` when there is nothing to judge (no tasks yet today).
 *
 * Defaults: service level target 80% (warn below it), critical below 70%; longest wait warns
 * once a task has waited the queue's own service-level threshold T (it can no longer count as
 * answered in time) and is critical at 3×T. Overrides come from the JSON in DASHBOARD_THRESHOLDS,
 * for every queue and per queue (by sid or friendly name):
 *
 *   {"serviceLevel":{"targetPercent":85,"criticalBelowPercent":70},
 *    "longestWait":{"warnAtSeconds":30,"criticalAtSeconds":90},
 *    "queues":{"Billing":{"serviceLevel":{"targetPercent":90}}},
 *    "away":{"defaultMinutes":15,"activities":{"Lunch":45}}}
 *
 * `away` flags agents away too long (lib/ui/agents.ts `longAwayFlag`): warn at the limit,
 * critical at twice it.
 */
export const THRESHOLDS_ENV_VAR = "DASHBOARD_THRESHOLDS";

export type ThresholdLevel = "ok" | "warn" | "critical" | "none";

export type ServiceLevelThresholds = {
  /** Target: at or above is ok, below is warn. */
  targetPercent: number;
  /** Below this is critical. */
  criticalBelowPercent: number;
};

export type LongestWaitThresholds = {
  /** Seconds; null means the queue's service-level threshold T. */
  warnAtSeconds: number | null;
  /** Seconds; null means 3 × T. */
  criticalAtSeconds: number | null;
};

export type WaitingThresholds = {
  /** Tasks waiting; null: the count is not judged. */
  warnAt: number | null;
  criticalAt: number | null;
};

export type QueueThresholds = { serviceLevel: ServiceLevelThresholds; longestWait: LongestWaitThresholds; waiting: WaitingThresholds };

export type QueueThresholdsOverride = {
  serviceLevel?: Partial<ServiceLevelThresholds>;
  longestWait?: Partial<LongestWaitThresholds>;
  waiting?: Partial<WaitingThresholds>;
};

export type Thresholds = QueueThresholds & {
  /** Overrides by queue sid (WQ…) or friendly name. */
  queues: Record<string, QueueThresholdsOverride>;
  /** How long agents may be away; DEFAULT_AWAY_LIMITS when absent. */
  away?: AwayLimits;
};

export const DEFAULT_THRESHOLDS: Thresholds = {
  serviceLevel: { targetPercent: 80, criticalBelowPercent: 70 },
  longestWait: { warnAtSeconds: null, criticalAtSeconds: null },
  waiting: { warnAt: null, criticalAt: null },
  queues: {},
};

const LONGEST_WAIT_CRITICAL_FACTOR = 3;

const percent = z.number().min(0).max(100);
const seconds = z.number().int().min(0).max(86_400);

const serviceLevelOverride = z.object({ targetPercent: percent.optional(), criticalBelowPercent: percent.optional() }).strict();
const longestWaitOverride = z
  .object({ warnAtSeconds: seconds.nullable().optional(), criticalAtSeconds: seconds.nullable().optional() })
  .strict();
const count = z.number().int().min(0).max(100_000);
const waitingOverride = z.object({ warnAt: count.nullable().optional(), criticalAt: count.nullable().optional() }).strict();
/** One queue's overrides, as DASHBOARD_THRESHOLDS and the admin page give them. */
export const queueOverrideSchema = z
  .object({
    serviceLevel: serviceLevelOverride.optional(),
    longestWait: longestWaitOverride.optional(),
    waiting: waitingOverride.optional(),
  })
  .strict();
const queueOverride = queueOverrideSchema;

const minutes = z.number().int().min(1).max(1440);
const awayOverride = z
  .object({ defaultMinutes: minutes.optional(), activities: z.record(z.string().min(1).max(200), minutes).optional() })
  .strict();

export const thresholdsOverrideSchema = z
  .object({
    serviceLevel: serviceLevelOverride.optional(),
    longestWait: longestWaitOverride.optional(),
    waiting: waitingOverride.optional(),
    queues: z.record(z.string().min(1), queueOverride).optional(),
    away: awayOverride.optional(),
  })
  .strict();

export type ThresholdsOverride = z.infer<typeof thresholdsOverrideSchema>;

export type ParseThresholdsResult = { ok: true; thresholds: Thresholds } | { ok: false; message: string };

/**
 * DASHBOARD_THRESHOLDS → thresholds merged over the defaults. Unset or blank gives the defaults;
 * a problem is reported with the path of the bad field, e.g.
 * `DASHBOARD_THRESHOLDS.queues.Billing.serviceLevel.targetPercent must be at most 100`.
 */
export function parseThresholds(raw: string | undefined | null): ParseThresholdsResult {
  if (raw === undefined || raw === null || raw.trim() === "") return { ok: true, thresholds: DEFAULT_THRESHOLDS };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, message: `${THRESHOLDS_ENV_VAR} is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = thresholdsOverrideSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = [THRESHOLDS_ENV_VAR, ...(issue?.path ?? []).map(String)].join(".");
    return { ok: false, message: `${path} ${describeIssue(issue)}` };
  }
  const thresholds = mergeThresholds(DEFAULT_THRESHOLDS, parsed.data);
  const problem = findContradiction(thresholds);
  return problem ? { ok: false, message: `${THRESHOLDS_ENV_VAR}: ${problem}` } : { ok: true, thresholds };
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "is not valid";
  if (issue.code === "unrecognized_keys") return `has unknown field(s): ${issue.keys.join(", ")}`;
  if (issue.code === "too_big") return `must be at most ${String(issue.maximum)}`;
  if (issue.code === "too_small") return `must be at least ${String(issue.minimum)}`;
  if (issue.code === "invalid_type") return `must be ${issue.expected === "int" ? "a whole number" : `a ${issue.expected}`}`;
  return issue.message;
}

function mergeThresholds(base: Thresholds, override: ThresholdsOverride): Thresholds {
  const merged: Thresholds = {
    serviceLevel: { ...base.serviceLevel, ...definedOnly(override.serviceLevel) },
    longestWait: { ...base.longestWait, ...definedOnly(override.longestWait) },
    waiting: { ...base.waiting, ...definedOnly(override.waiting) },
    queues: { ...base.queues, ...(override.queues ?? {}) },
  };
  if (base.away || override.away) {
    const away = base.away ?? DEFAULT_AWAY_LIMITS;
    merged.away = {
      defaultMinutes: override.away?.defaultMinutes ?? away.defaultMinutes,
      activities: { ...away.activities, ...(override.away?.activities ?? {}) },
    };
  }
  return merged;
}

/**
 * Per-queue overrides kept in the database (set by admins in the app) over the configured
 * thresholds: for each queue sid, a stored field wins over DASHBOARD_THRESHOLDS' one.
 */
export function withQueueOverrides(base: Thresholds, stored: Record<string, QueueThresholdsOverride>): Thresholds {
  const queues = { ...base.queues };
  for (const [sid, override] of Object.entries(stored)) {
    const current = queues[sid] ?? {};
    queues[sid] = {
      serviceLevel: { ...current.serviceLevel, ...definedOnly(override.serviceLevel) },
      longestWait: { ...current.longestWait, ...definedOnly(override.longestWait) },
      waiting: { ...current.waiting, ...definedOnly(override.waiting) },
    };
  }
  return { ...base, queues };
}

/** A contradiction in thresholds (critical above target…), said plainly; null when consistent. */
export function thresholdsProblem(thresholds: Thresholds): string | null {
  return findContradiction(thresholds);
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function findContradiction(thresholds: Thresholds): string | null {
  const scopes: [string, QueueThresholds][] = [["", thresholds]];
  for (const key of Object.keys(thresholds.queues)) scopes.push([`queues.${key}.`, resolveByKey(thresholds, key)]);
  for (const [prefix, { serviceLevel, longestWait, waiting }] of scopes) {
    if (serviceLevel.criticalBelowPercent > serviceLevel.targetPercent) {
      return `${prefix}serviceLevel.criticalBelowPercent (${serviceLevel.criticalBelowPercent}) must not be above targetPercent (${serviceLevel.targetPercent})`;
    }
    const { warnAtSeconds, criticalAtSeconds } = longestWait;
    if (warnAtSeconds !== null && criticalAtSeconds !== null && criticalAtSeconds < warnAtSeconds) {
      return `${prefix}longestWait.criticalAtSeconds (${criticalAtSeconds}) must not be below warnAtSeconds (${warnAtSeconds})`;
    }
    const { warnAt, criticalAt } = waiting;
    if (warnAt !== null && criticalAt !== null && criticalAt < warnAt) {
      return `${prefix}waiting.criticalAt (${criticalAt}) must not be below warnAt (${warnAt})`;
    }
  }
  return null;
}

function resolveByKey(thresholds: Thresholds, key: string | undefined): QueueThresholds {
  const override = key === undefined ? undefined : thresholds.queues[key];
  return {
    serviceLevel: { ...thresholds.serviceLevel, ...definedOnly(override?.serviceLevel) },
    longestWait: { ...thresholds.longestWait, ...definedOnly(override?.longestWait) },
    waiting: { ...thresholds.waiting, ...definedOnly(override?.waiting) },
  };
}

/** The thresholds that apply to one queue: its sid's override, else its name's, else the defaults. */
export function thresholdsForQueue(thresholds: Thresholds, queue: { sid: string; friendlyName: string }): QueueThresholds {
  const key = queue.sid in thresholds.queues ? queue.sid : queue.friendlyName in thresholds.queues ? queue.friendlyName : undefined;
  return resolveByKey(thresholds, key);
}

/** Service level percent → level; `none` when nothing was answered or abandoned yet (null). */
export function serviceLevelLevel(percent: number | null, limits: ServiceLevelThresholds): ThresholdLevel {
  if (percent === null || !Number.isFinite(percent)) return "none";
  if (percent < limits.criticalBelowPercent) return "critical";
  if (percent < limits.targetPercent) return "warn";
  return "ok";
}

/** Warn/critical seconds for a queue whose service-level threshold is `slaSeconds`. */
export function longestWaitLimits(limits: LongestWaitThresholds, slaSeconds: number): { warnAtSeconds: number; criticalAtSeconds: number } {
  const warnAtSeconds = limits.warnAtSeconds ?? slaSeconds;
  const criticalAtSeconds = limits.criticalAtSeconds ?? Math.max(warnAtSeconds, slaSeconds * LONGEST_WAIT_CRITICAL_FACTOR);
  return { warnAtSeconds, criticalAtSeconds };
}

/** Longest wait seconds → level; `none` when nobody is waiting (0 with no task). */
export function longestWaitLevel(
  ageSeconds: number,
  hasWaitingTask: boolean,
  limits: LongestWaitThresholds,
  slaSeconds: number,
): ThresholdLevel {
  if (!hasWaitingTask) return "none";
  const { warnAtSeconds, criticalAtSeconds } = longestWaitLimits(limits, slaSeconds);
  if (ageSeconds >= criticalAtSeconds) return "critical";
  if (ageSeconds >= warnAtSeconds) return "warn";
  return "ok";
}

/** Tasks waiting → level; `none` when the queue's count is not judged (no limits set). */
export function waitingLevel(waiting: number, limits: WaitingThresholds): ThresholdLevel {
  if (limits.warnAt === null && limits.criticalAt === null) return "none";
  if (limits.criticalAt !== null && waiting >= limits.criticalAt) return "critical";
  if (limits.warnAt !== null && waiting >= limits.warnAt) return "warn";
  return "ok";
}

const SEVERITY: Record<ThresholdLevel, number> = { none: 0, ok: 1, warn: 2, critical: 3 };

/** The worse of several levels, for a row's edge marker and the totals. */
export function worstLevel(...levels: ThresholdLevel[]): ThresholdLevel {
  return levels.reduce<ThresholdLevel>((worst, level) => (SEVERITY[level] > SEVERITY[worst] ? level : worst), "none");
}
