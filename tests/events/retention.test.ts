import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { deleteEventsBefore, startRetention } from "@/lib/events/retention";
import { EventStore } from "@/lib/events/store";
import { makeEvent } from "@/tests/support/events";
import { openEmbeddedDatabase, openPostgresDatabase } from "@/tests/support/stores";

const DAY_MS = 86_400_000;
const NOW = Date.parse("2026-06-01T12:00:00Z");

async function sidsIn(store: EventStore): Promise<string[]> {
  const sids: string[] = [];
  for await (const batch of store.readAll()) sids.push(...batch.map((event) => event.sid));
  return sids.sort();
}

function retentionSuite(open: () => Promise<{ db: Database; close(): Promise<void> }>) {
  let opened: { db: Database; close(): Promise<void> };
  let store: EventStore;
  beforeAll(async () => {
    opened = await open();
    store = new EventStore(opened.db.prisma);
  });
  afterAll(async () => {
    await opened?.close();
  });

  it("deletes the events older than the cutoff in batches, and keeps the rest", async () => {
    const old = Array.from({ length: 7 }, (_, i) => makeEvent("task.created", NOW - (401 + i) * DAY_MS, { Sid: `EVold${i}` }));
    const recent = Array.from({ length: 3 }, (_, i) => makeEvent("task.created", NOW - (399 - i) * DAY_MS, { Sid: `EVnew${i}` }));
    await Promise.all([...old, ...recent].map((event) => store.append(event)));
    const deleted = await deleteEventsBefore(opened.db.prisma, NOW - 400 * DAY_MS, { batchSize: 3, pauseMs: 0 });
    expect(deleted).toBe(7);
    expect(await sidsIn(store)).toEqual(recent.map((event) => event.sid).sort());
    // Nothing left to delete: a second sweep is a no-op.
    expect(await deleteEventsBefore(opened.db.prisma, NOW - 400 * DAY_MS, { batchSize: 3, pauseMs: 0 })).toBe(0);
  });

  it("takes callbacks while a sweep runs, and stops between batches when asked", async () => {
    const old = Array.from({ length: 20 }, (_, i) => makeEvent("task.created", NOW - (500 + i) * DAY_MS, { Sid: `EVsweep${i}` }));
    await Promise.all(old.map((event) => store.append(event)));
    let batches = 0;
    const sweep = deleteEventsBefore(opened.db.prisma, NOW - 400 * DAY_MS, {
      batchSize: 2,
      pauseMs: 1,
      stopped: () => ++batches > 3,
    });
    const appended = await store.append(makeEvent("task.created", NOW, { Sid: "EVduringsweep" }));
    expect(appended).toBe("stored");
    expect(await sweep).toBe(6);
    const left = await sidsIn(store);
    expect(left).toContain("EVduringsweep");
    expect(left.filter((sid) => sid.startsWith("EVsweep"))).toHaveLength(14);
  });

  it("runs from startRetention with EVENT_RETENTION_DAYS, and stops cleanly", async () => {
    const lines: string[] = [];
    const retention = startRetention({
      prisma: opened.db.prisma,
      days: 400,
      everyMs: 10,
      pauseMs: 0,
      now: () => NOW,
      log: (line) => lines.push(line),
    });
    for (let i = 0; i < 200 && !lines.length; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await retention.stop();
    expect(lines[0]).toMatch(/deleted 14 events older than 400 days/);
    expect((await sidsIn(store)).filter((sid) => sid.startsWith("EVsweep"))).toEqual([]);
  });
}

describe("event retention on PGlite", () => {
  retentionSuite(openEmbeddedDatabase);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("event retention on PostgreSQL", () => {
  retentionSuite(openPostgresDatabase);
});
