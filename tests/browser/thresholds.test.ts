import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "@/tests/support/app";
import { type BrowserSession, chromiumAvailable, openBrowser, saveScreenshot } from "./support/browser";
import { type Scenario, seedScenario } from "./support/scenario";

/** An admin tightens a queue's thresholds on /admin; a board open elsewhere recolours at once. */
describe.skipIf(!chromiumAvailable)("thresholds edited in the app", () => {
  let app: TestApp;
  let browser: BrowserSession;
  let scenario: Scenario;

  beforeAll(async () => {
    app = await startTestApp();
    scenario = await seedScenario(app);
    browser = await openBrowser({ width: 1920, height: 1080 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("turns a row critical on an open board, pushed live, when /admin saves a threshold", async () => {
    const board = await browser.context.newPage();
    await board.goto(`${app.url}/`);
    await board.waitForSelector('[data-testid="connection"][data-status="live"]');
    const row = `[data-testid="queue-row"][data-queue-sid="${scenario.busyQueueSid}"]`;
    const waiting = `${row} [data-testid="queue-waiting"]`;
    // Three tasks wait in the busy queue; by default the waiting count is not judged.
    expect(await board.getAttribute(waiting, "data-value")).toBe("3");
    expect(await board.getAttribute(waiting, "data-level")).toBe("none");

    const { page } = browser;
    await page.goto(`${app.url}/admin`);
    const admin = `[data-testid="thresholds-row"][data-queue-sid="${scenario.busyQueueSid}"]`;
    await page.fill(`${admin} input[name="waiting.warnAt"]`, "2");
    await page.fill(`${admin} input[name="waiting.criticalAt"]`, "3");
    const saved = page.waitForResponse(
      (response) => response.url().endsWith("/api/admin/thresholds") && response.request().method() === "PUT",
    );
    await page.click(`${admin} [data-testid="thresholds-save"]`);
    expect((await saved).status()).toBe(200);

    await board.waitForFunction((selector) => document.querySelector(selector)?.getAttribute("data-level") === "critical", waiting, {
      timeout: 5_000,
    });
    expect(await board.getAttribute(row, "data-level")).toBe("critical");
    expect(await board.$(`${waiting} .lvl-mark[aria-label="critical"]`)).not.toBeNull();
    await saveScreenshot(board, "thresholds-critical-1920x1080");

    // Kept in the database: a board opened now starts critical, and the change is in the audit log.
    const fresh = await browser.context.newPage();
    await fresh.goto(`${app.url}/`);
    expect(await fresh.getAttribute(waiting, "data-level")).toBe("critical");
    const audit = await app.services.db.prisma.auditEntry.findFirst({ where: { action: "thresholds.update", result: "success" } });
    expect(audit?.targetSid).toBe(scenario.busyQueueSid);
    await board.close();
    await fresh.close();
    expect(browser.errors).toEqual([]);
  }, 60_000);
});
