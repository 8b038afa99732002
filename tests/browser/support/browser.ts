import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { API_AUTH } from "@/tests/support/http";

/** Debian's Chromium (CI installs it); the suites skip, visibly, where it is missing. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

/** CI keeps this folder. */
export const SCREENSHOT_DIR = path.resolve("test-results/screenshots");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

export type BrowserSession = { context: BrowserContext; page: Page; errors: string[]; close(): Promise<void> };

/**
 * A fresh Chromium profile (its own --user-data-dir, which Playwright takes as the persistent
 * context's directory) with the test instance's admin bearer token on every request: pages,
 * API calls and the Socket.IO handshake.
 */
export async function openBrowser({ width = 1920, height = 1080 }: { width?: number; height?: number } = {}): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), "wallboard-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
    extraHTTPHeaders: API_AUTH,
    reducedMotion: "reduce",
    // The dark theme unless a test asks for the light one (headless Chromium reports "light").
    colorScheme: "dark",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** True when the page fits its viewport (no vertical or horizontal scrolling). */
export async function fitsViewport(
  page: Page,
): Promise<{ fits: boolean; scrollHeight: number; scrollWidth: number; height: number; width: number }> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return {
      fits: root.scrollHeight <= window.innerHeight && root.scrollWidth <= window.innerWidth,
      scrollHeight: root.scrollHeight,
      scrollWidth: root.scrollWidth,
      height: window.innerHeight,
      width: window.innerWidth,
    };
  });
}

export type QueueRowReading = {
  name: string;
  waiting: number;
  longestWait: number;
  serviceLevel: string;
  serviceLevelText: string;
  agents: string;
  handled: number;
  abandoned: number;
  text: string;
};

/** What the wallboard shows per queue: the values it rendered, and the visible text. */
export async function readQueueRows(page: Page): Promise<Record<string, QueueRowReading>> {
  return page.$$eval('[data-testid="queue-row"]', (rows) => {
    const value = (row: Element, id: string) => row.querySelector(`[data-testid="${id}"]`)?.getAttribute("data-value") ?? "";
    const text = (row: Element, id: string) => row.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? "";
    return Object.fromEntries(
      rows.map((row) => [
        row.getAttribute("data-queue-sid") ?? "",
        {
          name: row.querySelector(".queue-name")?.textContent?.trim() ?? "",
          waiting: Number(value(row, "queue-waiting")),
          longestWait: Number(value(row, "queue-longest-wait")),
          serviceLevel: value(row, "queue-service-level"),
          serviceLevelText: text(row, "queue-service-level"),
          agents: value(row, "queue-agents"),
          handled: Number(value(row, "queue-handled")),
          abandoned: Number(value(row, "queue-abandoned")),
          text: row.textContent ?? "",
        },
      ]),
    );
  });
}

/** Resolves once the test id's `data-value` satisfies `accept`; the time it took, in ms. */
export async function waitForValue(page: Page, selector: string, accept: (value: string) => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    const value = await page.getAttribute(selector, "data-value", { timeout: Math.max(1, deadline - Date.now()) }).catch(() => null);
    if (value !== null && accept(value)) return Date.now() - started;
    if (Date.now() > deadline)
      throw new Error(`${selector} did not reach the expected value within ${timeoutMs} ms (last: ${String(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
