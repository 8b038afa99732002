/**
 * P4 start-up: with the event log filled (1M events over 10 days; 100k, one day, with --quick), the
 * time from opening the store to serving correct metrics (what the live state keeps read and
 * folded, the first snapshot built), as log rows per second, against a raw cursor read of the same rows (node-postgres + pg-cursor, 5,000 rows a read, no fold).
 * Both read from the same warm PostgreSQL database, each in a fresh process.
 * BENCH_STARTUP_TASKS sets the full size in tasks of 10 events (default 100,000: 1M events).
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import Cursor from "pg-cursor";
import type { WorkspaceConfig } from "@/lib/config/types";
import { openDatabase } from "@/lib/db/client";
import { EventStore } from "@/lib/events/store";
import { LiveMetrics } from "@/lib/live/live-metrics";
import { createThrowawayDatabase } from "@/tests/support/app";
import { BENCH_WORKSPACE_SID, EVENTS_PER_TASK, generateSql, QUEUES, START_MS, TASK_SPACING_MS, WORKERS } from "./reports";
import { startChild } from "./support/child";
import { ADMIN_DATABASE_URL, childModule } from "./support/paths";
import { type BenchOptions, type BenchResult, benchRow } from "./types";

const DAY_MS = 86_400_000;
const pad = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, "0")}`;

export function benchWorkspace(): WorkspaceConfig {
  const activities = [
    { sid: pad("WA", 1), friendlyName: "Available", available: true },
    { sid: pad("WA", 2), friendlyName: "Busy", available: false },
  ];
  return {
    workspace: { sid: BENCH_WORKSPACE_SID, friendlyName: "Bench Contact Centre" },
    activities,
    queues: Array.from({ length: QUEUES }, (_, i) => ({ sid: pad("WQ", i + 1), friendlyName: `Queue ${i + 1}`, targetWorkers: "1==1" })),
    workers: Array.from({ length: WORKERS }, (_, i) => ({
      sid: pad("WK", i + 1),
      friendlyName: `Agent ${i + 1}`,
      attributes: {},
      activitySid: activities[0]!.sid,
    })),
    workflows: [],
  };
}

export type StartupTimes = { rawMs: number; rawRows: number; rebuildMs: number; folded: number; tasksCreated: number };

export async function run({ quick, log }: BenchOptions): Promise<BenchResult[]> {
  const tasks = quick ? 10_000 : Number(process.env.BENCH_STARTUP_TASKS || 100_000);
  const database = await createThrowawayDatabase(ADMIN_DATABASE_URL, "wallboard_bench");
  try {
    const db = await openDatabase({ databaseUrl: database.url });
    if (db.driver.kind !== "postgres") throw new Error("PostgreSQL only");
    const started = performance.now();
    await db.driver.pool.query(generateSql(tasks));
    await db.driver.pool.query("ANALYZE events");
    await db.close();
    log(`generated ${tasks * EVENTS_PER_TASK} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const child = await startChild(childModule("startup-child"));
    try {
      await child.call("raw", database.url); // warms PostgreSQL's cache for both sides
      const raw = await child.call<{ ms: number; rows: number }>("raw", database.url);
      const rebuild = await child.call<{ ms: number; folded: number; tasksCreated: number }>("rebuild", {
        databaseUrl: database.url,
        tasks,
      });
      log(`raw cursor read: ${raw.rows} rows in ${raw.ms.toFixed(0)} ms; rebuild: ${rebuild.folded} events in ${rebuild.ms.toFixed(0)} ms`);
      // Correct metrics: the last day's count of created tasks is what was generated. The rebuild
      // reads only what the live state keeps (the last 25 h and the open work), not every row.
      const expected = Math.min(tasks, DAY_MS / TASK_SPACING_MS);
      if (rebuild.folded > raw.rows || rebuild.tasksCreated !== expected)
        throw new Error(`rebuild folded ${rebuild.folded} of ${raw.rows} rows and counted ${rebuild.tasksCreated} of ${expected} tasks`);
      const rate = (n: number, ms: number) => n / (ms / 1000);
      return [
        benchRow({
          id: "P4",
          name: `start-up over a log of ${raw.rows} events (${rebuild.folded} read and folded) to the first snapshot`,
          value: rate(raw.rows, rebuild.ms),
          unit: "events/s",
          baseline: "raw pg-cursor read of the same rows",
          baselineValue: rate(raw.rows, raw.ms),
          goal: { on: "ratio", op: "≥", target: 0.5 },
        }),
      ];
    } finally {
      await child.stop();
    }
  } finally {
    await database.drop();
  }
}

/** The raw read: every column of every row, as the rebuild asks for them, and nothing done with them. */
export async function rawRead(databaseUrl: string): Promise<{ ms: number; rows: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    const cursor = client.query(new Cursor("SELECT * FROM events ORDER BY seq"));
    let rows = 0;
    for (;;) {
      const batch = await cursor.read(5000);
      if (batch.length === 0) break;
      rows += batch.length;
    }
    await cursor.close();
    return { ms: performance.now() - started, rows };
  } finally {
    await client.end();
  }
}

/** What an instance does at start before it can serve: open the store, fold the log, build a snapshot. */
export async function rebuild({ databaseUrl, tasks }: { databaseUrl: string; tasks: number }): Promise<{
  ms: number;
  folded: number;
  tasksCreated: number;
}> {
  const started = performance.now();
  const db = await openDatabase({ databaseUrl });
  try {
    const config = benchWorkspace();
    const live = new LiveMetrics(config, { timezone: "UTC", slaSeconds: 20, shortAbandonSeconds: 5, splitSeconds: [] });
    // The last day of the log: just after the last task was created.
    const now = START_MS + tasks * TASK_SPACING_MS - 1;
    const folded = await live.rebuild(new EventStore(db.prisma), now);
    const snapshot = live.snapshot({ now, window: { kind: "minutes", minutes: 1440 } });
    const ms = performance.now() - started;
    return { ms, folded, tasksCreated: snapshot.workspace.cumulative.tasksCreated };
  } finally {
    await db.close();
  }
}
