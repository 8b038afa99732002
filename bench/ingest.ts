import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import pg from "pg";
import twilio from "twilio";
import { startApp } from "@/lib/app";
import { loadEnv } from "@/lib/env";
import { createThrowawayDatabase } from "@/tests/support/app";
import type { BenchResult } from "./types";

const REQUESTS = 4000;
const CONCURRENCY = 16;
const AUTH_TOKEN = "bench-auth-token";
const ADMIN_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/test";

const freshDatabase = () => createThrowawayDatabase(ADMIN_URL, "wallboard_bench");

/** A realistic 1–2 KB callback body. */
function callbackParams(i: number, runId: string): Record<string, string> {
  const now = Date.now();
  return {
    Sid: `EV${runId}${String(i).padStart(20, "0")}`,
    EventType: "task-queue.entered",
    AccountSid: "AC00000000000000000000000000000000",
    WorkspaceSid: "WS00000000000000000000000000000001",
    WorkspaceName: "Bench",
    ResourceType: "task",
    ResourceSid: `WT${String(i).padStart(32, "0")}`,
    TaskSid: `WT${String(i).padStart(32, "0")}`,
    TaskQueueSid: "WQ00000000000000000000000000000001",
    TaskQueueName: "Support",
    WorkflowSid: "WW00000000000000000000000000000001",
    TaskAssignmentStatus: "pending",
    TaskPriority: "1",
    TaskAge: "3",
    TaskAttributes: JSON.stringify({
      type: "support",
      language: "en",
      customer: { name: "Customer", tier: "gold", notes: "n".repeat(600) },
    }),
    TaskDateCreated: String(Math.floor(now / 1000)),
    EventDescription: "Task entered a queue",
    Timestamp: String(Math.floor(now / 1000)),
    TimestampMs: String(now),
  };
}

/** Sends REQUESTS signed callbacks with CONCURRENCY in flight (no pipelining, as Twilio). */
async function load(url: string, signedUrl: string, runId: string): Promise<{ perSecond: number; p99: number }> {
  const bodies = Array.from({ length: REQUESTS }, (_, i) => {
    const params = callbackParams(i, runId);
    return { body: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, signedUrl, params) };
  });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const item = bodies[next++]!;
        const t0 = performance.now();
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": item.signature },
          body: item.body,
        });
        if (response.status !== 204) throw new Error(`status ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: REQUESTS / seconds, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 };
}

/** B0: bare node:http + pg, same signature check, same group-committed INSERT, ack after commit. */
async function startBaseline(databaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS baseline_events (sid text PRIMARY KEY, event_type text, event_time_ms bigint, params jsonb)`,
  );
  let queue: { params: Record<string, string>; done: () => void; fail: (e: unknown) => void }[] = [];
  let flushing = false;
  const flush = async () => {
    flushing = true;
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        await pool.query(
          `INSERT INTO baseline_events SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[]) ON CONFLICT (sid) DO NOTHING`,
          [
            batch.map((b) => b.params.Sid),
            batch.map((b) => b.params.EventType),
            batch.map((b) => b.params.TimestampMs),
            batch.map((b) => JSON.stringify(b.params)),
          ],
        );
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.fail(error);
      }
    }
    flushing = false;
  };
  let signedBase = "";
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      if (!twilio.validateRequest(AUTH_TOKEN, String(req.headers["x-twilio-signature"] ?? ""), `${signedBase}${req.url}`, params)) {
        res.writeHead(403).end();
        return;
      }
      queue.push({ params, done: () => res.writeHead(204).end(), fail: () => res.writeHead(503).end() });
      if (!flushing) void flush();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  signedBase = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    url: signedBase,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  const baselineDb = await freshDatabase();
  const appDb = await freshDatabase();
  try {
    const baseline = await startBaseline(baselineDb.url);
    await load(`${baseline.url}/api/taskrouter/events`, `${baseline.url}/api/taskrouter/events`, "warm0").catch(() => {});
    const b0 = await load(`${baseline.url}/api/taskrouter/events`, `${baseline.url}/api/taskrouter/events`, "base1");
    await baseline.close();

    const app = await startApp(
      loadEnv({
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: appDb.url,
        EMULATOR_PORT: "0",
        EMULATOR_AUTH_TOKEN: AUTH_TOKEN,
        SIMULATOR: "off",
        DATA_DIR: "/tmp/wallboard-bench",
        DASHBOARD_API_TOKEN: "bench-api-token-0123456789",
      }),
      { log: () => {} },
    );
    const signed = `${app.services.publicBaseUrl}/api/taskrouter/events`;
    await load(`${app.url}/api/taskrouter/events`, signed, "warm1");
    const ours = await load(`${app.url}/api/taskrouter/events`, signed, "ours1");
    await app.close();
    return [
      {
        name: "callback ingest (Next route, PostgreSQL, durable before 204)",
        value: ours.perSecond,
        unit: "events/s",
        baseline: "bare node:http + pg group commit",
        baselineValue: b0.perSecond,
        ratio: ours.perSecond / b0.perSecond,
        goal: "≥ 0.10 (stretch 0.25)",
      },
      {
        name: "callback ack latency p99",
        value: ours.p99,
        unit: "ms",
        baseline: "bare node:http + pg p99",
        baselineValue: b0.p99,
        ratio: ours.p99 / b0.p99,
        goal: "p99 ≤ 150 ms (1% of Twilio's 15 s)",
      },
    ];
  } finally {
    await Promise.all([baselineDb.drop(), appDb.drop()]);
  }
}
