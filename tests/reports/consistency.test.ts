/**
 * Reports agree with the live view: for today, the sum of each queue's rows in
 * queue-intervals.csv equals that queue's cumulative statistics in GET /api/metrics.
 * Once after a generated stretch of today's traffic (seeded, posted as signed callbacks), once
 * after the built-in simulator has run at speed.
 */
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricsSnapshot, QueueCumulative } from "@/lib/metrics/types";
import { createTestDatabase, startTestApp, type TestApp } from "@/tests/support/app";
import { businessHoursZone } from "@/tests/support/business-hours";
import { sid, TaskScript, type TestEvent, WorkerScript } from "@/tests/support/events";
import { parseCsvObjects } from "./support/csv-parse";
import { API_AUTH, postEvents } from "@/tests/support/http";
import { foreignWorkspaceEvents } from "./support/scenario";

const ZONE = "Europe/London";

/** A small deterministic generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Today's traffic between local midnight and now: accepted fast or slow, moved between queues,
 * abandoned (short and long), still waiting, and a few tasks from before midnight accepted after.
 */
function todaysTraffic(queues: string[], available: { sid: string; name: string }, now: number): TestEvent[] {
  const random = seeded(20260308);
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const midnight = DateTime.fromMillis(now, { zone: ZONE }).startOf("day").toMillis();
  const until = now - 2_000;
  const events: TestEvent[] = [];
  const keep = (event: TestEvent) => event.timeMs <= until && events.push(event);
  const workers = Array.from({ length: 6 }, (_, i) => new WorkerScript(sid("WK", 0xc0 + i), `Agent ${i + 1}`, { activity: available }));
  const tasks = 150;
  for (let i = 0; i < tasks; i++) {
    const crossesMidnight = i % 25 === 0;
    const created = crossesMidnight ? midnight - between(5_000, 60_000) : midnight + Math.floor(((until - midnight) * i) / tasks);
    const task = new TaskScript(sid("WT", 0xc000 + i), created, { priority: between(0, 3) });
    const queue = queues[i % queues.length]!;
    keep(task.created());
    keep(task.entered(created + 500, queue));
    let t = created + 500;
    if (random() < 0.15) {
      t += between(5_000, 30_000);
      keep(task.moved(t));
      keep(task.entered(t, queues[(i + 1) % queues.length]!));
    }
    const fate = crossesMidnight ? 0 : random();
    if (fate < 0.6) {
      const worker = workers[i % workers.length]!;
      const reserved = t + between(1_000, 50_000);
      const r = task.reserve(reserved, worker);
      keep(r.event);
      if (random() < 0.15) {
        keep(task.reject(reserved + 2_000, worker, r.reservationSid));
        continue;
      }
      const accepted = reserved + between(1_000, 8_000);
      keep(task.accept(accepted, worker, r.reservationSid));
      const wrap = accepted + between(20_000, 400_000);
      if (random() < 0.5) keep(task.wrapup(wrap));
      keep(task.completed(wrap + between(0, 60_000)));
    } else if (fate < 0.75) {
      keep(task.canceled(t + between(500, 4_500), "Customer hung up"));
    } else if (fate < 0.9) {
      keep(task.canceled(t + between(6_000, 120_000), "Customer hung up"));
    }
  }
  return events.sort((a, b) => a.timeMs - b.timeMs);
}

type Sums = {
  entered: number;
  moved: number;
  accepted: number;
  within: number;
  abandoned: number;
  short: number;
  completed: number;
  maxWait: number;
};

function sumsByQueue(csv: string): Map<string, Sums> {
  const sums = new Map<string, Sums>();
  for (const row of parseCsvObjects(csv).rows) {
    const s = sums.get(row.queue_sid!) ?? {
      entered: 0,
      moved: 0,
      accepted: 0,
      within: 0,
      abandoned: 0,
      short: 0,
      completed: 0,
      maxWait: 0,
    };
    s.entered += Number(row.entered);
    s.moved += Number(row.moved);
    s.accepted += Number(row.accepted);
    s.within += Number(row.accepted_within_sla);
    s.abandoned += Number(row.abandoned);
    s.short += Number(row.short_abandoned);
    s.completed += Number(row.completed);
    if (row.max_wait_seconds) s.maxWait = Math.max(s.maxWait, Number(row.max_wait_seconds));
    sums.set(row.queue_sid!, s);
  }
  return sums;
}

