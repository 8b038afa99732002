/**
 * Installed into a running centre: the centre runs an hour before the dashboard starts (every
 * callback of that hour is lost). From its first answer the dashboard's realtime figures per queue
 * equal TaskRouter's RealTimeStatistics, and today's counts equal CumulativeStatistics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Centre,
  type ConnectedApp,
  type ConnectedScenario,
  dashboardMetrics,
  expectQueuesToEqualTaskRouter,
  startAfterTheCentre,
  taskRouterStats,
} from "./support";

describe("a dashboard started in the middle of the day", () => {
  let scenario: ConnectedScenario;
  let centre: Centre;
  let app: ConnectedApp;

  beforeAll(async () => {
    scenario = await startAfterTheCentre({ historyHours: 1, speed: 900 });
    ({ centre, app } = scenario);
  }, 120_000);

  afterAll(async () => {
    await scenario?.close();
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
