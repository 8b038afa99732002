/**
 * CSV export benchmark (goal in BENCHMARKS.md), on PostgreSQL from BENCH_DATABASE_URL or
 * TEST_DATABASE_URL, in a throwaway database:
 * - events/s through the app's export code (the exact code GET /api/reports/<kind>.csv runs,
 *   without the HTTP hop) for 1M events, against `psql \copy` of the same 1M rows to /dev/null;
 * - RSS growth of an export of 10k events vs one of 1M events, each in a fresh process.
 *
 * `npx tsx bench/reports.ts` runs it alone; `npm run bench reports` through the runner.
 */
import { execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { openDatabase } from "@/lib/db/client";
import { buildReport, csvStream, parseReportParams, type ReportKind } from "@/lib/reports";
import { ReportDirectory } from "@/lib/reports/directory";
import { sqlRunnerFor } from "@/lib/reports/event-log";
import { createThrowawayDatabase } from "@/tests/support/app";

import { type BenchOptions, type BenchResult, benchRow } from "./types";

const FULL_TASKS = Number(process.env.BENCH_REPORT_TASKS || 100_000);
export const EVENTS_PER_TASK = 10;
export const WORKERS = 50;
export const QUEUES = 5;
export const START_MS = Date.parse("2026-01-05T00:00:00Z");
/** One task every 8.64 s: 100k tasks fill 10 days. */
export const TASK_SPACING_MS = 8_640;
const SMALL_TASKS = 1_000;
export const BENCH_WORKSPACE_SID = "WS00000000000000000000000000000001";
const MEDIUM_TASKS = 10_000;

const hex = (prefix: string, n: string) => `'${prefix}' || lpad(to_hex(${n}), 32, '0')`;

/** 10 events per task (created … completed, and the worker's two activity changes), in one INSERT. */
export function generateSql(tasks: number): string {
  const worker = hex("WK", `(i % ${WORKERS}) + 1`);
  const queue = hex("WQ", `(i % ${QUEUES}) + 1`);
  return `
    INSERT INTO events (sid, event_type, event_time_ms, workspace_sid, resource_sid, task_sid, worker_sid, task_queue_sid, workflow_sid, reservation_sid, params)
    SELECT sid, type, t, 'WS00000000000000000000000000000001', resource, task, wk, q, 'WW00000000000000000000000000000001', res,
      jsonb_strip_nulls(jsonb_build_object(
        'Sid', sid, 'EventType', type, 'AccountSid', 'AC00000000000000000000000000000000',
        'WorkspaceSid', 'WS00000000000000000000000000000001', 'WorkspaceName', 'Bench Contact Centre',
        'EventDescription', type || ' for bench', 'ResourceSid', resource, 'Timestamp', (t / 1000)::text, 'TimestampMs', t::text,
        'TaskSid', task, 'TaskAttributes', CASE WHEN task IS NULL THEN NULL ELSE '{"type":"support","language":"en","customer":{"name":"Customer ' || i || '","tier":"gold"},"channel":"voice"}' END,
        'TaskPriority', CASE WHEN task IS NULL THEN NULL ELSE '0' END, 'TaskAssignmentStatus', status, 'TaskVersion', CASE WHEN task IS NULL THEN NULL ELSE k::text END,
        'TaskDateCreated', CASE WHEN task IS NULL THEN NULL ELSE (base / 1000)::text END,
        'TaskQueueSid', q, 'TaskQueueName', CASE WHEN q IS NULL THEN NULL ELSE 'Queue ' || ((i % ${QUEUES}) + 1) END,
        'WorkflowSid', 'WW00000000000000000000000000000001', 'ReservationSid', res, 'WorkerSid', wk,
        'WorkerName', CASE WHEN wk IS NULL THEN NULL ELSE 'Agent ' || ((i % ${WORKERS}) + 1) END,
        'WorkerActivitySid', activity, 'WorkerPreviousActivitySid', previous_activity,
        'WorkerTimeInPreviousActivityMs', in_previous_ms::text, 'TaskCompletedReason', CASE WHEN type = 'task.completed' THEN 'Task completed' END))
    FROM (
      SELECT i, k, type, base, base + offset_s * 1000 AS t,
        ${hex("EV", `i * ${EVENTS_PER_TASK} + k`)} AS sid,
        CASE WHEN type LIKE 'worker.%' THEN NULL ELSE ${hex("WT", "i")} END AS task,
        CASE WHEN type LIKE 'reservation.%' OR type LIKE 'worker.%' THEN ${worker} END AS wk,
        CASE WHEN type = 'task.created' OR type LIKE 'worker.%' THEN NULL ELSE ${queue} END AS q,
        CASE WHEN type LIKE 'reservation.%' THEN ${hex("WR", "i")} END AS res,
        CASE WHEN type LIKE 'worker.%' THEN ${worker} WHEN type LIKE 'reservation.%' THEN ${hex("WR", "i")} ELSE ${hex("WT", "i")} END AS resource,
        status, activity, previous_activity, in_previous_ms
      FROM generate_series(0, ${tasks - 1}) AS i
      CROSS JOIN LATERAL (SELECT ${START_MS}::bigint + i::bigint * ${TASK_SPACING_MS} AS base) b
      CROSS JOIN (VALUES
        (0, 'task.created', 0, 'pending', NULL, NULL, NULL),
        (1, 'task-queue.entered', 1, 'pending', NULL, NULL, NULL),
        (2, 'reservation.created', 5, 'reserved', NULL, NULL, NULL),
        (3, 'reservation.accepted', 10, 'assigned', NULL, NULL, NULL),
        (4, 'worker.activity.update', 10, NULL, 'WA00000000000000000000000000000002', 'WA00000000000000000000000000000001', 82000),
        (5, 'task.wrapup', 300, 'wrapping', NULL, NULL, NULL),
        (6, 'reservation.wrapup', 300, 'wrapping', NULL, NULL, NULL),
        (7, 'task.completed', 360, 'completed', NULL, NULL, NULL),
        (8, 'reservation.completed', 360, 'completed', NULL, NULL, NULL),
        (9, 'worker.activity.update', 360, NULL, 'WA00000000000000000000000000000001', 'WA00000000000000000000000000000002', 350000)
      ) AS e(k, type, offset_s, status, activity, previous_activity, in_previous_ms)
    ) g`;
}

function directory(): ReportDirectory {
  const pad = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, "0")}`;
  return new ReportDirectory(
    {
      queues: Array.from({ length: QUEUES }, (_, i) => ({
        sid: pad("WQ", i + 1),
        friendlyName: `Queue ${i + 1}`,
        slaSeconds: 20,
        shortAbandonSeconds: 5,
      })),
      workers: Array.from({ length: WORKERS }, (_, i) => ({ sid: pad("WK", i + 1), friendlyName: `Agent ${i + 1}`, queueSids: [] })),
      activities: [
        { sid: pad("WA", 1), friendlyName: "Available", available: true },
        { sid: pad("WA", 2), friendlyName: "Busy", available: false },
      ],
    },
    { slaSeconds: 20, shortAbandonSeconds: 5 },
  );
}

const rangeQuery = (tasks: number) =>
  `from=${new Date(START_MS).toISOString()}&to=${new Date(START_MS + tasks * TASK_SPACING_MS).toISOString()}&tz=UTC`;

type ExportRun = { kind: ReportKind; ms: number; rows: number; bytes: number; rssStart: number; rssPeak: number };

/** Runs one export in this process, draining the stream as a fast client would. */
async function exportOnce(databaseUrl: string, kind: ReportKind, query: string): Promise<ExportRun> {
  const db = await openDatabase({ databaseUrl });
  try {
    const parsed = parseReportParams(new URLSearchParams(query), { defaultTimezone: "UTC" });
    if (!parsed.ok) throw new Error(parsed.error.message);
    globalThis.gc?.();
    const rssStart = process.memoryUsage().rss;
    let rssPeak = rssStart;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
    const started = performance.now();
    const report = buildReport(kind, {
      run: sqlRunnerFor(db),
      workspaceSid: BENCH_WORKSPACE_SID,
      params: parsed.params,
      directory: directory(),
      now: Date.now(),
    });
    const reader = csvStream(report.columns, report.batches).getReader();
    let bytes = 0;
    let rows = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const byte of value) if (byte === 10) rows += 1;
    }
    const ms = performance.now() - started;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    return { kind, ms, rows: rows - 1, bytes, rssStart, rssPeak };
  } finally {
    await db.close();
  }
}

/** The same export in a fresh process, so one run's heap does not flatter or burden the next. */
async function exportInChild(databaseUrl: string, kind: ReportKind, query: string): Promise<ExportRun> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", self, "--export-child", databaseUrl, kind, query], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`export child exited ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(line) as ExportRun);
    });
  });
}

