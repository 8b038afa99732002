/**
 * Two instances on one PostgreSQL log and Redis: an event one instance stored whose bus message
 * was lost is folded by the other through the log tail; reconciliation runs on one instance at a
 * time (an advisory lock held elsewhere makes both skip).
 */
import pg from "pg";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "@/lib/emulator";
import { parseCallback } from "@/lib/events/parse";
import { createTestDatabase } from "@/tests/support/app";
import { ACCOUNT_SID, AUTH_TOKEN, type CallbackProxy, type ConnectedApp, dashboardMetrics, startConnectedApp, startProxy } from "./support";
import { enteredNow } from "@/tests/support/events";

const postgres = process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL ? await createTestDatabase() : null;

describe.skipIf(!postgres)("two instances on PostgreSQL + Redis (TEST_DATABASE_URL, TEST_REDIS_URL)", () => {
  let emulator: Emulator;
  let proxy: CallbackProxy;
  let a: ConnectedApp;
  let b: ConnectedApp;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, seed: 3 });
    proxy = await startProxy();
    const shared = { DATABASE_URL: postgres!.url, REDIS_URL: process.env.TEST_REDIS_URL! };
    a = await startConnectedApp(emulator, proxy, shared);
    b = await startConnectedApp(emulator, proxy, shared);
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await emulator?.close();
    await proxy?.close();
    await postgres?.drop();
  });

  it("folds an event whose bus message was dropped, through the log tail", async () => {
    const queue = (await dashboardMetrics(b)).queues[0]!;
    const parsed = parseCallback(enteredNow({ id: "d0".repeat(16), queueSid: queue.sid, workspaceSid: emulator.workspaceSid }));
    if (!parsed.ok) throw new Error(parsed.error.message);
    // Instance A stores and folds it; the message that would tell B is never published.
    expect(await a.services.store.append(parsed.value.stored)).toBe("stored");
    a.services.live.apply(parsed.value.event);

    await b.services.sync.tail!.poll();
    const seen = (await dashboardMetrics(b)).queues.find((q) => q.sid === queue.sid)!;
    expect(seen.cumulative.tasksEntered).toBe(queue.cumulative.tasksEntered + 1);
    expect(seen.realtime.tasksByStatus.pending).toBe(queue.realtime.tasksByStatus.pending + 1);
    expect(b.services.sync.tailHealth()!.folded).toBeGreaterThanOrEqual(1);
    expect((await dashboardMetrics(b)).queues.map((q) => q.cumulative)).toEqual(
      (await dashboardMetrics(a)).queues.map((q) => q.cumulative),
    );
  });

  it("reconciles on one instance at a time", async () => {
    // The back-fill at start reads up to its last whole second: what TaskRouter logged in the
    // second the instances started is read by the next reconciliation. Let that happen first.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await a.services.sync.reconciler.run("manual");
    const holder = new pg.Client({ connectionString: postgres!.url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(hashtext($1))", [`wallboard-reconcile:${emulator.workspaceSid}`]);
      expect(await a.services.sync.reconciler.run("manual")).toBeNull();
      expect(await b.services.sync.reconciler.run("manual")).toBeNull();
      await holder.query("SELECT pg_advisory_unlock(hashtext($1))", [`wallboard-reconcile:${emulator.workspaceSid}`]);
      // An event TaskRouter has that no callback brought: whichever instance reconciles stores it once.
      const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
      client.taskrouter.baseUrl = emulator.baseUrl;
      await client.taskrouter.v1.workspaces(emulator.workspaceSid).update({ friendlyName: "Renamed centre" });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const [fromA, fromB] = await Promise.all([a.services.sync.reconciler.run("manual"), b.services.sync.reconciler.run("manual")]);
      const recovered = [fromA, fromB].reduce((n, report) => n + (report?.recovered ?? 0), 0);
      expect(recovered).toBe(1);
    } finally {
      await holder.end();
    }
  });
});
