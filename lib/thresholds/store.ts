import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Thresholds } from "@/lib/ui/thresholds";
import { type QueueThresholdsOverride, queueOverrideSchema, thresholdsProblem, withQueueOverrides } from "@/lib/ui/thresholds";

/** A queue's thresholds as an admin sets them: any field left out (or null) falls back to the configuration. */
export const queueThresholdsBody = z
  .object({ queueSid: z.string().regex(/^WQ\w{1,62}$/, { message: "must be a TaskQueue sid (WQ…)" }) })
  .extend(queueOverrideSchema.shape)
  .strict();

export type QueueThresholdsBody = z.infer<typeof queueThresholdsBody>;

type Row = Awaited<ReturnType<PrismaClient["queueThreshold"]["findFirstOrThrow"]>>;

/** The set fields only (a null column is "not set here"); undefined when none is. */
const compact = <T extends Record<string, number | null>>(value: T): { [K in keyof T]?: number } | undefined => {
  const entries = Object.entries(value).filter(([, v]) => v !== null);
  return entries.length ? (Object.fromEntries(entries) as { [K in keyof T]?: number }) : undefined;
};

function toOverride(row: Row): QueueThresholdsOverride {
  const override: QueueThresholdsOverride = {};
  const serviceLevel = compact({ targetPercent: row.serviceLevelTargetPercent, criticalBelowPercent: row.serviceLevelCriticalBelow });
  const longestWait = compact({ warnAtSeconds: row.longestWaitWarnAtSeconds, criticalAtSeconds: row.longestWaitCriticalSeconds });
  const waiting = compact({ warnAt: row.waitingWarnAt, criticalAt: row.waitingCriticalAt });
  if (serviceLevel) override.serviceLevel = serviceLevel;
  if (longestWait) override.longestWait = longestWait;
  if (waiting) override.waiting = waiting;
  return override;
}

/** The overrides admins stored, by queue sid. */
export async function storedQueueThresholds(prisma: PrismaClient): Promise<Record<string, QueueThresholdsOverride>> {
  const rows = await prisma.queueThreshold.findMany();
  return Object.fromEntries(rows.map((row) => [row.queueSid, toOverride(row)]));
}

/** The thresholds every board uses: the configured ones with the stored per-queue overrides on top. */
export async function effectiveThresholds(prisma: PrismaClient, configured: Thresholds): Promise<Thresholds> {
  return withQueueOverrides(configured, await storedQueueThresholds(prisma));
}

export class ThresholdsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ThresholdsError";
  }
}

/**
 * Replaces one queue's stored overrides (an empty body clears them). Refuses contradictions
 * (critical above target…) against the thresholds that would result. Returns before and after.
 */
export async function saveQueueThresholds(
  prisma: PrismaClient,
  configured: Thresholds,
  body: QueueThresholdsBody,
  actor: string,
): Promise<{ before: QueueThresholdsOverride | null; after: QueueThresholdsOverride | null; thresholds: Thresholds }> {
  const { queueSid, ...override } = body;
  const stored = await storedQueueThresholds(prisma);
  const before = stored[queueSid] ?? null;
  const next = { ...stored, [queueSid]: override };
  const thresholds = withQueueOverrides(configured, next);
  const problem = thresholdsProblem(thresholds);
  if (problem) throw new ThresholdsError(problem.replace(/^queues\.WQ\w+\./, ""));
  const data = {
    serviceLevelTargetPercent: override.serviceLevel?.targetPercent ?? null,
    serviceLevelCriticalBelow: override.serviceLevel?.criticalBelowPercent ?? null,
    longestWaitWarnAtSeconds: override.longestWait?.warnAtSeconds ?? null,
    longestWaitCriticalSeconds: override.longestWait?.criticalAtSeconds ?? null,
    waitingWarnAt: override.waiting?.warnAt ?? null,
    waitingCriticalAt: override.waiting?.criticalAt ?? null,
    updatedBy: actor,
  };
  const row = await prisma.queueThreshold.upsert({ where: { queueSid }, create: { queueSid, ...data }, update: data });
  const after = toOverride(row);
  return { before, after: Object.keys(after).length ? after : null, thresholds };
}
