/**
 * Installed into a running centre: the centre runs an hour before the dashboard starts (every
 * callback of that hour is lost). From its first answer the dashboard's realtime figures per queue
 * equal TaskRouter's RealTimeStatistics, and today's counts equal CumulativeStatistics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CallbackProxy,
  type Centre,
  type ConnectedApp,
  caughtUp,
  dashboardMetrics,
  expectQueuesToEqualTaskRouter,
  freeze,
  startCentre,
  startConnectedApp,
  startProxy,
  taskRouterStats,
} from "./support";

describe("a dashboard started in the middle of the day", () => {
  let centre: Centre;
  let proxy: CallbackProxy;
  let app: ConnectedApp;

  beforeAll(async () => {
    proxy = await startProxy();
    centre = await startCentre({ historyHours: 1, speed: 900 });
    centre.emulator.setEventCallbackUrl(`${proxy.url}/api/taskrouter/events`);
    await caughtUp(centre.emulator);
    await freeze(centre);
    app = await startConnectedApp(centre.emulator, proxy);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await centre?.emulator.close();
    await proxy?.close();
  });

  it("lost that hour's callbacks and read it back from the Events API", () => {
    expect(centre.emulator.delivery.stats.sent).toBe(0);
    expect(centre.emulator.delivery.stats.failed).toBeGreaterThan(100);
    const backfill = app.services.sync.health()!.backfill;
    expect(backfill.state).toBe("done");
    expect(backfill.recovered).toBe(backfill.read);
    expect(backfill.recovered).toBeGreaterThan(100);
  });

  it("shows every queue as TaskRouter does", async () => {
    const snapshot = await dashboardMetrics(app);
    const busy = snapshot.queues.reduce((n, q) => n + q.cumulative.tasksEntered, 0);
    expect(busy).toBeGreaterThan(20);
    await expectQueuesToEqualTaskRouter(centre.emulator, snapshot);
  });

  it("counts today's work as TaskRouter does", async () => {
    const snapshot = await dashboardMetrics(app);
    const cumulative = await taskRouterStats(centre.emulator, "/CumulativeStatistics", {
      StartDate: snapshot.window.from,
      EndDate: snapshot.window.to,
    });
    expect(snapshot.workspace.cumulative.tasksCreated).toBe(cumulative.tasks_created);
    expect(snapshot.workspace.cumulative.tasksCompleted).toBe(cumulative.tasks_completed);
    expect(snapshot.workspace.cumulative.reservationsAccepted).toBe(cumulative.reservations_accepted);
  });
});
