/**
 * Lost callbacks and drift: a proxy in front of the dashboard drops 15% of the callbacks while
 * answering TaskRouter 204. One reconciliation interval later every queue equals TaskRouter again.
 * A difference made on purpose shows on /api/health as drift and clears after reconciliation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftReport } from "@/lib/sync/drift";
import { chromiumAvailable, openBrowser } from "@/tests/browser/support/browser";
import { TEST_API_TOKEN } from "@/tests/support/app";
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
} from "./support";

async function health(app: ConnectedApp) {
  const response = await fetch(`${app.url}/api/health`, { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
  return (await response.json()) as { connected: { drift: DriftReport; reconciliation: { last: { recovered: number } | null } } };
}

describe("callbacks lost on the way", () => {
  let centre: Centre;
  let proxy: CallbackProxy;
  let app: ConnectedApp;

  beforeAll(async () => {
    proxy = await startProxy();
    // A busy centre: the last 40 minutes replay at speed with the dashboard already listening.
    centre = await startCentre({ historyHours: 0, speed: 1, trafficScale: 1 });
    centre.simulator.stop();
    app = await startConnectedApp(centre.emulator, proxy, { DRIFT_GRACE_SECONDS: "0", DASHBOARD_TIMEZONE: centre.timezone });
    proxy.dropShare = 0.15;
    centre.emulator.setEventCallbackUrl(`${proxy.url}/api/taskrouter/events`);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await centre?.emulator.close();
    await proxy?.close();
  });

  it("are recovered by one reconciliation: every queue equals TaskRouter again", async () => {
    const { startSimulator } = await import("@/lib/simulator");
    // Live traffic, many times a normal day's, for a few seconds of wall time.
    const simulator = startSimulator({ emulator: centre.emulator, seed: 9, trafficScale: 400, timezone: centre.timezone, log: null });
    await new Promise((resolve) => setTimeout(resolve, 6000));
    await freeze({ emulator: centre.emulator, simulator });
    await caughtUp(centre.emulator);
    expect(proxy.dropped).toBeGreaterThan(10);
    // About 15 % dropped at random: most still arrive (a bound loose enough for the draw).
    expect(proxy.forwarded).toBeGreaterThan(3 * proxy.dropped);

    // The Events API window ends on a whole second: let the last second of traffic end.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await app.services.sync.tick();
    const last = app.services.sync.health()!.reconciliation.last!;
    expect(last.recovered).toBe(proxy.dropped);
    await expectQueuesToEqualTaskRouter(centre.emulator, await dashboardMetrics(app, "?minutes=60"));
    expect(app.services.sync.health()!.drift).toMatchObject({ inSync: true, differences: [] });
  }, 90_000);

  it("a difference made on purpose shows as drift on /api/health and clears after reconciliation", async () => {
    proxy.dropShare = 1;
    const task = await centre.emulator.engine.tasks.create({
      workflowSid: centre.emulator.contactCentre!.workflowSid,
      attributes: JSON.stringify({ type: "sales", language: "en" }),
    });
    await centre.emulator.delivery.whenIdle();
    await app.services.sync.drift.check();
    const drifted = (await health(app)).connected.drift;
    expect(drifted.inSync).toBe(false);
    expect(drifted.warning).toBe(true);
    const queueSid = centre.emulator.engine.state.tasks.get(task.sid)!.queueSid;
    // The new task is waiting or reserved in its queue on TaskRouter, not on the dashboard.
    const fields = drifted.differences.filter((d) => d.queueSid === queueSid).map((d) => d.field);
    expect(fields.some((field) => ["tasksByStatus.pending", "tasksByStatus.reserved"].includes(field))).toBe(true);
    expect(drifted.differences.every((d) => Date.parse(d.since) <= Date.parse(drifted.checkedAt!))).toBe(true);

    // The wallboard's quiet mark turns into a warning (grace 0 s here).
    const browser = chromiumAvailable ? await openBrowser() : null;
    try {
      if (browser) {
        await browser.page.goto(app.url);
        await browser.page.locator('[data-testid="sync-mark"][data-state="drift"]').waitFor({ timeout: 30_000 });
        expect(await browser.page.getByTestId("sync-mark").textContent()).toMatch(/differ from TaskRouter/);
      }

      // The Events API window ends on a whole second: let the second of the new task's events end.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await app.services.sync.tick();
      const healed = (await health(app)).connected;
      expect(healed.reconciliation.last!.recovered).toBeGreaterThanOrEqual(4);
      expect(healed.drift).toMatchObject({ inSync: true, warning: false, differences: [] });

      if (browser) {
        await browser.page.reload();
        await browser.page.locator('[data-testid="sync-mark"][data-state="in-sync"]').waitFor({ timeout: 30_000 });
        expect(await browser.page.getByTestId("sync-mark").textContent()).toBe("in sync with TaskRouter");
      }
    } finally {
      await browser?.close();
    }
  }, 120_000);
});
