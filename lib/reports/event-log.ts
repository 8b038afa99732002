import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Database } from "@/lib/db/client";
import { compareEvents, toTypedEvent } from "@/lib/events/parse";
import { workersOfLog } from "@/lib/events/store";
import { TASK_END_EVENT_TYPES, type TypedEvent } from "@/lib/events/types";

/**
 * Runs one SQL statement with positional parameters and returns its rows as arrays, in the
 * order of the select list (no object per row with a key per column: less to build and collect).
 */
export type SqlRunner = (sql: string, params: readonly unknown[]) => Promise<unknown[][]>;

/**
 * Raw SQL on the store's own driver, outside Prisma: the report reads are the hot path, and
 * Prisma's raw queries cost about twice the driver's. The SQL is the same on both stores:
 * PGlite is PostgreSQL 18 in-process; on a server every page takes a pool connection briefly,
 * so an export never pins one for its whole length.
 */
export function sqlRunnerFor(db: Pick<Database, "driver">): SqlRunner {
  const driver = db.driver;
  if (driver.kind === "pglite") {
    return async (sql, params) => {
      const rows = (await driver.pglite.query<unknown[]>(sql, params as unknown[], { rowMode: "array" })).rows;
      // PGlite runs in this process and answers through promises alone: an export's chain of
      // statements would otherwise starve timers and sockets (health, callbacks) to its end.
      await yieldToEventLoop();
      return rows;
    };
  }
  return async (sql, params) => (await driver.pool.query<unknown[]>({ text: sql, values: params as unknown[], rowMode: "array" })).rows;
}

/**
 * The callback parameters the reports read: those the fold's per-entity derivations read
 * (`toTaskRecord`, `toActivityChange`; tests/reports/params-coverage.test.ts fails when the fold
 * starts reading one that is not here) and the names the reports print. Picked out in SQL, so a
 * row carries a few short strings instead of the whole JSON document (TaskAttributes alone is
 * most of it): about 1.5× the export rate of reading `params` whole.
 */
export const REPORT_PARAM_KEYS = [
  "TaskVersion",
  "TaskAssignmentStatus",
  "TaskPriority",
  "TaskDateCreated",
  "TaskQueueEnteredDate",
  "TaskCanceledReason",
  "TaskCompletedReason",
  "Reason",
  "ReservationVersion",
  "WorkerTimeInPreviousActivityMs",
  "WorkerTimeInPreviousActivity",
  "WorkerActivitySid",
  "WorkerPreviousActivitySid",
  "TaskQueueSid",
  "TaskQueueName",
  "WorkerSid",
  "WorkerName",
  "WorkerActivityName",
  "WorkerPreviousActivityName",
  "TaskChannelUniqueName",
  "TaskChannelSid",
] as const;

/**
 * Task attributes change only by task.created and task.updated (the tasks export prints the
 * type and target they hold), so the whole document is read from those events alone.
 */
const ATTRIBUTE_EVENT_TYPES = "'task.created', 'task.updated'";

/** The select list of an event; `toEvent` reads it by position. */
const EVENT_COLUMNS = (alias: string) => `
  ${alias}.sid, ${alias}.event_type, ${alias}.event_time_ms::float8, ${alias}.workspace_sid,
  ${alias}.resource_sid, ${alias}.task_sid, ${alias}.worker_sid, ${alias}.task_queue_sid, ${alias}.workflow_sid,
  ${alias}.reservation_sid, ${REPORT_PARAM_KEYS.map((key) => `${alias}.params->>'${key}'`).join(", ")},
  CASE WHEN ${alias}.event_type IN (${ATTRIBUTE_EVENT_TYPES}) THEN ${alias}.params->>'TaskAttributes' END`;
const FIRST_PARAM_COLUMN = 10;
const ATTRIBUTES_COLUMN = FIRST_PARAM_COLUMN + REPORT_PARAM_KEYS.length;

/**
 * An event from a row of EVENT_COLUMNS starting at `offset`, typed by the one parser; null for a
 * row the parser refuses (stored before its bounds existed), which the reports skip.
 */