async function psqlCopy(databaseUrl: string, tasks: number): Promise<{ ms: number; rows: number }> {
  const to = START_MS + tasks * TASK_SPACING_MS;
  const sql = `\\copy (SELECT sid, event_type, event_time_ms, workspace_sid, resource_sid, task_sid, worker_sid, task_queue_sid, workflow_sid, reservation_sid, params FROM events WHERE event_time_ms >= ${START_MS} AND event_time_ms < ${to} ORDER BY event_time_ms, sid) TO '/dev/null' WITH (FORMAT csv, HEADER)`;
  const started = performance.now();
  const { stdout } = await promisify(execFile)("psql", [databaseUrl, "-X", "-q", "-c", sql], { maxBuffer: 1 << 20 });
  const ms = performance.now() - started;
  const rows = Number(/COPY (\d+)/.exec(stdout)?.[1] ?? tasks * EVENTS_PER_TASK);
  return { ms, rows };
}

const MB = 1024 * 1024;
const log = (line: string) => console.log(`  [reports] ${line}`);

export async function run({ quick }: BenchOptions = { quick: false, log: console.log }): Promise<BenchResult[]> {
  const TASKS = quick ? 10_000 : FULL_TASKS;
  const base = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("bench/reports needs PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL");
  const database = await createThrowawayDatabase(base, "wallboard_bench_reports");
  try {
    const db = await openDatabase({ databaseUrl: database.url });
    const started = performance.now();
    const client = await (db.driver.kind === "postgres" ? db.driver.pool.connect() : Promise.reject(new Error("PostgreSQL only")));
    try {
      await client.query(generateSql(TASKS));
      await client.query("ANALYZE events");
    } finally {
      client.release();
    }
    await db.close();
    const events = TASKS * EVENTS_PER_TASK;
    log(
      `generated ${events} events (${TASKS} tasks, ${WORKERS} agents, ${QUEUES} queues, 10 days) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    // Warm the server's cache once, so neither side pays the first read from disk.
    await psqlCopy(database.url, TASKS);
    const copy = await psqlCopy(database.url, TASKS);
    const copyRate = copy.rows / (copy.ms / 1000);
    log(`psql \\copy: ${copy.rows} rows in ${copy.ms.toFixed(0)} ms (${copyRate.toFixed(0)} rows/s)`);

    const results: BenchResult[] = [];
    const kinds: ReportKind[] = ["tasks", "queue-intervals", "agents", "worker-activity"];
    const runs = new Map<ReportKind, ExportRun>();
    for (const kind of kinds) {
      const result = await exportInChild(database.url, kind, rangeQuery(TASKS));
      runs.set(kind, result);
      const rate = events / (result.ms / 1000);
      log(
        `${kind}: ${events} events → ${result.rows} rows, ${(result.bytes / MB).toFixed(1)} MB in ${result.ms.toFixed(0)} ms; RSS +${((result.rssPeak - result.rssStart) / MB).toFixed(1)} MB`,
      );
      results.push(
        benchRow({
          id: "P5",
          name: `export ${kind} of ${events} events`,
          value: rate,
          unit: "events/s",
          baseline: "psql \\copy of the same event rows",
          baselineValue: copyRate,
          goal: { on: "ratio", op: "≥", target: 0.5 },
        }),
      );
    }

    const growth = (run: ExportRun) => Math.max(1, run.rssPeak - run.rssStart);
    const rssResult = (name: string, large: ExportRun, small: ExportRun, baseline: string): BenchResult =>
      benchRow({
        id: "P5",
        name,
        value: growth(large) / MB,
        unit: "MB",
        baseline,
        baselineValue: growth(small) / MB,
        goal: { on: "ratio", op: "≤", target: 1.2 },
      });
    for (const kind of ["tasks", "queue-intervals", "worker-activity"] as const) {
      const small = await exportInChild(database.url, kind, rangeQuery(SMALL_TASKS));
      const large = runs.get(kind)!;
      log(
        `${kind} RSS growth: ${SMALL_TASKS * EVENTS_PER_TASK} events +${(growth(small) / MB).toFixed(1)} MB, ${events} events +${(growth(large) / MB).toFixed(1)} MB (peak ${(large.rssPeak / MB).toFixed(0)} MB)`,
      );
      results.push(
        rssResult(
          `export ${kind}: RSS growth for ${events} events`,
          large,
          small,
          `RSS growth exporting ${SMALL_TASKS * EVENTS_PER_TASK} events`,
        ),
      );
    }
    // The same question past the process's warm-up (first queries, JIT, pools): 100k events against 1M.
    if (quick) return results;
    const medium = await exportInChild(database.url, "tasks", rangeQuery(MEDIUM_TASKS));
    log(`tasks RSS growth: ${MEDIUM_TASKS * EVENTS_PER_TASK} events +${(growth(medium) / MB).toFixed(1)} MB`);
    results.push(
      rssResult(
        `export tasks: RSS growth for ${events} events vs ${MEDIUM_TASKS * EVENTS_PER_TASK}`,
        runs.get("tasks")!,
        medium,
        `RSS growth exporting ${MEDIUM_TASKS * EVENTS_PER_TASK} events`,
      ),
    );
    return results;
  } finally {
    await database.drop();
  }
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain && process.argv[2] === "--export-child") {
  const [databaseUrl, kind, query] = process.argv.slice(3) as [string, ReportKind, string];
  const result = await exportOnce(databaseUrl, kind, query);
  console.log(JSON.stringify(result));
  process.exit(0);
} else if (isMain) {
  for (const result of await run())
    console.log(
      `${result.name}: ${result.value.toFixed(1)} ${result.unit} vs ${result.baselineValue.toFixed(1)} → ${result.ratio.toFixed(3)} (goal ${result.goal})`,
    );
  process.exit(0);
}
