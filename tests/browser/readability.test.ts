import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitingTasks } from "@/lib/ui/wallboard";
import { startTestApp, type TestApp } from "@/tests/support/app";
import { type BrowserSession, chromiumAvailable, openBrowser, saveScreenshot } from "./support/browser";
import { chartsOutsidePanels, readVisibleText, scrollsSideways } from "./support/legibility";
import { API_AUTH, getMetrics } from "@/tests/support/http";
import { type Scenario, seedScenario } from "./support/scenario";

const WIDTHS = [
  [390, 844],
  [768, 1024],
  [1366, 768],
  [1920, 1080],
  [3840, 2160],
] as const;

/** A name long enough to be cut in a narrow column. */
const LONG_QUEUE = "Direct to specialist escalations for premium customers";

/**
 * Readable from across the room, on any screen, not by colour alone: font sizes and contrast
 * measured in the page, sideways scrolling and charts checked at five widths, a screenshot of
 * every page at each width in test-results/screenshots/.
 */
describe.skipIf(!chromiumAvailable)("legibility and layout on any screen", () => {
  let app: TestApp;
  let browser: BrowserSession;
  let scenario: Scenario;

  beforeAll(async () => {
    app = await startTestApp();
    const workspace = app.services.twilio.client.taskrouter.v1.workspaces(app.services.twilio.workspaceSid);
    await workspace.taskQueues.create({ friendlyName: LONG_QUEUE, targetWorkers: "1==1" });
    await app.services.embedded?.emulator.delivery.whenIdle();
    scenario = await seedScenario(app);
    browser = await openBrowser({ width: 1920, height: 1080 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("TV mode at 1920×1080: no visible text under 24 px, every text at least 4.5:1", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${app.url}/`);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    await page.waitForSelector('[data-testid="chart-waiting"] .recharts-wrapper');
    await page.waitForTimeout(500);
    const texts = await readVisibleText(page);
    expect(texts.length).toBeGreaterThan(40);
    expect(texts.filter((text) => text.fontPx < 24)).toEqual([]);
    expect(texts.filter((text) => text.contrast < 4.5)).toEqual([]);
    await saveScreenshot(page, "tv-legibility-1920x1080");
    expect(browser.errors).toEqual([]);
  });

  it("marks warning and critical with a shape and a word, not colour alone", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/`);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    // The scenario's busy queue has a task waiting 45 s: past T (20 s), so at least a warning.
    const row = `[data-testid="queue-row"][data-queue-sid="${scenario.busyQueueSid}"]`;
    expect(["warn", "critical"]).toContain(await page.getAttribute(`${row} [data-testid="queue-longest-wait"]`, "data-level"));
    const marks = await page.$$eval('[data-level="warn"] .lvl-mark, [data-level="critical"] .lvl-mark', (elements) =>
      elements.map((element) => element.getAttribute("aria-label")),
    );
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(["warning", "critical"]).toContain(mark);
    const levelled = await page.$$eval(".pill.lvl-warn, .pill.lvl-critical, .kpi.lvl-warn, .kpi.lvl-critical", (elements) =>
      elements.map((element) => Boolean(element.querySelector(".lvl-mark"))),
    );
    expect(levelled.length).toBeGreaterThan(0);
    expect(levelled.every(Boolean)).toBe(true);
  });

  /** Every page but the TV board, by screenshot name. */
  const deskPages = (): [string, string][] => [
    ["wallboard-desk", "/?tv=0"],
    ["queue", `/queues/${scenario.busyQueueSid}`],
    ["agents", "/agents"],
    ["reports", "/reports"],
    ["audit", "/audit"],
    ["admin", "/admin"],
  ];

  it("desk pages keep text at 4.5:1 too", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    for (const [, path] of deskPages()) {
      await page.goto(`${app.url}${path}`);
      await page.waitForLoadState("networkidle");
      const low = (await readVisibleText(page)).filter((text) => text.contrast < 4.5);
      expect(low, path).toEqual([]);
    }
  }, 60_000);

  it("light theme: desk pages follow a light system setting at 4.5:1, the TV board stays dark", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.emulateMedia({ colorScheme: "light" });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const luminance = (rgb: string) => {
      const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    try {
      for (const [name, path] of deskPages()) {
        await page.goto(`${app.url}${path}`);
        await page.waitForLoadState("networkidle");
        expect(luminance(await background()), `${name} background`).toBeGreaterThan(0.9);
        const low = (await readVisibleText(page)).filter((text) => text.contrast < 4.5);
        expect(low, path).toEqual([]);
        await saveScreenshot(page, `light-${name}-1366x768`);
      }
      await page.goto(`${app.url}/`);
      await page.waitForSelector('[data-testid="connection"][data-status="live"]');
      expect(luminance(await background())).toBeLessThan(0.1);
      await saveScreenshot(page, "light-system-tv-1366x768");
    } finally {
      await page.emulateMedia({ colorScheme: "dark" });
    }
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it("every page at 390, 768, 1366, 1920 and 3840 px: no sideways scroll, charts inside their panels, long names whole", async () => {
    const { page } = browser;
    const pages: [string, string][] = [["wallboard", "/"], ...deskPages()];
    for (const [width, height] of WIDTHS) {
      await page.setViewportSize({ width, height });
      for (const [name, path] of pages) {
        await page.goto(`${app.url}${path}`);
        await page.waitForLoadState("networkidle");
        await page.waitForTimeout(300);
        expect(await scrollsSideways(page), `${name} at ${width} px scrolls sideways`).toBe(false);
        // Charts size themselves after they mount (ResizeObserver): wait for that, not a fixed time.
        await expect.poll(() => chartsOutsidePanels(page), { message: `${name} at ${width} px`, timeout: 5000 }).toEqual([]);
        await saveScreenshot(page, `${name}-${width}x${height}`);
      }
      // The long queue name is shown whole (wrapped), or, where a line cannot hold it, in full in its tooltip.
      await page.goto(`${app.url}/?tv=0`);
      await page.waitForSelector('[data-testid="queue-row"]');
      const shown = await page.$$eval(
        '[data-testid="queue-row"] .queue-name',
        (names, long) => {
          const cell = names.find((name) => name.textContent === long);
          return cell ? { title: cell.getAttribute("title"), clipped: cell.scrollHeight > cell.clientHeight + 1 } : null;
        },
        LONG_QUEUE,
      );
      expect(shown?.title).toBe(LONG_QUEUE);
    }
    expect(browser.errors).toEqual([]);
  }, 240_000);

  it("the first paint carries numbers and chart series, before the socket connects", async () => {
    const html = await (await fetch(`${app.url}/`, { headers: API_AUTH })).text();
    const api = await getMetrics(app);
    expect(html.match(/data-testid="queue-row"/g)).toHaveLength(api.queues.length);
    expect(html).toContain(`data-testid="total-waiting" data-value="${waitingTasks(api.workspace.realtime)}"`);
    // The charts arrive with their series: no "Loading history…", and the legend knows T.
    expect(html).toContain('data-testid="chart-service-level"');
    expect(html).not.toContain("Loading history");
    expect(html).toContain(`answered ≤ ${api.workspace.cumulative.serviceLevel.thresholdSeconds} s`);
  });
});
