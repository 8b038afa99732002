import type { PrismaClient } from "@/generated/prisma/client";
import { toTypedEvent } from "./parse";
import { type StoredEvent, TASK_END_EVENT_TYPES, type TypedEvent } from "./types";

/**
 * `workers(sid)`: every worker Sid in the log whose rows pass `filter` (on alias `e`), in order,
 * one probe of the (worker_sid, event_time_ms) index per worker (a loose index scan) instead of a
 * scan of the log. The last row is NULL: readers keep `sid IS NOT NULL`.
 */
export const workersOfLog = (filter = "TRUE"): string => `WITH RECURSIVE workers(sid) AS (
  (SELECT e.worker_sid FROM events e WHERE e.worker_sid IS NOT NULL AND ${filter} ORDER BY e.worker_sid LIMIT 1)
  UNION ALL
  SELECT (SELECT e.worker_sid FROM events e WHERE e.worker_sid > workers.sid AND ${filter} ORDER BY e.worker_sid LIMIT 1)
  FROM workers WHERE workers.sid IS NOT NULL)`;

export type AppendResult = "stored" | "duplicate";

type Pending = { event: StoredEvent; resolve: (result: AppendResult) => void; reject: (error: unknown) => void };

const MAX_BATCH = 500;

/**
 * The durable, append-only event log, idempotent by event Sid.
 * Appends that arrive while a write is in flight are group-committed in one INSERT, so each
 * caller still learns its own row is durable before it answers, at a fraction of the cost of
 * one transaction per callback.
 */
