/**
 * Installed into a centre whose work began before the oldest event TaskRouter still keeps: the
 * Events API holds only the last few minutes (as it holds only 30 days, and the back-fill starts
 * at midnight), so tasks that have been open longer and workers' activities set earlier are known
 * only from the REST lists. From the first answer the realtime figures equal TaskRouter's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OBSERVED_DESCRIPTION, observationSid } from "@/lib/sync/bootstrap";
import { createTwilioClient } from "@/lib/twilio/client";
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  type Centre,
  type ConnectedApp,
  type ConnectedScenario,
  dashboardMetrics,
  expectQueueRealtimeToEqualTaskRouter,
  startAfterTheCentre,
} from "./support";

/** The emulator's Events API keeps only this many events: a few minutes of the centre's traffic. */
const EVENTS_KEPT = 120;

describe("a dashboard started after the events of the open work are gone", () => {
  let scenario: ConnectedScenario;
  let centre: Centre;
  let app: ConnectedApp;

  beforeAll(async () => {
    scenario = await startAfterTheCentre({ historyHours: 1, speed: 900, maxEvents: EVENTS_KEPT });
    ({ centre, app } = scenario);
  }, 120_000);

  afterAll(async () => {
    await scenario?.close();
  });

  it("read the open tasks and workers through the REST API and stored what the log lacked", () => {
    const bootstrap = app.services.sync.health()!.bootstrap!;
    expect(bootstrap).toMatchObject({ state: "done", error: null });
    expect(bootstrap.openTasks).toBeGreaterThan(0);
    expect(bootstrap.workers).toBeGreaterThan(0);
    expect(bootstrap.stored).toBeGreaterThan(0);
  });

  it("shows every queue's realtime figures as TaskRouter does", async () => {
    const snapshot = await dashboardMetrics(app);
    const open = snapshot.queues.reduce((n, q) => n + q.realtime.totalTasks, 0);
    expect(open).toBeGreaterThan(0);
    await expectQueueRealtimeToEqualTaskRouter(centre.emulator, snapshot);
  });

  it("shows each worker's activity since TaskRouter's date_status_changed, and its channel capacity", async () => {
    const snapshot = await dashboardMetrics(app);
    const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: centre.emulator.baseUrl });
    const ws = client.taskrouter.v1.workspaces(centre.emulator.workspaceSid);
    const workers = await ws.workers.list({ pageSize: 1000 });
    expect(workers.length).toBeGreaterThan(0);
    for (const worker of workers) {
      const ours = snapshot.workers.find((w) => w.sid === worker.sid);
      expect({ worker: worker.friendlyName, activity: ours?.activitySid, since: ours?.activitySince?.slice(0, 19) }).toEqual({
        worker: worker.friendlyName,
        activity: worker.activitySid,
        since: worker.dateStatusChanged.toISOString().slice(0, 19),
      });
      const channels = await ws.workers(worker.sid).workerChannels.list();
      for (const channel of channels.filter((c) => c.configuredCapacity > 0)) {
        const mine = ours?.channels.find((c) => c.taskChannelUniqueName === channel.taskChannelUniqueName);
        expect({ worker: worker.friendlyName, channel: channel.taskChannelUniqueName, capacity: mine?.capacity }).toEqual({
          worker: worker.friendlyName,
          channel: channel.taskChannelUniqueName,
          capacity: channel.configuredCapacity,
        });
      }
    }
  });

  it("keeps each observation once, marked as such, however often the dashboard starts", async () => {
    const driver = app.services.db.driver;
    if (driver.kind !== "pglite") throw new Error("expected the embedded store");
    const count = async () =>
      Number(
        (
          await driver.pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE params->>'EventDescription' = $1`, [
            OBSERVED_DESCRIPTION,
          ])
        ).rows[0]!.n,
      );
    const before = await count();
    expect(before).toBe(app.services.sync.health()!.bootstrap!.stored);
    await app.services.sync.bootstrap();
    expect(app.services.sync.health()!.bootstrap!.stored).toBe(0);
    expect(await count()).toBe(before);
    expect(observationSid("task.created", "WT1", 1)).toBe(observationSid("task.created", "WT1", 1));
    expect(observationSid("task.created", "WT1", 1)).toMatch(/^EV[0-9a-f]{32}$/);
  });
});
