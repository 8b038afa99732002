import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatClockTime } from "@/lib/ui/format";
import { startTestApp, type TestApp } from "@/tests/support/app";
import { type BrowserSession, chromiumAvailable, fitsViewport, openBrowser, saveScreenshot } from "./support/browser";
import { getMetrics } from "@/tests/support/http";

const VIEWPORTS = [
  [1920, 1080],
  [1366, 768],
] as const;

/** A zone whose offset is not whole hours, so a time shown in the wrong zone cannot pass. */
const TIMEZONE = "Asia/Kolkata";

/** The most queues the wallboard promises to show without scrolling. */
const WALLBOARD_QUEUES = 12;

/**
 * The pages as a supervisor sees them on a busy day: the simulator replays an hour of traffic,
 * the workspace gets up to 12 queues, and each page is captured at 1920×1080 and 1366×768 into
 * test-results/screenshots/ (kept by CI) for people to look at.
 */
describe.skipIf(!chromiumAvailable)("screenshots of a simulated contact centre", () => {
  let app: TestApp;
  let browser: BrowserSession;

  beforeAll(async () => {
    app = await startTestApp({ SIMULATOR: "on", SIMULATOR_HISTORY_HOURS: "1", SIMULATOR_SPEED: "240", DASHBOARD_TIMEZONE: TIMEZONE });
    const embedded = app.services.embedded;
    if (!embedded) throw new Error("the test instance runs the embedded emulator");
    // Wait for the replayed hour to catch up with the wall clock and reach the dashboard.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const summary = embedded.simulator()?.summary();
      const caughtUp = summary && Date.now() - Date.parse(summary.clockTime) < 5_000;
      if (caughtUp && embedded.emulator.delivery.stats.pending === 0) break;
      if (Date.now() > deadline) throw new Error(`the simulator did not catch up: ${JSON.stringify(summary)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await embedded.emulator.delivery.whenIdle();

    // More queues, created through TaskRouter's REST API like an admin would, up to 12.
    const before = await getMetrics(app);
    const workspace = app.services.twilio.client.taskrouter.v1.workspaces(app.services.twilio.workspaceSid);
    const extra = ["Retentions", "Collections", "Claims", "Partners", "Escalations", "Outbound", "Premium"];
    for (const name of extra.slice(0, Math.max(0, WALLBOARD_QUEUES - before.queues.length))) {
      await workspace.taskQueues.create({ friendlyName: name, targetWorkers: "1==1" });
    }
    await embedded.emulator.delivery.whenIdle();
    const until = Date.now() + 10_000;
    while ((await getMetrics(app)).queues.length < WALLBOARD_QUEUES && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 200));

    browser = await openBrowser();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it(`fits ${WALLBOARD_QUEUES} queues on the wallboard without scrolling, at both sizes`, async () => {
    const { page } = browser;
    expect((await getMetrics(app)).queues).toHaveLength(WALLBOARD_QUEUES);
    await page.goto(`${app.url}/`);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    expect(await page.$$eval('[data-testid="queue-row"]', (rows) => rows.length)).toBe(WALLBOARD_QUEUES);
    for (const [width, height] of VIEWPORTS) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(1_500);
      expect(await fitsViewport(page), `${width}×${height}`).toMatchObject({ fits: true });
      // Every row fully inside the viewport, and the smallest queue figure still large.
      const rows = await page.$$eval('[data-testid="queue-row"]', (elements) =>
        elements.map((row) => {
          const box = row.getBoundingClientRect();
          const figure = row.querySelector(".big");
          return { bottom: box.bottom, fontSize: figure ? Number.parseFloat(getComputedStyle(figure).fontSize) : 0 };
        }),
      );
      for (const row of rows) expect(row.bottom).toBeLessThanOrEqual(height);
      expect(Math.min(...rows.map((row) => row.fontSize))).toBeGreaterThanOrEqual(width >= 1920 ? 26 : 18);
      await saveScreenshot(page, `wallboard-${width}x${height}`);
    }
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it("shows times in DASHBOARD_TIMEZONE, which the snapshot carries", async () => {
    const { page } = browser;
    expect((await getMetrics(app)).timezone).toBe(TIMEZONE);
    await page.goto(`${app.url}/`);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    const clock = await page.textContent('[data-testid="clock"] .clock-time');
    const now = Date.now();
    expect([formatClockTime(now, TIMEZONE), formatClockTime(now - 60_000, TIMEZONE)]).toContain(clock);
    expect(await page.textContent('[data-testid="clock"] .clock-zone')).toMatch(/GMT\+5:30|IST/);
  });

  it("captures the queue and agents pages", async () => {
    const { page } = browser;
    const snapshot = await getMetrics(app);
    const busiest = [...snapshot.queues].sort((a, b) => b.realtime.totalTasks - a.realtime.totalTasks)[0];
    if (!busiest) throw new Error("no queues");
    for (const [width, height] of VIEWPORTS) {
      await page.setViewportSize({ width, height });
      await page.goto(`${app.url}/queues/${busiest.sid}`);
      await page.waitForSelector('[data-testid="queue-detail"]');
      await page.waitForTimeout(1_500);
      await saveScreenshot(page, `queue-${width}x${height}`);
      await page.goto(`${app.url}/agents`);
      await page.waitForSelector('[data-testid="agents-table"]');
      await page.waitForTimeout(800);
      await saveScreenshot(page, `agents-${width}x${height}`);
    }
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${app.url}/?tv=0`);
    await page.waitForSelector('[data-testid="wallboard"]');
    await page.waitForTimeout(1_500);
    await saveScreenshot(page, "wallboard-desk-1920x1080");
    expect(browser.errors).toEqual([]);
  }, 60_000);
});
