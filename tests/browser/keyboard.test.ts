import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "@/tests/support/app";
import { type BrowserSession, chromiumAvailable, openBrowser, saveScreenshot } from "./support/browser";
import { getMetrics } from "@/tests/support/http";

/** What has the keyboard focus: its test id or text, and whether a focus ring is drawn. */
const focused = (browser: BrowserSession) =>
  browser.page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    return {
      testId: element.getAttribute("data-testid"),
      role: element.getAttribute("role"),
      text: element.textContent?.trim() ?? "",
      ring: style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2,
      taskSid: element.closest("tr")?.getAttribute("data-task-sid") ?? null,
    };
  });

/** A supervisor without a mouse: reach a task's menu, open a dialog, submit it. */
describe.skipIf(!chromiumAvailable)("keyboard only", () => {
  let app: TestApp;
  let browser: BrowserSession;
  let salesSid = "";

  beforeAll(async () => {
    app = await startTestApp();
    // Tasks TaskRouter (the emulator) knows, so a change made from the page reaches it.
    const ws = app.services.twilio.client.taskrouter.v1.workspaces(app.services.twilio.workspaceSid);
    salesSid = (await ws.taskQueues.list()).find((queue) => queue.friendlyName === "Sales")?.sid ?? "";
    for (const name of ["Ana Souza", "Ben Carter"]) await ws.tasks.create({ attributes: JSON.stringify({ type: "sales", name }) });
    await app.services.embedded?.emulator.delivery.whenIdle();
    browser = await openBrowser({ width: 1366, height: 768 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("tabs to a task's ⋯ menu, moves with the arrow keys, opens the priority dialog and submits it", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/queues/${salesSid}`);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    await page.waitForSelector('[data-testid="task-actions"]');

    // Tab through the page until a task's menu button has the focus; every stop shows a ring.
    let stop = await focused(browser);
    for (let presses = 0; presses < 60 && stop?.testId !== "task-actions"; presses++) {
      await page.keyboard.press("Tab");
      stop = await focused(browser);
      expect(stop?.ring, `focus ring on ${JSON.stringify(stop)}`).toBe(true);
    }
    expect(stop?.testId).toBe("task-actions");
    const taskSid = stop?.taskSid;
    expect(taskSid).toBeTruthy();

    const scrollBefore = await page.evaluate(() => window.scrollY);
    await page.keyboard.press("Enter");
    await page.waitForSelector('[role="menu"]');
    // The menu moves focus in its own effects: wait for where it lands rather than read at once.
    const activeText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    await page.waitForFunction(() => document.activeElement?.getAttribute("role") === "menuitem");
    const first = await activeText();
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction((text) => (document.activeElement?.textContent?.trim() ?? "") !== text, first, { timeout: 5_000 });
    expect((await focused(browser))?.role).toBe("menuitem");
    await page.keyboard.press("ArrowUp");
    await page.waitForFunction((text) => (document.activeElement?.textContent?.trim() ?? "") === text, first, { timeout: 5_000 });
    // Arrow keys move within the menu; the page does not scroll and the menu stays open.
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
    expect(await page.$('[role="menu"]')).not.toBeNull();
    expect(first).toBe("Change priority…");
    await saveScreenshot(page, "keyboard-menu-1366x768");

    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-testid="dialog-priority"]');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("priority");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("7");
    await saveScreenshot(page, "keyboard-dialog-1366x768");
    await page.keyboard.press("Enter");
    await page
      .waitForSelector('[data-testid="dialog-priority"], [data-testid="action-error"]', { state: "detached", timeout: 20_000 })
      .catch(() => {});
    expect(await page.$$eval('[data-testid="action-error"]', (errors) => errors.map((error) => error.textContent))).toEqual([]);
    expect(await page.$('[data-testid="dialog-priority"]')).toBeNull();

    // TaskRouter took it: the live feed brings the new priority into the row.
    await page.waitForFunction((sid) => document.querySelector(`tr[data-task-sid="${sid}"] .priority`)?.textContent === "7", taskSid, {
      timeout: 5_000,
    });
    const api = await getMetrics(app, `?queue=${salesSid}`);
    expect(api.queues[0]?.tasks?.find((task) => task.sid === taskSid)?.priority).toBe(7);
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it("Esc closes the menu without leaving the page, and the focus is back on that row's ⋯ button", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/queues/${salesSid}`);
    await page.waitForSelector('[data-testid="task-actions"]');
    // The second row's button, so that "back on the first button" cannot pass by accident.
    const buttons = await page.$$('[data-testid="task-actions"]');
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    const trigger = buttons[1]!;
    const rowSid = await trigger.evaluate((button) => button.closest("tr")?.getAttribute("data-task-sid") ?? null);
    await trigger.focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector('[role="menu"]');
    await page.waitForFunction(() => document.activeElement?.getAttribute("role") === "menuitem");
    await page.keyboard.press("Escape");
    await page.waitForSelector('[role="menu"]', { state: "detached" });
    expect(new URL(page.url()).pathname).toBe(`/queues/${salesSid}`);
    expect(await page.$('[data-testid="dialog-priority"]')).toBeNull();
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "task-actions", undefined, { timeout: 5_000 });
    const back = await focused(browser);
    expect(back).toMatchObject({ testId: "task-actions", taskSid: rowSid, ring: true });
    await saveScreenshot(page, "keyboard-menu-closed-1366x768");

    // The same from a dialog: Esc closes it and the focus returns to the row's button.
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.getAttribute("role") === "menuitem");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-testid="dialog-priority"]');
    await page.keyboard.press("Escape");
    await page.waitForSelector('[data-testid="dialog-priority"]', { state: "detached" });
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "task-actions", undefined, { timeout: 5_000 });
    expect(await focused(browser)).toMatchObject({ testId: "task-actions", taskSid: rowSid, ring: true });
  });
});
