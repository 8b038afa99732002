import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "@/lib/emulator";
import { waitingTasks } from "@/lib/ui/wallboard";
import { startTestApp, type TestApp } from "@/tests/support/app";
import { sid, TaskScript } from "@/tests/support/events";
import { type BrowserSession, chromiumAvailable, openBrowser, readQueueRows, saveScreenshot, waitForValue } from "./support/browser";
import { getMetrics, postEvents } from "@/tests/support/http";
import { type Scenario, seedScenario } from "./support/scenario";

const TASKROUTER_AUTH_TOKEN = "restart-test-auth-token";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The wallboard stays up through a server restart: it says the server is unreachable (keeping its
 * last data), reconnects by itself when an instance is back on the same address, and resyncs to
 * the restarted instance's state (rebuilt from the event log) plus what happened meanwhile.
 * TaskRouter outlives the restart, as Twilio does: the instance runs against a separate emulator
 * (an embedded one would restart with it, as a new workspace).
 */
describe.skipIf(!chromiumAvailable)("wallboard across a server restart", () => {
  let dataDir: string;
  let port: number;
  let app: TestApp | null = null;
  let browser: BrowserSession;
  let scenario: Scenario;

  let taskRouter: Emulator;
  const start = async () =>
    startTestApp({
      PORT: String(port),
      DATA_DIR: dataDir,
      TWILIO_ACCOUNT_SID: taskRouter.accountSid,
      TWILIO_AUTH_TOKEN: TASKROUTER_AUTH_TOKEN,
      TWILIO_WORKSPACE_SID: taskRouter.workspaceSid,
      TASKROUTER_BASE_URL: taskRouter.baseUrl,
      PUBLIC_BASE_URL: `http://localhost:${port}`,
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "wallboard-restart-"));
    port = await freePort();
    taskRouter = await startEmulator({ port: 0, accountSid: "AC22222222222222222222222222222222", authToken: TASKROUTER_AUTH_TOKEN });
    app = await start();
    scenario = await seedScenario(app);
    browser = await openBrowser({ width: 1920, height: 1080 });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await taskRouter?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the outage, reconnects and resyncs to the restarted instance", async () => {
    if (!app) throw new Error("no app");
    const { page } = browser;
    const waitingCell = `[data-testid="queue-row"][data-queue-sid="${scenario.busyQueueSid}"] [data-testid="queue-waiting"]`;
    await page.goto(`${app.url}/`);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    expect(Number(await page.getAttribute(waitingCell, "data-value"))).toBe(3);

    await app.close();
    app = null;
    await page.waitForSelector(
      '[data-testid="connection"][data-status="reconnecting"], [data-testid="connection"][data-status="offline"]',
      { timeout: 5_000 },
    );
    // Still showing the last data, dimmed, then saying plainly that the server is unreachable.
    expect(Number(await page.getAttribute(waitingCell, "data-value"))).toBe(3);
    await page.waitForSelector('[data-testid="offline-banner"]', { timeout: 15_000 });
    expect(await page.getAttribute('[data-testid="connection"]', "data-status")).toBe("offline");
    await saveScreenshot(page, "wallboard-offline-1920x1080");

    app = await start();
    // Something happens while the browser is still reconnecting: the resync must bring it.
    const arrived = new TaskScript(sid("WT"), Date.now(), { attributes: { type: "chat", name: "During the outage" } });
    await postEvents(app, scenario.workspaceSid, [arrived.created(), arrived.entered(Date.now(), scenario.busyQueueSid)]);

    await page.waitForSelector('[data-testid="connection"][data-status="live"]', { timeout: 15_000 });
    await waitForValue(page, waitingCell, (value) => Number(value) === 4, 5_000);
    expect(await page.$('[data-testid="offline-banner"]')).toBeNull();

    const api = await getMetrics(app);
    const rows = await readQueueRows(page);
    for (const queue of api.queues) {
      expect(rows[queue.sid]?.waiting, queue.friendlyName).toBe(waitingTasks(queue.realtime));
      expect(rows[queue.sid]?.handled, queue.friendlyName).toBe(queue.cumulative.tasksCompleted);
      expect(rows[queue.sid]?.abandoned, queue.friendlyName).toBe(queue.cumulative.tasksAbandoned);
    }

    // And it is live again: the next callback is pushed (how fast is a benchmark, npm run bench P2).
    const next = new TaskScript(sid("WT"), Date.now(), { attributes: { type: "chat", name: "After the restart" } });
    await postEvents(app, scenario.workspaceSid, [next.created()]);
    const started = Date.now();
    await postEvents(app, scenario.workspaceSid, [next.entered(Date.now(), scenario.busyQueueSid)]);
    await waitForValue(page, waitingCell, (value) => Number(value) === 5, 5_000);
    console.info(`signed callback after the restart → wallboard: ${Date.now() - started} ms`);
    expect(browser.errors).toEqual([]);
  }, 90_000);
});
