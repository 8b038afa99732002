/**
 * Back-fill and reconciliation: reads TaskRouter's Events API over a window, turns each entry into
 * the event its callback would have produced, and stores and folds what the log is missing.
 * With PostgreSQL, one instance reconciles at a time (a transaction-scoped advisory lock).
 */
import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import type { PrismaClient } from "@/generated/prisma/client";
import { parseCallback } from "@/lib/events/parse";
import type { EventStore } from "@/lib/events/store";
import type { TaskRouterEvent } from "@/lib/events/types";
import type { TwilioClient } from "@/lib/twilio/client";
import { callbackParams, EVENTS_RETENTION_MS, readEvents } from "./events-api";

const STORED_BATCH = 5000;

export type ReconcileReason = "start" | "interval" | "manual";

export type ReconcileReport = {
  reason: ReconcileReason;
  at: string;
  from: string;
  to: string;
  /** Entries the Events API returned. */
  read: number;
  /** Entries the log did not have: stored and folded now. */
  recovered: number;
  durationMs: number;
};

export type BackfillProgress = {
  state: "pending" | "running" | "done" | "failed" | "skipped";
  from: string | null;
  to: string | null;
  pages: number;
  read: number;
  recovered: number;
  error: string | null;
};

export type ReconcilerDeps = {
  client: TwilioClient;
  workspaceSid: string;
  prisma: PrismaClient;
  dbKind: "pglite" | "postgres";
  store: EventStore;
  timezone: string;
  /** How far back of the last window (or the newest stored event) each pull starts again. */
  overlapMs: number;
  /** Folds and fans out an event just stored (the callback path's `ingest`). */
  ingest(event: TaskRouterEvent): void;
  now?: () => number;
};

/** Start of today in `timezone`, epoch ms. */
export const localMidnight = (nowMs: number, timezone: string): number =>
  DateTime.fromMillis(nowMs, { zone: timezone }).startOf("day").toMillis();

/**
 * What identifies an event when two sources might name it by different Sids: every parameter but
 * the Sid (type, time to the millisecond, resource, versions, …), in a stable order.
 */
export function contentKey(params: Readonly<Record<string, string>>): string {
  const entries = Object.entries(params)
    .filter(([name]) => name !== "Sid")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha1").update(JSON.stringify(entries)).digest("base64");
}

export class Reconciler {
  private lastEndMs: number | null = null;
  private running: Promise<ReconcileReport | null> | null = null;
  last: ReconcileReport | null = null;
  lastError: string | null = null;
  backfill: BackfillProgress = { state: "pending", from: null, to: null, pages: 0, read: 0, recovered: 0, error: null };
  private readonly now: () => number;