function toEvent(row: unknown[], offset = 0, nowMs = Date.now()): TypedEvent | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < REPORT_PARAM_KEYS.length; i++) {
    const value = row[offset + FIRST_PARAM_COLUMN + i];
    if (typeof value === "string") params[REPORT_PARAM_KEYS[i]!] = value;
  }
  const attributes = row[offset + ATTRIBUTES_COLUMN];
  if (typeof attributes === "string") params.TaskAttributes = attributes;
  const text = (i: number) => (row[offset + i] as string | null) ?? null;
  const typed = toTypedEvent(
    {
      sid: row[offset] as string,
      eventType: row[offset + 1] as string,
      timeMs: row[offset + 2] as number,
      workspaceSid: text(3),
      resourceSid: text(4),
      taskSid: text(5),
      workerSid: text(6),
      taskQueueSid: text(7),
      workflowSid: text(8),
      reservationSid: text(9),
      params,
    },
    { nowMs },
  );
  if (typed.ok) return typed.value;
  console.warn(`Report skips stored event ${String(row[offset])}: ${typed.error.message}`);
  return null;
}

/**
 * Events of the workspace the dashboard shows, as the live fold takes them (LiveMetrics:
 * `isOwnWorkspace`): those naming it, and those naming none. Null workspace: every event.
 */
const OWN_WORKSPACE = (alias: string, param: string) =>
  `(${param}::text IS NULL OR ${alias}.workspace_sid IS NULL OR ${alias}.workspace_sid = ${param}::text)`;

export type TaskPageOptions = { fromMs: number; toMs: number; workspaceSid: string | null; tasksPerPage?: number };

/**
 * Every task with at least one event in [fromMs, toMs), each with ALL its events (also those
 * before and after the range: a task created yesterday and accepted today needs its creation
 * time), a page of tasks at a time.
 *
 * Keyset pagination on the (event_time_ms, sid) index: a page is the next tasks by their first
 * event inside the range ("first" = no earlier in-range event of the same task, an index probe
 * on (task_sid, event_time_ms)), joined to all their events. Each page is one statement whose
 * cost depends on the page, not on how far into the range it is.
 *
 * Pages are small (100 tasks, ~1k events) on purpose: a page then lives and dies in V8's young
 * generation, so the heap stays flat however long the export (measured: 1000-task pages let
 * the old generation grow to ~170 MB on 160k events before a full GC; 100-task pages ~40 MB, at
 * the same speed since the next page is read while this one is written).
 */
export async function* taskEventPages(
  run: SqlRunner,
  { fromMs, toMs, workspaceSid, tasksPerPage = 100 }: TaskPageOptions,
): AsyncGenerator<TypedEvent[][]> {
  const fetchPage = (afterTime: number, afterSid: string) => {
    const page = run(
      `WITH firsts AS (
         SELECT e.event_time_ms, e.sid, e.task_sid
         FROM events e
         WHERE e.event_time_ms >= $1 AND e.event_time_ms < $2 AND e.task_sid IS NOT NULL
           AND (e.event_time_ms, e.sid) > ($3::bigint, $4::text) AND ${OWN_WORKSPACE("e", "$6")}
           AND NOT EXISTS (
             SELECT 1 FROM events p
             WHERE p.task_sid = e.task_sid AND p.event_time_ms >= $1 AND p.event_time_ms <= e.event_time_ms
               AND (p.event_time_ms, p.sid) < (e.event_time_ms, e.sid) AND ${OWN_WORKSPACE("p", "$6")})
         ORDER BY e.event_time_ms, e.sid
         LIMIT $5)
       SELECT f.event_time_ms::float8, f.sid, ${EVENT_COLUMNS("ev")}
       FROM firsts f JOIN events ev ON ev.task_sid = f.task_sid AND ${OWN_WORKSPACE("ev", "$6")}
       ORDER BY f.event_time_ms, f.sid, ev.event_time_ms, ev.sid`,
      [fromMs, toMs, afterTime, afterSid, tasksPerPage, workspaceSid],
    );
    // A page fetched ahead and then not wanted (the client went away) must not surface as an
    // unhandled rejection; a page that is awaited still throws to its reader.
    page.catch(() => {});
    return page;
  };
  let pending: Promise<unknown[][]> | null = fetchPage(fromMs, "");
  while (pending !== null) {
    const rows: unknown[][] = await pending;
    if (rows.length === 0) return;
    const tasks: TypedEvent[][] = [];
    let current: TypedEvent[] = [];
    const nowMs = Date.now();
    let currentKey: unknown;
    // Each row: the page key (time and Sid of the task's first event in range), then the event.
    for (const row of rows) {
      if (row[1] !== currentKey) {
        if (current.length > 0) tasks.push(current);
        current = [];
        currentKey = row[1];
      }
      const event = toEvent(row, 2, nowMs);
      if (event !== null) current.push(event);
    }
    if (current.length > 0) tasks.push(current);
    // The next page is read while this one is derived and written: the database and this
    // process work at the same time, and memory holds two pages at most.
    const last = rows[rows.length - 1]!;
    pending = tasks.length < tasksPerPage ? null : fetchPage(last[0] as number, last[1] as string);
    // The database's text order need not be JavaScript's; the derivations want the latter.
    for (const events of tasks) events.sort(compareEvents);
    yield tasks;
  }
}