export class EventStore {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly prisma: PrismaClient) {}

  append(event: StoredEvent): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const stored = await this.insertBatch(batch.map((pending) => pending.event));
          for (const pending of batch) {
            // The first of several same-Sid callbacks in one batch takes the row.
            const isNew = stored.delete(pending.event.sid);
            pending.resolve(isNew ? "stored" : "duplicate");
          }
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async insertBatch(events: StoredEvent[]): Promise<Set<string>> {
    const column = <T>(pick: (event: StoredEvent) => T) => events.map(pick);
    const rows = await this.prisma.$queryRaw<{ sid: string }[]>`
      INSERT INTO events (sid, event_type, event_time_ms, workspace_sid, resource_sid, task_sid, worker_sid,
                          task_queue_sid, workflow_sid, reservation_sid, params)
      SELECT * FROM unnest(
        ${column((e) => e.sid)}::text[], ${column((e) => e.eventType)}::text[],
        ${column((e) => String(e.timeMs))}::text[]::bigint[],
        ${column((e) => e.workspaceSid)}::text[], ${column((e) => e.resourceSid)}::text[],
        ${column((e) => e.taskSid)}::text[], ${column((e) => e.workerSid)}::text[],
        ${column((e) => e.taskQueueSid)}::text[], ${column((e) => e.workflowSid)}::text[],
        ${column((e) => e.reservationSid)}::text[], ${column((e) => JSON.stringify(e.params))}::text[]::jsonb[])
      ON CONFLICT (sid) DO NOTHING
      RETURNING sid`;
    return new Set(rows.map((row) => row.sid));
  }

  /**
   * Every stored event, typed, in arrival order, a batch at a time (constant memory); with
   * `workspaceSid`, only that workspace's events (and those that name none). A row that no longer
   * passes the parser's bounds is skipped and reported through `onSkipped`.
   */
  async *readAll({
    workspaceSid,
    batchSize = 5000,
    onSkipped = logSkipped,
  }: {
    workspaceSid?: string;
    batchSize?: number;
    onSkipped?: (sid: string, reason: string) => void;
  } = {}): AsyncGenerator<TypedEvent[]> {
    let after = -1n;
    const inWorkspace = workspaceSid ? { OR: [{ workspaceSid }, { workspaceSid: null }] } : {};
    for (;;) {
      const rows = await this.prisma.event.findMany({
        where: { seq: { gt: after }, ...inWorkspace },
        orderBy: { seq: "asc" },
        take: batchSize,
      });
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.seq;
      yield this.typed(rows, onSkipped);
      if (rows.length < batchSize) return;
    }
  }

  /**
   * What the live state keeps once it forgets everything before `horizonMs`
   * (lib/metrics/forget.ts), for the rebuild at start: every event from the horizon on; every event
   * of a task that has one from the horizon on or never ended; per worker, its last change of
   * activity before the horizon and its other events without a task (capacity, attributes); and
   * the events that name no task or worker (activities, queues, workflows). Folding these and
   * then forgetting gives the state that folding the whole log does, at a cost that grows with
   * the last day's traffic and the open work, not with the log's length. In arrival order.
   */
  async *readForLiveState({
    workspaceSid,
    horizonMs,
    batchSize = 5000,
    onSkipped = logSkipped,
  }: {
    workspaceSid?: string;
    horizonMs: number;
    batchSize?: number;
    onSkipped?: (sid: string, reason: string) => void;
  }): AsyncGenerator<TypedEvent[]> {
    const ws = workspaceSid ?? null;
    const inWorkspace = `($2::text IS NULL OR e.workspace_sid IS NULL OR e.workspace_sid = $2::text)`;
    const horizon = BigInt(Math.floor(horizonMs));
    const tasks = await this.prisma.$queryRawUnsafe<{ sid: string }[]>(
      `SELECT DISTINCT e.task_sid AS sid FROM events e
         WHERE e.event_time_ms >= $1 AND e.task_sid IS NOT NULL AND ${inWorkspace}
       UNION
       SELECT e.task_sid FROM events e
         WHERE e.event_time_ms < $1 AND e.task_sid IS NOT NULL AND ${inWorkspace}
         GROUP BY e.task_sid HAVING NOT bool_or(e.event_type = ANY($3::text[]))`,
      horizon,
      ws,
      [...TASK_END_EVENT_TYPES],
    );
    const lastChanges = await this.prisma.$queryRawUnsafe<{ seq: bigint | null }[]>(
      `${workersOfLog()}
       SELECT (SELECT e.seq FROM events e
                WHERE e.worker_sid = w.sid AND e.event_time_ms < $1 AND e.event_type = 'worker.activity.update' AND ${inWorkspace}
                ORDER BY e.event_time_ms DESC, e.sid DESC LIMIT 1) AS seq
       FROM workers w WHERE w.sid IS NOT NULL`,
      horizon,
      ws,
    );
    const taskSids = tasks.map((row) => row.sid);
    const changeSeqs = lastChanges.flatMap((row) => (row.seq === null ? [] : [String(row.seq)]));
    let after = -1n;
    for (;;) {
      const rows = await this.prisma.$queryRawUnsafe<(EventRow & { seq: bigint })[]>(
        `SELECT e.seq, e.sid, e.event_type AS "eventType", e.event_time_ms AS "eventTimeMs", e.workspace_sid AS "workspaceSid",
                e.resource_sid AS "resourceSid", e.task_sid AS "taskSid", e.worker_sid AS "workerSid",
                e.task_queue_sid AS "taskQueueSid", e.workflow_sid AS "workflowSid", e.reservation_sid AS "reservationSid", e.params
         FROM events e
         WHERE e.seq > $3 AND ${inWorkspace} AND (
           e.event_time_ms >= $1
           OR e.task_sid = ANY($4::text[])
           OR e.seq = ANY($5::text[]::bigint[])
           OR (e.task_sid IS NULL AND (e.worker_sid IS NULL OR e.event_type <> 'worker.activity.update')))
         ORDER BY e.seq LIMIT $6`,
        horizon,
        ws,
        after,
        taskSids,
        changeSeqs,
        batchSize,
      );
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.seq;
      yield this.typed(rows, onSkipped);
      if (rows.length < batchSize) return;
    }
  }

  private typed(rows: readonly EventRow[], onSkipped: (sid: string, reason: string) => void): TypedEvent[] {
    const nowMs = Date.now();
    const events: TypedEvent[] = [];
    for (const row of rows) {
      const typed = toTypedEvent(toStoredEvent(row), { nowMs });
      if (typed.ok) events.push(typed.value);
      else onSkipped(row.sid, typed.error.message);
    }
    return events;
  }

  async count({ workspaceSid }: { workspaceSid?: string } = {}): Promise<number> {
    return this.prisma.event.count(workspaceSid ? { where: { workspaceSid } } : undefined);
  }

  /** True when the database answers a trivial query. */
  async ping(): Promise<boolean> {
    try {
      await this.prisma.$queryRaw`SELECT 1`;
      return true;
    } catch {
      return false;
    }
  }
}

type EventRow = {
  sid: string;
  eventType: string;
  eventTimeMs: bigint;
  workspaceSid: string | null;
  resourceSid: string | null;
  taskSid: string | null;
  workerSid: string | null;
  taskQueueSid: string | null;
  workflowSid: string | null;
  reservationSid: string | null;
  params: unknown;
};

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    sid: row.sid,
    eventType: row.eventType,
    timeMs: Number(row.eventTimeMs),
    workspaceSid: row.workspaceSid,
    resourceSid: row.resourceSid,
    taskSid: row.taskSid,
    workerSid: row.workerSid,
    taskQueueSid: row.taskQueueSid,
    workflowSid: row.workflowSid,
    reservationSid: row.reservationSid,
    params: typeof row.params === "object" && row.params !== null ? (row.params as Record<string, string>) : {},
  };
}

const logSkipped = (sid: string, reason: string) => console.warn(`Skipping stored event ${sid}: ${reason}`);