function liveSums(c: QueueCumulative): Sums {
  const threshold = c.splitByWaitTime[String(c.serviceLevel.thresholdSeconds)];
  return {
    entered: c.tasksEntered,
    moved: c.tasksMoved,
    accepted: threshold === undefined ? -1 : threshold.below.tasksAccepted + threshold.above.tasksAccepted,
    within: threshold?.below.tasksAccepted ?? -1,
    abandoned: c.tasksAbandoned,
    short: c.tasksShortAbandoned,
    completed: c.tasksCompleted,
    maxWait: c.waitDurationUntilAccepted.max,
  };
}

const metrics = async (app: TestApp) => (await (await fetch(`${app.url}/api/metrics`, { headers: API_AUTH })).json()) as MetricsSnapshot;

/**
 * Live snapshot, export, live snapshot again, until nothing changed in between (the simulator's
 * last callbacks may still be in flight); then the export and the snapshot describe one log.
 */
async function stableComparison(app: TestApp) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const before = await metrics(app);
    const response = await fetch(`${app.url}/api/reports/queue-intervals.csv`, { headers: API_AUTH });
    expect(response.status).toBe(200);
    const csv = await response.text();
    const after = await metrics(app);
    const counts = (s: MetricsSnapshot) => JSON.stringify(s.queues.map((q) => [q.sid, q.cumulative]));
    if (counts(before) === counts(after)) return { snapshot: after, sums: sumsByQueue(csv) };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the live counts never stood still long enough to compare");
}

function expectAgreement(snapshot: MetricsSnapshot, sums: Map<string, Sums>) {
  let compared = 0;
  for (const queue of snapshot.queues) {
    const fromReport = sums.get(queue.sid);
    expect(fromReport, `queue ${queue.friendlyName} has rows`).toBeDefined();
    const live = liveSums(queue.cumulative);
    expect({ queue: queue.friendlyName, ...fromReport }).toEqual({ queue: queue.friendlyName, ...live });
    // The service level of the whole day, from the summed rows, is the live figure.
    const divisor = fromReport!.accepted + fromReport!.abandoned - fromReport!.short;
    const percent = divisor > 0 ? Math.round((10_000 * fromReport!.within) / divisor) / 100 : null;
    expect(percent).toBe(queue.cumulative.serviceLevel.percent);
    compared += fromReport!.entered;
  }
  return compared;
}

const testDatabase = await createTestDatabase();

describe.each([
  { store: "PGlite", skip: false, env: (): Record<string, string> => ({}) },
  { store: "PostgreSQL", skip: testDatabase === null, env: (): Record<string, string> => ({ DATABASE_URL: testDatabase!.url }) },
])("queue-intervals for today add up to the live cumulative counts on $store", ({ skip, env }) => {
  let app: TestApp;
  afterAll(async () => {
    await app?.close();
    if (!skip && env().DATABASE_URL) await testDatabase?.drop();
  });

  beforeAll(async () => {
    if (!skip) app = await startTestApp({ DASHBOARD_TIMEZONE: ZONE, ...env() });
  });

  it.skipIf(skip)(
    "after a generated stretch of today's traffic",
    async () => {
      const snapshot = await metrics(app);
      const available = snapshot.workspace.realtime.activityStatistics.find((a) => a.available)!;
      const events = todaysTraffic(
        snapshot.queues.slice(0, 3).map((q) => q.sid),
        { sid: available.sid, name: available.friendlyName },
        Date.now(),
      );
      await postEvents(app, snapshot.workspace.sid, events, 8);
      // And a copy from another workspace, which neither side may count.
      await postEvents(app, "WS0000000000000000000000000000f0e1", foreignWorkspaceEvents(events.slice(0, 60)), 8);
      const { snapshot: live, sums } = await stableComparison(app);
      const entered = expectAgreement(live, sums);
      expect(entered).toBeGreaterThan(50);
    },
    180_000,
  );
});

describe("queue-intervals for today agree with the live view after the simulator ran", () => {
  let app: TestApp;
  afterAll(async () => app?.close());

  it("simulated traffic at speed, then quiet", async () => {
    // The simulated centre's day follows the dashboard's zone: one where the replayed hour is a busy one.
    app = await startTestApp({
      DASHBOARD_TIMEZONE: businessHoursZone(),
      SIMULATOR: "on",
      SIMULATOR_SPEED: "600",
      SIMULATOR_HISTORY_HOURS: "1",
    });
    // The last hour replayed at 600× takes 6 s, then traffic goes on live.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const services = app.services as { embedded?: { simulator(): { stop(): void } | null } | null };
    services.embedded?.simulator()?.stop();
    const { snapshot, sums } = await stableComparison(app);
    const entered = expectAgreement(snapshot, sums);
    expect(entered).toBeGreaterThan(20);
  }, 120_000);
});
