import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "@/tests/support/app";
import { sid, TaskScript } from "@/tests/support/events";
import { getMetrics, postEvents } from "@/tests/support/http";
import { WebhookReceiver } from "@/tests/support/webhook-receiver";
import { type BrowserSession, chromiumAvailable, openBrowser, saveScreenshot } from "./support/browser";

/** Records the notifications and tones a page makes (headless Chromium shows and plays neither). */
const RECORDER = `
  window.__alerts = { notifications: [], tones: 0 };
  const RealNotification = window.Notification;
  window.Notification = class {
    constructor(title, options) { window.__alerts.notifications.push({ title, body: options && options.body }); }
    static get permission() { return RealNotification.permission; }
    static requestPermission() { return RealNotification.requestPermission(); }
  };
  const RealAudioContext = window.AudioContext;
  window.AudioContext = class extends RealAudioContext {
    createOscillator() { window.__alerts.tones += 1; return super.createOscillator(); }
  };
`;

type Recorded = { notifications: { title: string; body: string }[]; tones: number };

/**
 * A queue turning critical, as a supervisor meets it: the tab title, a tone on a board that opted
 * in, a browser notification for a desk user who turned them on, and the server's webhook.
 */
describe.skipIf(!chromiumAvailable)("alerts when a queue turns critical", () => {
  let app: TestApp;
  let browser: BrowserSession;
  const receiver = new WebhookReceiver();
  const hooks = receiver.bodies;

  beforeAll(async () => {
    const hookUrl = (await receiver.start("/hook/secret-part")).url;
    app = await startTestApp({ ALERT_WEBHOOK_URL: hookUrl, ALERT_WEBHOOK_COOLDOWN_SECONDS: "60" });
    browser = await openBrowser({ width: 1366, height: 768 });
    await browser.context.addInitScript(RECORDER);
    await browser.context.grantPermissions(["notifications"], { origin: app.url });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await receiver.stop();
  });

  it("names the queue in the tab title, plays a tone, notifies and calls the webhook", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/?tv=0&sound=1`);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    const baseTitle = await page.title();
    expect(baseTitle).not.toContain("critical");

    // Desk users turn notifications on (the browser asks once; the test profile allows).
    await page.click('[data-testid="notify-toggle"]');
    await page.waitForSelector('[data-testid="notify-toggle"][data-state="on"]');

    const api = await getMetrics(app);
    const queue = api.queues.find((q) => q.targetWorkers.trim() !== "1==1") ?? api.queues[0];
    if (!queue) throw new Error("no queue");
    // A caller waiting 90 s: past 3 × the 20 s service-level threshold, critical at once.
    const task = new TaskScript(sid("WT"), Date.now() - 90_000, { attributes: { type: "voice", from: "+15550000009" } });
    await postEvents(app, api.workspace.sid, [task.created(), task.entered(task.createdAtMs + 500, queue.sid)]);

    await page.waitForFunction((name) => document.title.startsWith(`■ ${name} critical`), queue.friendlyName, { timeout: 5_000 });
    expect(await page.title()).toBe(`■ ${queue.friendlyName} critical · ${baseTitle}`);
    await page.waitForFunction(() => (window as unknown as { __alerts: Recorded }).__alerts.notifications.length > 0, undefined, {
      timeout: 5_000,
    });
    const recorded = await page.evaluate(() => (window as unknown as { __alerts: Recorded }).__alerts);
    expect(recorded.notifications).toEqual([
      { title: `${queue.friendlyName} is critical`, body: `${queue.friendlyName}: longest wait · 1 waiting` },
    ]);
    expect(recorded.tones).toBe(2);
    await saveScreenshot(page, "alerts-critical-1366x768");

    // The server's webhook, from its own check (every few seconds): one message for the queue.
    await expect.poll(() => hooks.length, { timeout: 15_000 }).toBe(1);
    expect(hooks[0]).toMatchObject({ queues: [{ queueSid: queue.sid, name: queue.friendlyName }] });
    expect(String(hooks[0]?.text)).toContain(`Queue ${queue.friendlyName} is critical`);

    // Still critical after a new snapshot: no second notification, tone or message.
    await page.reload();
    await page.waitForSelector('[data-testid="queue-row"]');
    await page.waitForFunction((name) => document.title.includes(name), queue.friendlyName);
    expect(await page.evaluate(() => (window as unknown as { __alerts: Recorded }).__alerts)).toEqual({ notifications: [], tones: 0 });

    // The task is removed (deleted, which is no abandon): the title goes back.
    await postEvents(app, api.workspace.sid, [task.deleted(Date.now())]);
    await page.waitForFunction((title) => document.title === title, baseTitle, { timeout: 5_000 });
    expect(hooks).toHaveLength(1);
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it("a board without ?sound=1 stays silent", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/?tv=0`);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    expect(await page.title()).not.toContain("■");
    const api = await getMetrics(app);
    const queue = api.queues.at(-1);
    if (!queue) throw new Error("no queue");
    const task = new TaskScript(sid("WT"), Date.now() - 90_000);
    await postEvents(app, api.workspace.sid, [task.created(), task.entered(task.createdAtMs + 500, queue.sid)]);
    await page.waitForFunction(() => document.title.startsWith("■"), undefined, { timeout: 5_000 });
    await page.waitForFunction(() => (window as unknown as { __alerts: Recorded }).__alerts.notifications.length > 0, undefined, {
      timeout: 5_000,
    });
    expect(await page.evaluate(() => (window as unknown as { __alerts: Recorded }).__alerts.tones)).toBe(0);
  });

  it("an admin sets and turns off the webhook on /admin, which shows its host only", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/admin`);
    await page.waitForSelector('[data-testid="alerts-panel"]');
    expect(await page.textContent('[data-testid="alerts-state"]')).toMatch(
      /On: 127\.0\.0\.1:\d+ · every 60 s at most per queue · from ALERT_WEBHOOK_URL/,
    );
    const { port } = receiver;
    await page.fill('[data-testid="alerts-url"]', `http://127.0.0.1:${port}/hook/another-secret`);
    await page.fill('[data-testid="alerts-cooldown"]', "120");
    await page.click('[data-testid="alerts-save"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="alerts-state"]')?.textContent?.includes("set here"));
    const state = await page.textContent('[data-testid="alerts-state"]');
    expect(state).toBe(`On: 127.0.0.1:${port} · every 120 s at most per queue · set here`);
    expect(await page.content()).not.toContain("another-secret");
    await saveScreenshot(page, "admin-alerts-1366x768");
    await page.click('[data-testid="alerts-off"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="alerts-state"]')?.textContent?.startsWith("Off"));
    expect(await page.textContent('[data-testid="alerts-state"]')).toBe("Off · set here");
    expect(browser.errors).toEqual([]);
  });
});
