/**
 * The rebuild at start reads only what the live state keeps (EventStore.readForLiveState): the
 * state it builds equals folding the whole log and then forgetting, for every window served,
 * while reading far fewer events from a log that holds days.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { parseCallback } from "@/lib/events/parse";
import { EventStore } from "@/lib/events/store";
import type { StoredEvent } from "@/lib/events/types";
import { LiveMetrics } from "@/lib/live/live-metrics";
import type { MetricsWindow } from "@/lib/metrics/types";
import { makeEvent } from "@/tests/support/events";
import { openEmbeddedDatabase, openPostgresDatabase } from "@/tests/support/stores";
import { taskLifecycle } from "@/tests/support/lifecycle";
import { ALICE, AVAILABLE, BOB, BREAK, CAROL, config, DAVE, SALES, SETTINGS, SUPPORT } from "@/tests/unit/metrics-fixture";

const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / 1000) * 1000;
const DAYS = 3;
const OLD_OPEN_TASK = `WT${"f".repeat(32)}`;

/** Three days of tasks every 30 minutes, plus what only old events tell. */
function history(): StoredEvent[] {
  const out: StoredEvent[] = [];
  const start = NOW - DAYS * 24 * HOUR;
  const agents = [ALICE, BOB].map((sid, i) => ({
    sid,
    name: i === 0 ? "Alice" : "Bob",
    availableActivity: { sid: AVAILABLE.sid, name: AVAILABLE.name },
    busyActivity: { sid: BREAK.sid, name: BREAK.name },
  }));
  for (let i = 0; i < DAYS * 48; i++) {
    for (const params of taskLifecycle({
      startMs: start + i * 30 * 60_000,
      taskSid: `WT${String(i).padStart(32, "0")}`,
      queueSid: i % 2 === 0 ? SALES : SUPPORT,
      worker: agents[i % 2]!,
      sidPrefix: `${i.toString(36)}z`,
    })) {
      const parsed = parseCallback(params, { nowMs: NOW });
      if (!parsed.ok) throw new Error(parsed.error.message);
      out.push(parsed.value.stored);
    }
  }
  const old = start + HOUR;
  // A task waiting since days ago, never ended; a worker whose only change is old; an old
  // capacity; an activity renamed long ago.
  out.push(makeEvent("task.created", old, { Sid: "EVoldopen1", TaskSid: OLD_OPEN_TASK, TaskAssignmentStatus: "pending", TaskVersion: 0 }));
  out.push(
    makeEvent("task-queue.entered", old + 1, {
      Sid: "EVoldopen2",
      TaskSid: OLD_OPEN_TASK,
      TaskQueueSid: SALES,
      TaskAssignmentStatus: "pending",
      TaskVersion: 0,
    }),
  );
  out.push(
    makeEvent("worker.activity.update", old, {
      Sid: "EVcarolbrk",
      WorkerSid: CAROL,
      WorkerActivitySid: BREAK.sid,
      WorkerActivityName: BREAK.name,
    }),
  );
  out.push(
    makeEvent("worker.capacity.update", old, {
      Sid: "EVdavecap1",
      WorkerSid: DAVE,
      TaskChannelUniqueName: "chat",
      WorkerChannelTaskCount: 0,
      WorkerChannelAvailableCapacity: 3,
    }),
  );
  out.push(
    makeEvent("activity.updated", old, { Sid: "EVactname1", ResourceSid: BREAK.sid, ActivitySid: BREAK.sid, ActivityName: "Coffee" }),
  );
  return out;
}

const WINDOWS: MetricsWindow[] = [{ kind: "today" }, { kind: "minutes", minutes: 1440 }, { kind: "minutes", minutes: 30 }];

function liveReadSuite(open: () => Promise<{ db: Database; close(): Promise<void> }>) {
  let opened: { db: Database; close(): Promise<void> };
  let store: EventStore;

  beforeAll(async () => {
    opened = await open();
    store = new EventStore(opened.db.prisma);
    await Promise.all(history().map((event) => store.append(event)));
  }, 60_000);
  afterAll(async () => {
    await opened?.close();
  });

  it("builds the state that folding the whole log and forgetting builds, from far fewer events", async () => {
    const whole = new LiveMetrics(config(), SETTINGS);
    let readWhole = 0;
    for await (const batch of store.readAll()) {
      for (const event of batch) whole.apply(event);
      readWhole += batch.length;
    }
    whole.forget(NOW);

    const rebuilt = new LiveMetrics(config(), SETTINGS);
    const readLive = await rebuilt.rebuild(store, NOW);
    expect(readLive).toBeLessThan(readWhole * 0.6);

    for (const window of WINDOWS) {
      expect(rebuilt.snapshot({ now: NOW, window })).toEqual(whole.snapshot({ now: NOW, window }));
    }
    const sales = rebuilt.snapshot({ now: NOW, window: { kind: "today" } }).queues.find((q) => q.sid === SALES)!;
    expect(sales.realtime.tasksByStatus.pending).toBe(1);
    expect(rebuilt.worker(CAROL, NOW)?.activitySid).toBe(BREAK.sid);
    expect(rebuilt.worker(DAVE, NOW)?.channels.map((c) => c.capacity)).toEqual([3]);
  });
}

describe("the live state's read of the log on PGlite", () => {
  liveReadSuite(openEmbeddedDatabase);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("the live state's read of the log on PostgreSQL", () => {
  liveReadSuite(openPostgresDatabase);
});