/** Every worker sid of the workspace in the log, in order, in one statement (`workersOfLog`). */
export async function workerSids(run: SqlRunner, workspaceSid: string | null): Promise<string[]> {
  const rows = await run(
    `${workersOfLog(OWN_WORKSPACE("e", "$1"))}
     SELECT sid FROM workers WHERE sid IS NOT NULL`,
    [workspaceSid],
  );
  return rows.map((row) => row[0] as string);
}

export const WORKER_STATE_TYPES = ["worker.created", "worker.activity.update", "worker.deleted"];
export const TASK_END_TYPES: readonly string[] = TASK_END_EVENT_TYPES;

export type WorkerSpanOptions = { fromMs: number; toMs: number; lookbackMs: number; workspaceSid: string | null };

/**
 * What deriveWorkerIntervals needs to know a worker's time in [fromMs, toMs): its last state
 * change at or before fromMs (the activity it was in when the span began, however long ago),
 * its own events from fromMs − lookbackMs (reservations accepted shortly before the span that
 * keep it busy into the span), and the end events of the tasks it accepted, which carry no
 * WorkerSid. Unsorted; the derivation sorts and drops duplicates.
 */
export async function workerSpanEvents(
  run: SqlRunner,
  workerSid: string,
  { fromMs, toMs, lookbackMs, workspaceSid }: WorkerSpanOptions,
): Promise<TypedEvent[]> {
  const rows = await run(
    `(SELECT ${EVENT_COLUMNS("s")} FROM events s
       WHERE s.worker_sid = $1 AND s.event_time_ms <= $2 AND s.event_type = ANY($5::text[]) AND ${OWN_WORKSPACE("s", "$7")}
       ORDER BY s.event_time_ms DESC, s.sid DESC LIMIT 1)
     UNION ALL
     (SELECT ${EVENT_COLUMNS("w")} FROM events w
       WHERE w.worker_sid = $1 AND w.event_time_ms >= $3 AND w.event_time_ms < $4 AND ${OWN_WORKSPACE("w", "$7")})
     UNION ALL
     (SELECT ${EVENT_COLUMNS("t")} FROM events t
       WHERE t.event_type = ANY($6::text[]) AND ${OWN_WORKSPACE("t", "$7")} AND t.task_sid IN (
         SELECT a.task_sid FROM events a
         WHERE a.worker_sid = $1 AND a.event_type = 'reservation.accepted' AND a.event_time_ms >= $3 AND a.event_time_ms < $4
           AND ${OWN_WORKSPACE("a", "$7")}))`,
    [workerSid, fromMs, fromMs - lookbackMs, toMs, WORKER_STATE_TYPES, TASK_END_TYPES, workspaceSid],
  );
  const nowMs = Date.now();
  return rows.flatMap((row) => toEvent(row, 0, nowMs) ?? []);
}
