/**
 * Each export on the hand-checked scenario (tests/reports/support/scenario.ts), read straight
 * from the event log on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "@/lib/db/client";
import { EventStore } from "@/lib/events/store";
import { createTestDatabase } from "@/tests/support/app";
import { sqlRunnerFor, taskEventPages } from "@/lib/reports/event-log";
import { WORKSPACE_SID } from "@/tests/support/events";
import { exportOnDatabase, scenarioDirectory } from "./support/report-text";
import { ReportDirectory } from "@/lib/reports/directory";
import {
  CY,
  cyEvents,
  DAY,
  DAY_MS,
  DEFAULT_SIDS,
  EDGE_TASK,
  edgeEvents,
  foreignWorkspaceEvents,
  LONDON,
  LONDON_TASKS,
  londonEvents,
  scenarioEvents,
  T4_REASON,
  TARGETED,
  targetedEvents,
  TASKS,
  TIE_TASKS,
  tieEvents,
  WORKERS,
  ZONE,
} from "./support/scenario";

const testDatabase = await createTestDatabase();

const stores: { name: string; open(): Promise<{ db: Database; cleanup(): Promise<void> }>; skip: boolean }[] = [
  {
    name: "PGlite",
    skip: false,
    async open() {
      const dataDir = mkdtempSync(path.join(tmpdir(), "reports-store-"));
      const db = await openDatabase({ dataDir });
      return {
        db,
        cleanup: async () => {
          await db.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: "PostgreSQL",
    skip: testDatabase === null,
    async open() {
      const db = await openDatabase({ databaseUrl: testDatabase!.url });
      return {
        db,
        cleanup: async () => {
          await db.close();
          await testDatabase!.drop();
        },
      };
    },
  },
];

for (const store of stores) {
  describe.skipIf(store.skip)(`report exports on ${store.name}`, () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    const day = `from=${DAY.from}&to=${DAY.to}&tz=${ZONE}`;

    beforeAll(async () => {
      ({ db, cleanup } = await store.open());
      const events = new EventStore(db.prisma);
      // Out of order, as callbacks may arrive: the log's order must not matter.
      const scenario = scenarioEvents();
      // The same day in another workspace too: every exact number below also proves it is ignored.
      const all = [
        ...scenario,
        ...foreignWorkspaceEvents(scenario),
        ...londonEvents(),
        ...edgeEvents(),
        ...tieEvents(),
        ...cyEvents(),
        ...targetedEvents(),
      ];
      await Promise.all(all.reverse().map((event) => events.append(event)));
    });
    afterAll(async () => cleanup?.());

    it("tasks: one row per task created that day, with the story of each", async () => {
      const { rows } = await exportOnDatabase(db, "tasks", day);
      expect(rows.map((r) => r.task_sid)).toEqual([TASKS.t1, TASKS.t2, TASKS.t3, TASKS.t4]);
      const [t1, t2, t3, t4] = rows;
      expect(t1).toMatchObject({
        created: "2026-03-08T01:50:00-05:00",
        channel: "",
        task_type: "support",
        target_agent_sid: "",
        target_queue_sid: "",
        queues: "Sales",
        accepted_in_queue: "Sales",
        status: "completed",
        outcome: "completed",
        ended: "2026-03-08T03:06:00-04:00",
        reason: "Task completed",
        wait_until_accepted_seconds: "10",
        wait_in_queue_until_accepted_seconds: "9",
        wait_until_canceled_seconds: "",
        accepted: "2026-03-08T01:50:10-05:00",
        agent_sid: WORKERS.ada,
        agent: "Ada",
        handle_seconds: "950",
        wrap_up_seconds: "60",
        reservations: "1",
        reservations_accepted: "1",
        transfers: "0",
        completed_by_sid: WORKERS.ada,
        completed_by: "Ada",
      });
      expect(t2).toMatchObject({
        queues: "Sales > Support",
        queue_sids: `${DEFAULT_SIDS.sales} > ${DEFAULT_SIDS.support}`,
        accepted_in_queue: "Support",
        priority: "5",
        wait_until_accepted_seconds: "60",
        wait_in_queue_until_accepted_seconds: "30",
        agent: "Ada",
        handle_seconds: "540",
        wrap_up_seconds: "",
        reservations: "2",
        reservations_rejected: "1",
      });
      expect(t3).toMatchObject({ outcome: "abandoned", wait_until_canceled_seconds: "3", reason: "Customer hung up", agent: "" });
      expect(t4).toMatchObject({ outcome: "abandoned", wait_until_canceled_seconds: "40", queues: "Sales", reason: `'${T4_REASON}` });
    });

    it("tasks: channel, task type and where the task was sent (agent or queue), by sid and name", async () => {
      const directory = new ReportDirectory(
        {
          queues: scenarioDirectory().queueList(),
          workers: [{ sid: WORKERS.ada, friendlyName: "Ada Lovelace", queueSids: [] }],
          activities: [],
        },
        { slaSeconds: 20, shortAbandonSeconds: 5 },
      );
      const { header, rows } = await exportOnDatabase(db, "tasks", `from=${TARGETED.from}&to=${TARGETED.to}&tz=UTC`, { directory });
      expect(header.slice(0, 4)).toEqual(["task_sid", "created", "channel", "task_type"]);
      const pick = (r: Record<string, string>) => [
        r.task_sid,
        r.channel,
        r.task_type,
        r.status,
        r.target_agent_sid,
        r.target_agent,
        r.target_queue_sid,
        r.target_queue,
      ];
      expect(rows.map(pick)).toEqual([
        [TARGETED.toAgent, "chat", "sales", "pending", WORKERS.ada, "Ada Lovelace", "", ""],
        [TARGETED.toQueue, "voice", "billing", "pending", "", "", DEFAULT_SIDS.support, "Support"],
      ]);
    });

    it("tasks: a task created just before midnight whose first event is just after is in the earlier day", async () => {
      const ninth = await exportOnDatabase(db, "tasks", `from=2026-03-09&to=2026-03-09&tz=${ZONE}`);
      const tenth = await exportOnDatabase(db, "tasks", `from=2026-03-10&to=2026-03-10&tz=${ZONE}`);
      expect(ninth.rows.map((r) => [r.task_sid, r.created])).toEqual([[EDGE_TASK, "2026-03-09T23:59:59-04:00"]]);
      expect(tenth.rows).toEqual([]);
    });

    it("tasks: the queue filter keeps tasks that were in the queue at any point", async () => {
      const { rows } = await exportOnDatabase(db, "tasks", `${day}&queue=${DEFAULT_SIDS.support}`);
      expect(rows.map((r) => r.task_sid)).toEqual([TASKS.t2, TASKS.t3]);
    });

    it("queue-intervals: 92 quarter hours per queue on the 23-hour day, facts in the interval they count in", async () => {
      const { rows } = await exportOnDatabase(db, "queue-intervals", day);
      expect(rows).toHaveLength(92 * 2);
      const nonEmpty = rows.filter((r) => ["entered", "moved", "accepted", "abandoned", "completed"].some((k) => r[k] !== "0"));
      const pick = (r: Record<string, string>) => ({
        start: r.interval_start,
        queue: r.queue,
        entered: r.entered,
        moved: r.moved,
        accepted: r.accepted,
        within: r.accepted_within_sla,
        abandoned: r.abandoned,
        short: r.short_abandoned,
        completed: r.completed,
        sl: r.service_level_percent,
        avgWait: r.avg_wait_seconds,
        maxWait: r.max_wait_seconds,
        aht: r.aht_seconds,
      });
      expect(nonEmpty.map(pick)).toEqual([
        {
          start: "2026-03-08T00:00:00-05:00",
          queue: "Sales",
          entered: "0",
          moved: "0",
          accepted: "1",
          within: "1",
          abandoned: "0",
          short: "0",
          completed: "1",
          sl: "100",
          avgWait: "15",
          maxWait: "15",
          aht: "595",
        },
        {
          start: "2026-03-08T01:45:00-05:00",
          queue: "Sales",
          entered: "1",
          moved: "0",
          accepted: "1",
          within: "1",
          abandoned: "0",
          short: "0",
          completed: "0",
          sl: "100",
          avgWait: "10",
          maxWait: "10",
          aht: "",
        },
        {
          start: "2026-03-08T03:00:00-04:00",
          queue: "Sales",
          entered: "2",
          moved: "1",
          accepted: "0",
          within: "0",
          abandoned: "1",
          short: "0",
          completed: "1",
          sl: "0",
          avgWait: "",
          maxWait: "",
          aht: "950",
        },
        {
          start: "2026-03-08T03:00:00-04:00",
          queue: "Support",
          entered: "2",
          moved: "0",
          accepted: "1",
          within: "0",
          abandoned: "1",
          short: "1",
          completed: "0",
          sl: "0",
          avgWait: "60",
          maxWait: "60",
          aht: "",
        },
        {
          start: "2026-03-08T03:15:00-04:00",
          queue: "Support",
          entered: "0",
          moved: "0",
          accepted: "0",
          within: "0",
          abandoned: "0",
          short: "0",
          completed: "1",
          sl: "",
          avgWait: "",
          maxWait: "",
          aht: "540",
        },
      ]);
      // The quarter hour before the jump ends at 03:00 EDT, 15 minutes later.
      const beforeJump = rows.find((r) => r.interval_start === "2026-03-08T01:45:00-05:00" && r.queue === "Sales");
      expect(beforeJump?.interval_end).toBe("2026-03-08T03:00:00-04:00");
      expect(rows.at(-1)?.interval_end).toBe("2026-03-09T00:00:00-04:00");
    });

    it("queue-intervals: empty=skip keeps only the intervals in which something happened", async () => {
      const all = (await exportOnDatabase(db, "queue-intervals", day)).rows;
      const { rows } = await exportOnDatabase(db, "queue-intervals", `${day}&empty=skip`);
      const counted = ["entered", "moved", "accepted", "abandoned", "canceled_by_supervisor", "completed"];
      const nonEmpty = all.filter((r) => counted.some((k) => r[k] !== "0"));
      // T5, T1 accepted, T1 completed, T2 entered/moved/accepted, T3, T4, T2 completed: a handful of rows.
      expect(nonEmpty.length).toBeGreaterThan(3);
      expect(nonEmpty.length).toBeLessThan(20);
      expect(rows).toEqual(nonEmpty);
    });

    it("queue-intervals: the interval still in progress is marked, and the export stops at now", async () => {
      const now = Date.parse("2026-03-08T07:12:30Z"); // 03:12:30 EDT, inside 03:00–03:15
      const { rows } = await exportOnDatabase(db, "queue-intervals", day, { now });
      const sales = rows.filter((r) => r.queue === "Sales");
      expect(sales.at(-1)).toMatchObject({ interval_start: "2026-03-08T03:00:00-04:00", in_progress: "true", entered: "1" });
      expect(sales.slice(0, -1).every((r) => r.in_progress === "false")).toBe(true);
      // 00:00–02:00 EST is 8 quarter hours, then 03:00 EDT: the ninth.
      expect(sales).toHaveLength(9);
      const done = (await exportOnDatabase(db, "queue-intervals", day)).rows;
      expect(done.every((r) => r.in_progress === "false")).toBe(true);
    });

    it("queue-intervals: hourly on London's 25-hour day, the repeated 01:00 hour twice", async () => {
      const { rows } = await exportOnDatabase(
        db,
        "queue-intervals",
        `from=${LONDON.from}&to=${LONDON.to}&tz=${LONDON.zone}&interval=60&queue=${DEFAULT_SIDS.sales}`,
      );
      expect(rows).toHaveLength(25);
      const busy = rows
        .filter((r) => r.entered !== "0")
        .map((r) => [r.interval_start, r.accepted, r.accepted_within_sla, r.service_level_percent]);
      expect(busy).toEqual([
        ["2026-10-25T01:00:00+01:00", "1", "1", "100"],
        ["2026-10-25T01:00:00+00:00", "1", "0", "0"],
      ]);
      expect(LONDON_TASKS.bst).not.toBe(LONDON_TASKS.gmt);
    });

    it("worker-activity: intervals clipped to the day, adding up to 23 hours per agent", async () => {
      const { rows } = await exportOnDatabase(db, "worker-activity", day);
      const pick = (r: Record<string, string>) => [r.agent, r.activity, r.available, r.start, r.end, r.seconds, r.ongoing];
      expect(rows.map(pick)).toEqual([
        ["Ada", "Available", "true", "2026-03-08T00:00:00-05:00", "2026-03-08T03:30:00-04:00", "9000", "false"],
        ["Ada", "Break", "false", "2026-03-08T03:30:00-04:00", "2026-03-08T03:45:00-04:00", "900", "false"],
        ["Ada", "Available", "true", "2026-03-08T03:45:00-04:00", "2026-03-08T06:00:00-04:00", "8100", "false"],
        ["Ada", "Offline", "false", "2026-03-08T06:00:00-04:00", "2026-03-09T00:00:00-04:00", "64800", "false"],
        ["'=Bob", "Available", "true", "2026-03-08T00:00:00-05:00", "2026-03-08T01:00:00-05:00", "3600", "false"],
        ["'=Bob", "Offline", "false", "2026-03-08T01:00:00-05:00", "2026-03-09T00:00:00-04:00", "79200", "false"],
      ]);
    });

    it("worker-activity: an interval across midnight is one row over a two-day range", async () => {
      const { rows } = await exportOnDatabase(db, "worker-activity", `from=2026-03-08&to=2026-03-09&tz=${ZONE}`);
      const adaOffline = rows.filter((r) => r.agent === "Ada" && r.activity === "Offline");
      expect(adaOffline.map((r) => [r.start, r.end, r.seconds])).toEqual([
        ["2026-03-08T06:00:00-04:00", "2026-03-10T00:00:00-04:00", String(64800 + 86400)],
      ]);
    });

    it("agents: handled, AHT, reservations, time per activity and occupancy for the day", async () => {
      const { header, rows } = await exportOnDatabase(db, "agents", day);
      expect(header.slice(-4)).toEqual(["seconds_available", "seconds_break", "seconds_offline", "seconds_other_activities"]);
      const ada = rows.find((r) => r.agent_sid === WORKERS.ada);
      const bob = rows.find((r) => r.agent_sid === WORKERS.bob);
      expect(ada).toMatchObject({
        agent: "Ada",
        handled: "2",
        aht_seconds: "745",
        avg_wrap_up_seconds: "60",
        reservations_created: "2",
        reservations_accepted: "2",
        reservations_rejected: "0",
        transfers_initiated: "0",
        busy_seconds: "1490",
        available_or_busy_seconds: "17100",
        occupancy_percent: "8.7",
        seconds_available: "17100",
        seconds_break: "900",
        seconds_offline: "64800",
        seconds_other_activities: "0",
      });
      // T5's reservation was created the day before; its acceptance and completion count today.
      expect(bob).toMatchObject({
        agent: "'=Bob",
        handled: "1",
        aht_seconds: "595",
        reservations_created: "1",
        reservations_accepted: "1",
        reservations_rejected: "1",
        busy_seconds: "595",
        available_or_busy_seconds: "3600",
        occupancy_percent: "16.5",
        seconds_available: "3600",
        seconds_offline: "79200",
      });
    });

    it("agents: every configured agent has a row, zeros when it did nothing in the range", async () => {
      const dee = `WK${"d".repeat(32)}`;
      const base = scenarioDirectory();
      const directory = new ReportDirectory(
        {
          queues: base.queueList(),
          workers: [{ sid: dee, friendlyName: "Dee", queueSids: [DEFAULT_SIDS.sales] }],
          activities: base.activityList(),
        },
        { slaSeconds: 20, shortAbandonSeconds: 5 },
      );
      const { rows } = await exportOnDatabase(db, "agents", day, { directory });
      expect(rows.map((r) => r.agent)).toEqual(["'=Bob", "Ada", "Dee"]);
      expect(rows.find((r) => r.agent === "Dee")).toMatchObject({
        agent_sid: dee,
        handled: "0",
        aht_seconds: "",
        reservations_created: "0",
        busy_seconds: "0",
        occupancy_percent: "",
        seconds_available: "0",
        seconds_offline: "0",
      });
      // An empty range still lists the agents; a queue they do not serve does not.
      const empty = await exportOnDatabase(db, "agents", `from=2025-01-01&to=2025-01-01&tz=${ZONE}`, { directory });
      expect(empty.rows.map((r) => [r.agent, r.handled])).toEqual([["Dee", "0"]]);
      const support = await exportOnDatabase(db, "agents", `from=2025-01-01&to=2025-01-01&tz=${ZONE}&queue=${DEFAULT_SIDS.support}`, {
        directory,
      });
      expect(support.rows).toEqual([]);
    });

    it("with no workspace to keep to, the other workspace's copy of the day counts too", async () => {
      const { rows } = await exportOnDatabase(db, "queue-intervals", day, { workspaceSid: null });
      const entered = rows.reduce((n, r) => n + Number(r.entered), 0);
      expect(entered).toBe(2 * 5);
    });

    it("keyset pages of any size give every task once, in the order of its first event in the range", async () => {
      const read = async (fromMs: number, toMs: number, tasksPerPage: number) => {
        const pages: string[][] = [];
        for await (const page of taskEventPages(sqlRunnerFor(db), { fromMs, toMs, workspaceSid: WORKSPACE_SID, tasksPerPage })) {
          pages.push(page.map((events) => events[0]!.taskSid!));
          // Every event of the task, its creation the day before included.
          for (const events of page) expect(new Set(events.map((e) => e.taskSid)).size).toBe(1);
        }
        return pages;
      };
      const day = [TASKS.t5, TASKS.t1, TASKS.t2, TASKS.t3, TASKS.t4];
      for (const size of [1, 2, 3, 100]) expect((await read(DAY_MS.fromMs, DAY_MS.toMs, size)).flat(), `pages of ${size}`).toEqual(day);
      expect(await read(DAY_MS.fromMs, DAY_MS.toMs, 2)).toEqual([day.slice(0, 2), day.slice(2, 4), day.slice(4)]);
      // Ties on the first event's millisecond are split by event Sid, never dropped or repeated.
      const tieDay = { fromMs: Date.parse("2026-03-12T00:00:00Z"), toMs: Date.parse("2026-03-13T00:00:00Z") };
      for (const size of [1, 2]) expect((await read(tieDay.fromMs, tieDay.toMs, size)).flat().sort()).toEqual([...TIE_TASKS].sort());
    });

    it("agents and worker-activity: busy time across the range's start and across reading spans", async () => {
      const cyDay = "from=2026-03-15&to=2026-03-15&tz=UTC";
      const agents = (await exportOnDatabase(db, "agents", cyDay)).rows.find((r) => r.agent_sid === CY);
      expect(agents).toMatchObject({
        handled: "2",
        busy_seconds: "5400",
        available_or_busy_seconds: "86400",
        occupancy_percent: "6.3",
        seconds_available: "86400",
      });
      const activity = (await exportOnDatabase(db, "worker-activity", cyDay)).rows.filter((r) => r.agent_sid === CY);
      expect(activity.map((r) => [r.activity, r.start, r.end, r.seconds])).toEqual([
        ["Available", "2026-03-15T00:00:00+00:00", "2026-03-16T00:00:00+00:00", "86400"],
      ]);
    });

    it("every export of an empty range is a header row alone", async () => {
      for (const kind of ["tasks", "worker-activity", "agents"] as const) {
        const { text, rows } = await exportOnDatabase(db, kind, `from=2025-01-01&to=2025-01-01&tz=${ZONE}`);
        expect(rows, kind).toHaveLength(0);
        expect(text.split("\r\n")).toHaveLength(2);
      }
    });
  });
}
