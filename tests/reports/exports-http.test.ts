/**
 * The exports over HTTP on a real instance: the hand-checked scenario posted as signed
 * callbacks, each CSV downloaded and parsed back; parameter errors; access. PGlite, and
 * PostgreSQL when TEST_DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import { createTestDatabase, startTestApp, type TestApp } from "@/tests/support/app";
import { parseCsvObjects } from "./support/csv-parse";
import { API_AUTH, postEvents } from "@/tests/support/http";
import { download, sidsFromSnapshot } from "./support/http";
import { DAY, type ScenarioSids, scenarioEvents, T4_REASON, TASKS, WORKERS, ZONE } from "./support/scenario";
const testDatabase = await createTestDatabase();

for (const store of [
  { name: "PGlite", skip: false, env: () => ({}) },
  { name: "PostgreSQL", skip: testDatabase === null, env: () => ({ DATABASE_URL: testDatabase!.url }) },
]) {
  describe.skipIf(store.skip)(`GET /api/reports/<kind>.csv on ${store.name}`, () => {
    let app: TestApp;
    let sids: ScenarioSids;
    let queueNames: Record<string, string>;
    const day = `from=${DAY.from}&to=${DAY.to}`;

    beforeAll(async () => {
      app = await startTestApp({ DASHBOARD_TIMEZONE: ZONE, ...store.env() });
      const snapshot = (await (await fetch(`${app.url}/api/metrics`, { headers: API_AUTH })).json()) as MetricsSnapshot;
      sids = sidsFromSnapshot(snapshot);
      queueNames = Object.fromEntries(snapshot.queues.map((q) => [q.sid, q.friendlyName]));
      await postEvents(app, snapshot.workspace.sid, scenarioEvents(sids));
    });
    afterAll(async () => {
      await app?.close();
      if (store.name === "PostgreSQL") await testDatabase?.drop();
    });

    it("tasks.csv: streamed CSV with a filename, a header, the day's tasks in the dashboard's zone", async () => {
      const { response, text } = await download(app, `/api/reports/tasks.csv?${day}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="tasks_2026-03-08.csv"');
      const { rows } = parseCsvObjects(text);
      expect(rows.map((r) => r.task_sid)).toEqual([TASKS.t1, TASKS.t2, TASKS.t3, TASKS.t4]);
      expect(rows[0]).toMatchObject({
        created: "2026-03-08T01:50:00-05:00",
        ended: "2026-03-08T03:06:00-04:00",
        handle_seconds: "950",
        wrap_up_seconds: "60",
        agent: "Ada",
      });
      expect(rows[1]).toMatchObject({
        queues: `${queueNames[sids.sales]} > ${queueNames[sids.support]}`,
        wait_until_accepted_seconds: "60",
        reservations_rejected: "1",
      });
      expect(rows.slice(2).map((r) => [r.outcome, r.wait_until_canceled_seconds, r.reason])).toEqual([
        ["abandoned", "3", "Customer hung up"],
        // Neutralised, and quoted so that its comma, quotes and line break stay in the cell.
        ["abandoned", "40", `'${T4_REASON}`],
      ]);
    });

    it("queue-intervals.csv: the DST day's 92 quarter hours per configured queue, the scenario's counts", async () => {
      const { response, text } = await download(
        app,
        `/api/reports/queue-intervals.csv?${day}&interval=15&queue=${sids.sales}&queue=${sids.support}`,
      );
      expect(response.headers.get("content-disposition")).toContain("queue-intervals_2026-03-08_15min.csv");
      const { rows } = parseCsvObjects(text);
      expect(rows).toHaveLength(92 * 2);
      const sum = (queue: string, column: string) => rows.filter((r) => r.queue_sid === queue).reduce((n, r) => n + Number(r[column]), 0);
      expect([
        sum(sids.sales, "entered"),
        sum(sids.sales, "moved"),
        sum(sids.sales, "accepted"),
        sum(sids.sales, "abandoned"),
        sum(sids.sales, "completed"),
      ]).toEqual([3, 1, 2, 1, 2]);
      expect([
        sum(sids.support, "entered"),
        sum(sids.support, "accepted"),
        sum(sids.support, "abandoned"),
        sum(sids.support, "short_abandoned"),
      ]).toEqual([2, 1, 1, 1]);
      const supportAt3 = rows.find((r) => r.queue_sid === sids.support && r.interval_start === "2026-03-08T03:00:00-04:00");
      expect(supportAt3).toMatchObject({
        entered: "2",
        accepted: "1",
        abandoned: "1",
        short_abandoned: "1",
        service_level_percent: "0",
        max_wait_seconds: "60",
      });
    });

    it("worker-activity.csv and agents.csv: the agents' day, the formula-like name neutralised", async () => {
      const activity = parseCsvObjects((await download(app, `/api/reports/worker-activity.csv?${day}`)).text).rows;
      const mine = activity.filter((r) => r.agent_sid === WORKERS.ada || r.agent_sid === WORKERS.bob);
      expect(mine.map((r) => [r.agent, r.activity, r.seconds])).toEqual([
        ["Ada", sids.available.name, "9000"],
        ["Ada", sids.break.name, "900"],
        ["Ada", sids.available.name, "8100"],
        ["Ada", sids.offline.name, "64800"],
        ["'=Bob", sids.available.name, "3600"],
        ["'=Bob", sids.offline.name, "79200"],
      ]);
      const agents = parseCsvObjects((await download(app, `/api/reports/agents.csv?${day}`)).text).rows;
      expect(agents.find((r) => r.agent_sid === WORKERS.ada)).toMatchObject({
        handled: "2",
        aht_seconds: "745",
        busy_seconds: "1490",
        occupancy_percent: "8.7",
      });
      expect(agents.find((r) => r.agent_sid === WORKERS.bob)).toMatchObject({
        agent: "'=Bob",
        handled: "1",
        reservations_rejected: "1",
        occupancy_percent: "16.5",
      });
    });

    it.each([
      ["from=2026-03-32", "from"],
      ["from=2026-03-09&to=2026-03-08", "to"],
      ["from=2026-01-01&to=2026-03-01", "to"],
      ["tz=Atlantis/Lost_City", "tz"],
      ["queue=not-a-queue", "queue"],
      ["interval=45", "interval"],
    ])("400 for %s, naming %s", async (query, field) => {
      const { response, text } = await download(app, `/api/reports/queue-intervals.csv?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
      const body = JSON.parse(text) as { error: { message: string; field: string } };
      expect(body.error.field).toBe(field);
      expect(body.error.message).toContain(field);
    });

    it("404 for an unknown report, 401 without credentials", async () => {
      const unknown = await download(app, `/api/reports/payroll.csv?${day}`);
      expect(unknown.response.status).toBe(404);
      expect(JSON.parse(unknown.text).error.message).toContain("tasks.csv");
      const anonymous = await download(app, `/api/reports/tasks.csv?${day}`, {});
      expect(anonymous.response.status).toBe(401);
    });

    it("the preview gives service level and volume per interval for the chart", async () => {
      const { response, text } = await download(app, `/api/reports/preview?${day}&queue=${sids.support}`);
      expect(response.status).toBe(200);
      const preview = JSON.parse(text) as {
        intervals: { label: string; entered: number; serviceLevelPercent: number | null }[];
        totals: { entered: number; abandoned: number };
      };
      expect(preview.intervals).toHaveLength(92);
      expect(preview.totals).toMatchObject({ entered: 2, abandoned: 1 });
      expect(preview.intervals.find((i) => i.entered > 0)).toMatchObject({
        label: "2026-03-08T03:00:00-04:00",
        entered: 2,
        serviceLevelPercent: 0,
      });
    });
  });
}
