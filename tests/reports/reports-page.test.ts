import { DateTime } from "luxon";
/**
 * `/reports` in a real browser (Debian's Chromium through playwright-core): the form, the
 * preview chart drawn from the log, and a download link that follows the choices and serves
 * the CSV.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import { startTestApp, type TestApp } from "@/tests/support/app";
import { parseCsvObjects } from "./support/csv-parse";
import { API_AUTH, postEvents } from "@/tests/support/http";
import { sidsFromSnapshot } from "./support/http";
import { scenarioEvents, ZONE } from "./support/scenario";

const CHROMIUM = "/usr/bin/chromium";

describe.skipIf(!existsSync(CHROMIUM))("/reports in a browser", () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp({ DASHBOARD_TIMEZONE: ZONE });
    const snapshot = (await (await fetch(`${app.url}/api/metrics`, { headers: API_AUTH })).json()) as MetricsSnapshot;
    await postEvents(app, snapshot.workspace.sid, scenarioEvents(sidsFromSnapshot(snapshot)));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("previews the chosen day and downloads what the form says", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, extraHTTPHeaders: API_AUTH });
    const page = await context.newPage();
    await page.goto(`${app.url}/reports`);
    await page.getByTestId("reports-view").waitFor();
    // How far back the log reaches (EVENT_RETENTION_DAYS, 400 by default).
    const earliest = DateTime.now().setZone(ZONE).minus({ days: 400 }).toFormat("yyyy-LL-dd");
    expect(await page.getByTestId("retention-hint").textContent()).toContain(`keeps 400 days: reports reach back to ${earliest}`);
    expect(await page.getByTestId("from-date").getAttribute("min")).toBe(earliest);

    await page.getByTestId("from-date").fill("2026-03-08");
    await page.getByTestId("through-date").fill("2026-03-08");
    const download = page.getByTestId("download");
    await expect
      .poll(() => download.getAttribute("href"))
      .toBe(`/api/reports/queue-intervals.csv?from=2026-03-08&to=2026-03-08&tz=${encodeURIComponent(ZONE)}&interval=15`);
    // The scenario's day: 5 tasks entered, 2 abandoned; bars drawn for the 92 quarter hours.
    await page.getByTestId("preview-chart").locator("svg .recharts-bar-rectangle").first().waitFor({ timeout: 20_000 });
    const totals = await page.getByTestId("report-preview").textContent();
    // Label then value (the text of adjacent elements runs together).
    expect(totals).toMatch(/Entered\s*5/);
    expect(totals).toMatch(/Abandoned\s*2/);

    // Leaving out empty intervals: the download asks for empty=skip and gets only the busy ones.
    await page.getByTestId("skip-empty").check();
    await expect.poll(() => download.getAttribute("href")).toMatch(/&empty=skip$/);
    const skipped = await context.request.get(`${app.url}${await download.getAttribute("href")}`);
    const intervals = parseCsvObjects(await skipped.text()).rows;
    expect(intervals.length).toBeGreaterThan(0);
    expect(intervals.length).toBeLessThan(92);
    expect(intervals.every((row) => ["entered", "accepted", "abandoned", "completed", "moved"].some((k) => row[k] !== "0"))).toBe(true);
    await page.getByTestId("skip-empty").uncheck();

    await page.getByLabel("Tasks", { exact: false }).first().check();
    await expect.poll(() => download.getAttribute("href")).toMatch(/^\/api\/reports\/tasks\.csv\?/);
    expect(await page.getByTestId("report-columns").textContent()).toContain("wait_until_accepted_seconds");
    expect(await page.getByTestId("report-columns").textContent()).toContain("target_agent");
    // The checkbox is for queue intervals only.
    expect(await page.getByTestId("skip-empty").count()).toBe(0);
    // The link itself (a browser sends its session cookie with it; this test signs in by header).
    const href = await download.getAttribute("href");
    const response = await context.request.get(`${app.url}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-disposition"]).toBe('attachment; filename="tasks_2026-03-08.csv"');
    expect(parseCsvObjects(await response.text()).rows).toHaveLength(4);

    await page.getByTestId("through-date").fill("2026-05-08");
    await expect.poll(() => page.getByTestId("form-problem").textContent()).toContain("At most 31 days");
    expect(await download.getAttribute("aria-disabled")).toBe("true");
    await context.close();
  }, 60_000);
});
