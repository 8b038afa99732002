import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { API_AUTH } from "@/tests/support/http";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = path.resolve("test-results/screenshots");

/**
 * A supervisor's morning in a real browser: sign in through the login page, raise the priority of
 * the youngest waiting task from the queue page's action menu and watch it move to the top, see a
 * refused change explained, then the audit log and the admin page. Screenshots for people.
 */
describe.skipIf(!existsSync(CHROMIUM))("admin actions in the browser", () => {
  let app: TestApp;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const pageErrors: string[] = [];
  let salesSid = "";
  const tasks: string[] = [];

  const shot = async (name: string) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  };
  const taskOrder = () =>
    page.$$eval('[data-testid="task-table"] tbody tr', (rows) => rows.map((row) => row.getAttribute("data-task-sid")));

  beforeAll(async () => {
    app = await startTestApp();
    const ws = app.services.twilio.client.taskrouter.v1.workspaces(app.services.twilio.workspaceSid);
    salesSid = (await ws.taskQueues.list()).find((queue) => queue.friendlyName === "Sales")!.sid;
    // Every agent is offline (the emulator's default), so these wait, oldest first.
    for (const name of ["Ana Souza", "Ben Carter", "Chen Wei"]) {
      tasks.push((await ws.tasks.create({ attributes: JSON.stringify({ type: "sales", name }) })).sid);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    }
    userDataDir = mkdtempSync(path.join(tmpdir(), "wallboard-admin-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
      ],
      viewport: { width: 1440, height: 900 },
      reducedMotion: "reduce",
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => pageErrors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await app?.close();
  });

  it("sends a visitor to the login page, refuses a wrong password, and signs in", async () => {
    await page.goto(`${app.url}/queues/${salesSid}`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.fill('input[name="username"]', "admin");
    await page.fill('input[name="password"]', "not-the-password");
    await page.click('button[type="submit"]');
    await expect(page.textContent('[data-testid="login-error"]')).resolves.toContain("Wrong username or password");
    await shot("login");

    await page.fill('input[name="password"]', "admin-password-for-tests");
    await page.click('button[type="submit"]');
    await page.waitForURL(`${app.url}/queues/${salesSid}`);
    // The three tasks reach the dashboard as callbacks: wait for all of them on a busy machine.
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="task-table"] tbody tr').length === count, tasks.length, {
      timeout: 10_000,
    });
    expect(await taskOrder()).toEqual(tasks);
  });

  it("raises the youngest task's priority from its action menu, and it moves to the top", async () => {
    const youngest = tasks[2]!;
    const row = page.locator(`tr[data-task-sid="${youngest}"]`);
    await row.getByTestId("task-actions").click();
    await page.getByRole("menuitem", { name: "Change priority…" }).click();
    const dialog = page.getByTestId("dialog-priority");
    await dialog.locator('input[name="priority"]').fill("10");
    await shot("priority-dialog");
    await dialog.getByTestId("action-confirm").click();

    await page.waitForFunction(
      (sid) => document.querySelector('[data-testid="task-table"] tbody tr')?.getAttribute("data-task-sid") === sid,
      youngest,
      { timeout: 5_000 },
    );
    expect(await taskOrder()).toEqual([youngest, tasks[0], tasks[1]]);
    await expect(row.locator(".priority").textContent()).resolves.toBe("10");
    await page.getByRole("status").filter({ hasText: "set to 10" }).waitFor();
    await shot("queue-after-priority");
  });

  it("explains a refused change in the dialog: here, a session that ended meanwhile", async () => {
    const row = page.locator(`tr[data-task-sid="${tasks[0]}"]`);
    await row.getByTestId("task-actions").click();
    await page.getByRole("menuitem", { name: "Change priority…" }).click();
    const dialog = page.getByTestId("dialog-priority");
    await dialog.locator('input[name="priority"]').fill("5");
    // The session ends on the server (expired, or an admin disabled the user) while the dialog is open.
    const sessions = await app.services.db.prisma.session.findMany();
    await app.services.db.prisma.session.updateMany({ data: { expiresAt: new Date(Date.now() - 1_000) } });
    await dialog.getByTestId("action-confirm").click();
    await expect(dialog.getByTestId("action-error").textContent()).resolves.toBe("Your session has ended. Sign in again, then retry.");
    await shot("refused-change");
    await dialog.getByRole("button", { name: "Keep as is" }).click();
    for (const session of sessions)
      await app.services.db.prisma.session.update({ where: { id: session.id }, data: { expiresAt: session.expiresAt } });
  });

  it("shows the changes on the audit page, newest first, and new ones live", async () => {
    await page.goto(`${app.url}/audit`);
    await page.waitForSelector('[data-testid="audit-table"]');
    await page.waitForSelector('[data-testid="audit-log"][data-feed="live"]');
    const first = page.locator('[data-testid="audit-table"] tbody tr').first();
    await expect(first.textContent()).resolves.toMatch(/Failed to change a task's priority|Priority 0 → 10/);
    await expect(page.locator('[data-testid="audit-table"]').textContent()).resolves.toContain("Priority 0 → 10");

    // A change made elsewhere (a script with the API token) appears without a reload.
    const response = await fetch(`${app.url}/api/admin/tasks/${tasks[1]}/priority`, {
      method: "POST",
      headers: { ...API_AUTH, "content-type": "application/json" },
      body: JSON.stringify({ priority: 7 }),
    });
    expect(response.status).toBe(200);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="audit-table"] tbody tr')?.textContent?.includes("Priority 0 → 7"),
      undefined,
      { timeout: 5_000 },
    );
    await shot("audit");
  });

  it("lists the manual changes on the wallboard's recent-changes panel", async () => {
    await page.goto(`${app.url}/?tv=0`);
    const panel = page.getByTestId("recent-changes");
    await panel.locator("li").nth(1).waitFor({ timeout: 10_000 });
    await expect(panel.textContent()).resolves.toContain("Priority 0 → 10");
    await shot("wallboard-recent-changes");
  });

  it("changes an agent's activity from the agents page", async () => {
    await page.goto(`${app.url}/agents`);
    const row = page.locator('[data-testid="agent-row"]').first();
    await row.waitFor();
    const name = (await row.locator("td.name").textContent())?.trim() ?? "";
    await row.getByTestId("worker-actions").click();
    await page.getByRole("menuitem", { name: "Change activity…" }).click();
    const dialog = page.getByTestId("dialog-activity");
    await dialog.locator('select[name="activitySid"]').selectOption({ label: "Break" });
    await expect(dialog.textContent()).resolves.toContain("go back to the queue");
    await shot("activity-dialog");
    await dialog.getByTestId("action-confirm").click();
    await page
      .getByRole("status")
      .filter({ hasText: `${name} is now Break` })
      .waitFor();
    await page.waitForFunction(
      (agent) =>
        [...document.querySelectorAll('[data-testid="agent-row"]')].some(
          (tr) => tr.textContent?.includes(agent) && tr.textContent.includes("Break"),
        ),
      name,
      { timeout: 5_000 },
    );
  });

  it("manages users and tokens on the admin page; a new token is shown once", async () => {
    await page.goto(`${app.url}/admin`);
    await page.waitForSelector('[data-testid="users-panel"]');
    const tokens = page.getByTestId("tokens-panel");
    await tokens.locator("input").first().fill("nightly export");
    await tokens.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByTestId("new-token").textContent()).resolves.toMatch(/wbt_[\w-]{43}/);
    const users = page.getByTestId("users-panel");
    await users.getByLabel("Username").fill("sam");
    await users.getByLabel("Password (10+ characters)").fill("sam-password-123");
    await users.locator("form select").selectOption("supervisor");
    await users.getByRole("button", { name: "Add user" }).click();
    await page.waitForSelector('tr[data-username="sam"]');
    await shot("admin");
    expect(pageErrors).toEqual([]);
  });

  it("signs out, and the pages need a login again", async () => {
    await page.goto(`${app.url}/logout`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${app.url}/login`);
    await page.goto(`${app.url}/audit`);
    expect(new URL(page.url()).pathname).toBe("/login");
  });
});