  constructor(private readonly deps: ReconcilerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * One pull: from the later of local midnight and the newest stored event (the last window's end
   * once there is one), minus the overlap, to now. Null when another instance holds the lock.
   * Calls made while one runs share it.
   */
  run(reason: ReconcileReason): Promise<ReconcileReport | null> {
    this.running ??= this.withLock(() => this.pull(reason)).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async withLock<T>(work: () => Promise<T>): Promise<T | null> {
    if (this.deps.dbKind === "pglite") return work();
    return this.deps.prisma.$transaction(
      async (tx) => {
        const key = `wallboard-reconcile:${this.deps.workspaceSid}`;
        const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${key})) AS locked`;
        return row?.locked ? work() : null;
      },
      { maxWait: 10_000, timeout: 15 * 60_000 },
    );
  }

  private async windowStart(endMs: number): Promise<number> {
    let from = this.lastEndMs;
    if (from === null) {
      const newest = await this.newestStoredMs();
      from = Math.max(localMidnight(endMs, this.deps.timezone), newest ?? 0);
    }
    return Math.max(endMs - EVENTS_RETENTION_MS + 60_000, from - this.deps.overlapMs);
  }

  private async newestStoredMs(): Promise<number | null> {
    const rows = await this.deps.prisma.$queryRaw<{ newest: bigint | null }[]>`
      SELECT max(event_time_ms) AS newest FROM events WHERE workspace_sid = ${this.deps.workspaceSid}`;
    const newest = rows[0]?.newest;
    return newest === null || newest === undefined ? null : Number(newest);
  }

  /** The events stored in [fromMs, toMs]: content key by Sid, and how many share each key. */
  private async storedIn(fromMs: number, toMs: number): Promise<{ bySid: Map<string, string>; keyCounts: Map<string, number> }> {
    const bySid = new Map<string, string>();
    const keyCounts = new Map<string, number>();
    let after = "";
    for (;;) {
      const rows = await this.deps.prisma.event.findMany({
        where: { eventTimeMs: { gte: BigInt(fromMs), lte: BigInt(toMs) }, sid: { gt: after } },
        select: { sid: true, params: true },
        orderBy: { sid: "asc" },
        take: STORED_BATCH,
      });
      for (const row of rows) {
        const key = contentKey(row.params as Record<string, string>);
        bySid.set(row.sid, key);
        keyCounts.set(key, (keyCounts.get(key) ?? 0) + 1);
      }
      if (rows.length < STORED_BATCH) return { bySid, keyCounts };
      after = rows[rows.length - 1]!.sid;
    }
  }

  /** Appends events and folds those the log did not have; returns how many it stored. */
  private async store(events: TaskRouterEvent[]): Promise<number> {
    const results = await Promise.all(events.map((event) => this.deps.store.append(event)));
    let stored = 0;
    events.forEach((event, i) => {
      if (results[i] !== "stored") return;
      stored += 1;
      this.deps.ingest(event);
    });
    return stored;
  }

  private async pull(reason: ReconcileReason): Promise<ReconcileReport> {
    const started = this.now();
    // TaskRouter reads EndDate to the second: the window ends on the last whole second.
    const endMs = Math.floor(started / 1000) * 1000;
    const startMs = await this.windowStart(endMs);
    const isBackfill = reason === "start";
    if (isBackfill) {
      this.backfill = {
        state: "running",
        from: new Date(startMs).toISOString(),
        to: new Date(endMs).toISOString(),
        pages: 0,
        read: 0,
        recovered: 0,
        error: null,
      };
    }
    let read = 0;
    let recovered = 0;
    try {
      // Dedup is by Sid. An entry whose Sid the log lacks but whose content the log has may be the
      // same event under another Sid: it waits until every entry is read, then counts as present
      // only while stored events with that content remain that no entry claimed by Sid.
      const { bySid, keyCounts } = await this.storedIn(startMs, endMs);
      const seen = new Set<string>();
      const claimed: string[] = [];
      const deferred: { event: TaskRouterEvent; key: string }[] = [];
      await readEvents(this.deps.client, this.deps.workspaceSid, { startMs, endMs }, async (entries) => {
        read += entries.length;
        const missing: TaskRouterEvent[] = [];
        for (const entry of entries) {
          const params = callbackParams(entry);
          const parsed = params ? parseCallback(params) : null;
          if (!parsed?.ok || seen.has(parsed.event.sid)) continue;
          const event = parsed.event;
          seen.add(event.sid);
          if (bySid.has(event.sid)) {
            claimed.push(event.sid);
            continue;
          }
          const key = contentKey(event.params);
          if (keyCounts.has(key)) deferred.push({ event, key });
          else missing.push(event);
        }
        recovered += await this.store(missing);
        if (isBackfill) Object.assign(this.backfill, { pages: this.backfill.pages + 1, read, recovered });
      });
      for (const sid of claimed) {
        const key = bySid.get(sid)!;
        keyCounts.set(key, keyCounts.get(key)! - 1);
      }
      const missing: TaskRouterEvent[] = [];
      for (const { event, key } of deferred) {
        const unclaimed = keyCounts.get(key) ?? 0;
        if (unclaimed > 0) keyCounts.set(key, unclaimed - 1);
        else missing.push(event);
      }
      recovered += await this.store(missing);
      if (isBackfill) this.backfill.recovered = recovered;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      if (isBackfill) Object.assign(this.backfill, { state: "failed", error: this.lastError });
      throw error;
    }
    this.lastEndMs = endMs;
    this.lastError = null;
    if (isBackfill) this.backfill.state = "done";
    this.last = {
      reason,
      at: new Date(started).toISOString(),
      from: new Date(startMs).toISOString(),
      to: new Date(endMs).toISOString(),
      read,
      recovered,
      durationMs: this.now() - started,
    };
    return this.last;
  }
}
