import type { PrismaClient } from "@/generated/prisma/client";

const DAY_MS = 86_400_000;

export type RetentionOptions = {
  prisma: PrismaClient;
  /** Events whose time is older than this many days are deleted. */
  days: number;
  /** Rows per DELETE: small, so a group commit of callbacks never waits long behind one. */
  batchSize?: number;
  /** Pause between batches, leaving the database to ingest. */
  pauseMs?: number;
  /** How often a sweep starts (the first one a minute after start). */
  everyMs?: number;
  now?: () => number;
  log?: (line: string) => void;
};

/** Deletes every event older than `cutoffMs`, `batchSize` rows at a time; returns how many. */
export async function deleteEventsBefore(
  prisma: PrismaClient,
  cutoffMs: number,
  { batchSize = 1_000, pauseMs = 50, stopped = () => false }: { batchSize?: number; pauseMs?: number; stopped?: () => boolean } = {},
): Promise<number> {
  let deleted = 0;
  while (!stopped()) {
    // The (event_time_ms, sid) index finds the oldest rows without a scan.
    const count = await prisma.$executeRaw`
      DELETE FROM events WHERE sid IN (
        SELECT sid FROM events WHERE event_time_ms < ${BigInt(Math.floor(cutoffMs))} ORDER BY event_time_ms, sid LIMIT ${batchSize})`;
    deleted += count;
    if (count < batchSize) break;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return deleted;
}

/**
 * Keeps the event log to EVENT_RETENTION_DAYS: a sweep now and then, in small batches. The live
 * state is unaffected (it never looks back that far); reports reach back as far as the log does.
 */
export function startRetention({
  prisma,
  days,
  batchSize,
  pauseMs,
  everyMs = 3_600_000,
  now = Date.now,
  log = console.log,
}: RetentionOptions): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = deleteEventsBefore(prisma, now() - days * DAY_MS, { batchSize, pauseMs, stopped: () => stopped }).then(
      (deleted) => {
        if (deleted > 0) log(`Retention: deleted ${deleted} events older than ${days} days`);
      },
      (error: unknown) => console.error(`Retention sweep failed: ${String(error)}`),
    );
  };
  const first = setTimeout(sweep, Math.min(60_000, everyMs));
  const timer = setInterval(sweep, everyMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
