import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_STATES, agentState, queueAgentStates } from "@/lib/ui/agents";
import { formatPercent } from "@/lib/ui/format";
import { formatPriorities, waitingByPriority } from "@/lib/ui/channels";
import { waitingTasks } from "@/lib/ui/wallboard";
import { startTestApp, type TestApp } from "@/tests/support/app";
import { sid, TaskScript, WorkerScript } from "@/tests/support/events";
import {
  type BrowserSession,
  chromiumAvailable,
  fitsViewport,
  openBrowser,
  readQueueRows,
  saveScreenshot,
  waitForValue,
} from "./support/browser";
import { getMetrics, postEvents } from "@/tests/support/http";
import { type Scenario, seedScenario } from "./support/scenario";

/**
 * The wallboard, the queue page and the agents page in Chromium against a real instance
 * (embedded emulator, simulator off, a fixed scenario posted as signed callbacks).
 */
describe.skipIf(!chromiumAvailable)("wallboard in a real browser", () => {
  let app: TestApp;
  let browser: BrowserSession;
  let scenario: Scenario;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await openBrowser({ width: 1920, height: 1080 });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  // Runs first: the instance has no events yet. It then posts the scenario the other tests read.
  it("says how to point TaskRouter here while no events have arrived, and fills in when they do", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/`);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    await page.waitForSelector('[data-testid="empty-state"]');
    expect(await page.textContent('[data-testid="callback-url"]')).toBe(`${app.services.publicBaseUrl}/api/taskrouter/events`);
    expect(await page.textContent('[data-testid="empty-state"]')).toContain("Event Callback URL");
    await saveScreenshot(page, "wallboard-empty-1920x1080");

    scenario = await seedScenario(app);
    await page.waitForSelector('[data-testid="chart-waiting"]', { timeout: 2_000 });
    expect(await page.$('[data-testid="empty-state"]')).toBeNull();
  });

  it("shows the same numbers as /api/metrics", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/`);
    await page.waitForSelector('[data-testid="wallboard"]');
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    const api = await getMetrics(app);
    const rows = await readQueueRows(page);

    expect(Object.keys(rows).sort()).toEqual(api.queues.map((queue) => queue.sid).sort());
    for (const queue of api.queues) {
      const row = rows[queue.sid];
      expect(row, queue.friendlyName).toBeDefined();
      if (!row) continue;
      expect(row.name).toBe(queue.friendlyName);
      expect(row.waiting, `${queue.friendlyName} waiting`).toBe(waitingTasks(queue.realtime));
      expect(row.handled, `${queue.friendlyName} handled`).toBe(queue.cumulative.tasksCompleted);
      expect(row.abandoned, `${queue.friendlyName} abandoned`).toBe(queue.cumulative.tasksAbandoned);
      expect(row.agents, `${queue.friendlyName} agents`).toBe(
        `${queueAgentStates(api.workers, queue.sid).ready}/${queue.realtime.totalEligibleWorkers}`,
      );
      expect(row.serviceLevelText).toContain(formatPercent(queue.cumulative.serviceLevel.percent));
      if (waitingTasks(queue.realtime) > 0) {
        // The page keeps the wait ticking between pushes: equal up to the seconds between the two reads.
        expect(row.longestWait).toBeGreaterThanOrEqual(queue.realtime.longestTaskWaitingAge - 3);
        expect(row.longestWait).toBeLessThanOrEqual(queue.realtime.longestTaskWaitingAge + 3);
      }
    }

    const served = api.queues.find((queue) => queue.sid === scenario.servedQueueSid);
    expect(served?.cumulative.tasksCompleted).toBe(1);
    expect(served?.cumulative.tasksAbandoned).toBe(1);
    expect(rows[scenario.busyQueueSid]?.waiting).toBe(3);
    // Two channels waiting: the sub-line splits by channel, the status split is in its title.
    expect(rows[scenario.busyQueueSid]?.text).toContain("chat 2 · voice 1");
    expect(await page.getAttribute(`[data-queue-sid="${scenario.busyQueueSid}"] [data-testid="queue-waiting-split"]`, "title")).toBe(
      "2 pending · 1 ringing",
    );
    expect(await page.textContent('[data-testid="total-waiting-priorities"]')).toBe("P5 ×1 · P0 ×2");

    const totals = await page.$$eval("[data-testid^=total-], [data-testid^=agents-]", (cells) =>
      Object.fromEntries(cells.map((cell) => [cell.getAttribute("data-testid"), cell.getAttribute("data-value")])),
    );
    const { realtime, cumulative } = api.workspace;
    expect(Number(totals["total-waiting"])).toBe(waitingTasks(realtime));
    expect(Number(totals["total-handled"])).toBe(cumulative.tasksCompleted);
    expect(Number(totals["total-abandoned"])).toBe(cumulative.tasksAbandoned);
    expect(totals["total-service-level"]).toBe(cumulative.serviceLevel.percent === null ? "" : String(cumulative.serviceLevel.percent));
    for (const state of AGENT_STATES) {
      expect(Number(totals[`agents-${state}`]), state).toBe(api.workers.filter((worker) => agentState(worker) === state).length);
    }
    expect(browser.errors).toEqual([]);
  });

  // Pushed, not polled: the page changes well before any refresh would; how fast is a benchmark (npm run bench P2).
  it("changes the page on a signed callback, pushed live", async () => {
    const { page } = browser;
    const row = `[data-testid="queue-row"][data-queue-sid="${scenario.busyQueueSid}"]`;
    const cell = `${row} [data-testid="queue-waiting"]`;
    const before = Number(await page.getAttribute(cell, "data-value"));
    const task = new TaskScript(sid("WT"), Date.now(), { attributes: { type: "chat", name: "Late arrival" } });
    await postEvents(app, scenario.workspaceSid, [task.created()]);

    const started = Date.now();
    await postEvents(app, scenario.workspaceSid, [task.entered(Date.now(), scenario.busyQueueSid)]);
    await waitForValue(page, cell, (value) => Number(value) === before + 1, 5_000);
    console.info(`signed callback → wallboard: ${Date.now() - started} ms`);
    await waitForValue(page, '[data-testid="total-waiting"]', (value) => Number(value) === before + 1, 5_000);
  });

  it("asks for a fresh snapshot when a push goes missing (sequence gap), then shows the latest figures", async () => {
    // A second tab whose WebSocket runs through a proxy that drops one `metrics` push.
    const page = await browser.context.newPage();
    let dropped = 0;
    let resyncs = 0;
    let sockets = 0;
    await page.routeWebSocket(/\/socket\.io\//, (socket) => {
      sockets += 1;
      const server = socket.connectToServer();
      let droppedHere = false;
      server.onMessage((message) => {
        if (!droppedHere && typeof message === "string" && message.startsWith('42["metrics"')) {
          droppedHere = true;
          dropped += 1;
          return;
        }
        socket.send(message);
      });
      socket.onMessage((message) => {
        if (message === '42["resync"]') resyncs += 1;
        server.send(message);
      });
    });
    try {
      await page.goto(`${app.url}/`);
      await page.waitForSelector('[data-testid="connection"][data-status="live"]');
      await page.waitForTimeout(1_000); // past the polling → WebSocket upgrade
      const cell = `[data-testid="queue-row"][data-queue-sid="${scenario.busyQueueSid}"] [data-testid="queue-waiting"]`;
      const before = Number(await page.getAttribute(cell, "data-value"));
      const tasks = [1, 2].map(() => new TaskScript(sid("WT"), Date.now(), { attributes: { type: "chat", name: "Gap" } }));
      for (const task of tasks) {
        await postEvents(app, scenario.workspaceSid, [task.created(), task.entered(Date.now(), scenario.busyQueueSid)]);
        await page.waitForTimeout(400); // one push each (the hub sends at most four a second)
      }
      await waitForValue(page, cell, (value) => Number(value) === before + 2, 3_000);
      expect(dropped).toBeGreaterThanOrEqual(1);
      expect(resyncs).toBeGreaterThanOrEqual(1);
      // One connection per page: the audit feed shares the wallboard's socket.
      expect(sockets).toBe(1);
    } finally {
      await page.close();
    }
  });

  it("colours the longest wait by threshold and keeps it ticking", async () => {
    const { page } = browser;
    const cell = `[data-testid="queue-row"][data-queue-sid="${scenario.busyQueueSid}"] [data-testid="queue-longest-wait"]`;
    const first = Number(await page.getAttribute(cell, "data-value"));
    // The oldest task waited 45 s at seeding: past T (20 s), not yet 3×T.
    expect(await page.getAttribute(cell, "data-level")).toBe(first >= 60 ? "critical" : "warn");
    // Ages tick on the browser's clock; a loaded CI machine may render a tick late, hence 4 s for +2.
    await page.waitForTimeout(4_000);
    expect(Number(await page.getAttribute(cell, "data-value"))).toBeGreaterThanOrEqual(first + 2);
  });

  it("fits 1920×1080 and 1366×768 without scrolling", async () => {
    const { page } = browser;
    for (const [width, height] of [
      [1920, 1080],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      const fit = await fitsViewport(page);
      expect(fit, `${width}×${height}`).toMatchObject({ fits: true });
    }
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it("queue page: the queue's tasks with ticking ages, priority, status and agent, and its agents", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/queues/${scenario.busyQueueSid}`);
    await page.waitForSelector('[data-testid="task-table"]');
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    const api = await getMetrics(app, `?queue=${scenario.busyQueueSid}`);
    const tasks = api.queues[0]?.tasks ?? [];
    const shown = await page.$$eval('[data-testid="task-table"] tbody tr', (rows) => rows.map((row) => row.getAttribute("data-task-sid")));
    expect([...shown].sort()).toEqual(tasks.map((task) => task.sid).sort());
    for (const taskSid of scenario.waitingTaskSids) expect(shown).toContain(taskSid);
    // Waiting tasks first, highest priority first: the priority 5 task leads.
    expect(shown[0], JSON.stringify(tasks.map(({ sid, status, priority, age }) => ({ sid, status, priority, age })))).toBe(
      scenario.waitingTaskSids[2],
    );
    const ringing = await page.textContent(`tr[data-task-sid="${scenario.waitingTaskSids[0]}"]`);
    expect(ringing).toContain("Ringing");

    const age = `tr[data-task-sid="${scenario.waitingTaskSids[0]}"] [data-testid="task-age"]`;
    const seconds = (text: string | null) => (text ?? "0:00").split(":").reduce((total, part) => total * 60 + Number(part), 0);
    const firstAge = seconds(await page.textContent(age));
    await page.waitForTimeout(4_000);
    expect(seconds(await page.textContent(age))).toBeGreaterThanOrEqual(firstAge + 2);

    const agentRows = await page.$$eval('[data-testid="queue-agents-table"] tbody tr', (rows) => rows.length);
    expect(agentRows).toBe(api.workers.filter((worker) => worker.queueSids.includes(scenario.busyQueueSid)).length);
    expect(browser.errors).toEqual([]);
  });

  it("queue page: figures per channel and waiting tasks by priority, as /api/metrics has them", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/queues/${scenario.busyQueueSid}`);
    await page.waitForSelector('[data-testid="channel-table"]');
    const api = (await getMetrics(app, `?queue=${scenario.busyQueueSid}`)).queues[0];
    expect(api?.channels?.map((c) => c.channel)).toEqual(["chat", "voice"]);
    const rows = await page.$$eval('[data-testid="channel-row"]', (trs) =>
      trs.map((tr) => ({
        channel: tr.getAttribute("data-channel"),
        waiting: tr.querySelector('[data-testid="channel-waiting"]')?.textContent,
        cells: [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim() ?? ""),
      })),
    );
    expect(rows.map((r) => [r.channel, r.waiting])).toEqual([
      ["chat", "2"],
      ["voice", "1"],
    ]);
    expect(rows[0]?.cells.at(-1)).toBe("P0 ×2");
    expect(rows[1]?.cells.at(-1)).toBe("P5 ×1");
    // The whole queue (earlier tests added tasks that name no channel): as the API counts them.
    expect(await page.textContent('[data-testid="queue-priorities"]')).toBe(
      `Waiting by priority: ${formatPriorities(waitingByPriority(api?.realtime.tasksByPriority ?? {}))}`,
    );
    await saveScreenshot(page, "queue-channels-1920x1080");

    // The served queue: one voice call answered in 8 s, one abandoned after 30 s: 50 % on voice.
    await page.goto(`${app.url}/queues/${scenario.servedQueueSid}`);
    await page.waitForSelector('[data-testid="channel-table"]');
    const served = (await getMetrics(app, `?queue=${scenario.servedQueueSid}`)).queues[0];
    const voice = served?.channels?.find((c) => c.channel === "voice");
    expect(voice?.serviceLevel.percent).toBe(served?.cumulative.serviceLevel.percent);
    expect(await page.getAttribute('[data-channel="voice"] [data-testid="channel-service-level"]', "data-value")).toBe(
      String(voice?.serviceLevel.percent),
    );
    expect(browser.errors).toEqual([]);
  });

  it("a rolling window: ?window=30 shows service level and counts over the last 30 minutes", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/?tv=0&window=30`);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    expect(await page.textContent('[data-testid="totals-span"]')).toBe("Last 30 min");
    expect(await page.textContent('[data-testid="total-service-level"] .kpi-note')).toContain("last 30 min");
    const api = await getMetrics(app, "?minutes=30");
    expect(await page.getAttribute('[data-testid="total-service-level"]', "data-value")).toBe(
      String(api.workspace.cumulative.serviceLevel.percent ?? ""),
    );
    expect(Number(await page.getAttribute('[data-testid="total-handled"]', "data-value"))).toBe(api.workspace.cumulative.tasksCompleted);
    expect(await page.inputValue('[data-testid="window-select"]')).toBe("30");
    // Sorting keeps the window in the URL.
    await page.click('[data-testid="sort-waiting"]');
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get("sort") === "waiting");
    expect(new URL(page.url()).searchParams.get("window")).toBe("30");
    await saveScreenshot(page, "wallboard-window-30-1920x1080");
    // The desk board's window menu goes back to today, keeping the order.
    await Promise.all([page.waitForURL((url) => !url.searchParams.has("window")), page.selectOption('[data-testid="window-select"]', "")]);
    await page.waitForSelector('[data-testid="totals-span"]');
    expect(await page.textContent('[data-testid="totals-span"]')).toBe("Today");
    expect(new URL(page.url()).searchParams.get("sort")).toBe("waiting");
    expect(browser.errors).toEqual([]);
  });

  it("agents page: time in state ticks; sorting and filtering by state, queue and name", async () => {
    const { page } = browser;
    await page.goto(`${app.url}/agents`);
    await page.waitForSelector('[data-testid="agents-table"]');
    const api = await getMetrics(app);
    const countRows = () => page.$$eval('[data-testid="agent-row"]', (rows) => rows.length);
    expect(await countRows()).toBe(api.workers.length);

    await page.click('[data-testid="filter-ready"]');
    const ready = api.workers.filter((worker) => agentState(worker) === "ready");
    expect(await countRows()).toBe(ready.length);
    const states = await page.$$eval('[data-testid="agent-row"]', (rows) => rows.map((row) => row.getAttribute("data-state")));
    expect(new Set(states)).toEqual(new Set(["ready"]));

    const inState = '[data-testid="agent-row"] [data-testid="time-in-state"]';
    const seconds = (text: string | null) => (text ?? "0:00").split(":").reduce((total, part) => total * 60 + Number(part), 0);
    const firstTime = seconds(await page.textContent(inState));
    await page.waitForTimeout(4_000);
    expect(seconds(await page.textContent(inState))).toBeGreaterThanOrEqual(firstTime + 2);

    await page.click('[data-testid="filter-ready"]');
    await page.selectOption('[data-testid="filter-queue"]', scenario.servedQueueSid);
    expect(await countRows()).toBe(api.workers.filter((worker) => worker.queueSids.includes(scenario.servedQueueSid)).length);
    expect(page.url()).toContain(`queue=${scenario.servedQueueSid}`);
    await page.selectOption('[data-testid="filter-queue"]', "");

    const someone = api.workers[api.workers.length - 1];
    if (!someone) throw new Error("no workers");
    await page.fill('[data-testid="filter-name"]', someone.friendlyName.toUpperCase());
    const names = await page.$$eval('[data-testid="agent-row"] td.name', (cells) => cells.map((cell) => cell.textContent));
    expect(names).toContain(someone.friendlyName);
    await page.fill('[data-testid="filter-name"]', "");

    await page.click('th button:has-text("Agent")');
    const sorted = await page.$$eval('[data-testid="agent-row"] td.name', (cells) => cells.map((cell) => cell.textContent ?? ""));
    expect(sorted).toEqual([...sorted].sort((a, b) => a.toLocaleLowerCase().localeCompare(b.toLocaleLowerCase())));
    await page.click('th button:has-text("Agent")');
    const reversed = await page.$$eval('[data-testid="agent-row"] td.name', (cells) => cells.map((cell) => cell.textContent ?? ""));
    expect(reversed).toEqual([...sorted].reverse());
    expect(browser.errors).toEqual([]);
  });

  it("wallboard order: chosen by a column in desk mode, kept in the URL, and read from it on a TV", async () => {
    const { page } = browser;
    const readOrder = () =>
      page.$$eval('[data-testid="queue-row"]', (rows) =>
        rows.map((row) => ({
          name: row.querySelector(".queue-name")?.getAttribute("title") ?? "",
          sl: row.querySelector('[data-testid="queue-service-level"]')?.getAttribute("data-value") ?? "",
          wait: Number(row.querySelector('[data-testid="queue-longest-wait"]')?.getAttribute("data-value")),
        })),
      );
    await page.goto(`${app.url}/?tv=0&sort=wait`);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    expect(await page.getAttribute('[data-testid="queue-table"]', "data-sort")).toBe("wait:desc");
    const byWait = (await readOrder()).map((row) => row.wait);
    expect(byWait).toEqual([...byWait].sort((a, b) => b - a));
    expect(byWait[0]).toBeGreaterThan(0);

    await page.click('[data-testid="sort-sl"]');
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get("sort") === "sl");
    expect(new URL(page.url()).searchParams.get("tv")).toBe("0");
    const bySl = (await readOrder()).map((row) => row.sl);
    const known = bySl.filter((value) => value !== "").map(Number);
    expect(known.length).toBeGreaterThan(0);
    expect(known).toEqual([...known].sort((a, b) => a - b));
    // Queues without a service level yet come after every queue with one.
    expect(bySl.slice(0, known.length).every((value) => value !== "")).toBe(true);
    await saveScreenshot(page, "wallboard-sorted-sl-1920x1080");

    // The URL is the board: reloading it (or sharing it) gives the same order.
    await page.reload();
    await page.waitForSelector('[data-testid="queue-row"]');
    expect(await page.getAttribute('[data-testid="queue-table"]', "data-sort")).toBe("sl:asc");
    await page.click('[data-testid="sort-sl"]');
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get("dir") === "desc");

    // A TV reads the order from its URL and has nothing to click.
    await page.goto(`${app.url}/?sort=name`);
    await page.waitForSelector('[data-testid="queue-row"]');
    const names = (await readOrder()).map((row) => row.name);
    expect(names).toEqual([...names].sort((a, b) => a.toLocaleLowerCase().localeCompare(b.toLocaleLowerCase())));
    expect(await page.$('[data-testid^="sort-"]')).toBeNull();
    expect(await page.getAttribute('.queues-head [data-sort-key="name"]', "aria-sort")).toBe("ascending");
    expect(browser.errors).toEqual([]);
  });

  it("agents page: filters by team and skill from worker attributes, flags a break that runs too long", async () => {
    const { page } = browser;
    const api = await getMetrics(app);
    const onBreak = api.workspace.realtime.activityStatistics.find((a) => !a.available && !/offline/i.test(a.friendlyName));
    const offline = api.workspace.realtime.activityStatistics.find((a) => /offline/i.test(a.friendlyName));
    const team = (w: (typeof api.workers)[number]) => (typeof w.attributes.team === "string" ? w.attributes.team : null);
    // An agent the scenario left offline goes on a break 20 minutes ago: past the default 15.
    const longBreak = api.workers.find((w) => agentState(w) === "offline" && team(w) !== null);
    if (!onBreak || !offline || !longBreak) throw new Error("the emulator's centre lacks a break activity or an offline agent with a team");
    const now = Date.now();
    const script = new WorkerScript(longBreak.sid, longBreak.friendlyName, {
      activity: { sid: offline.sid, name: offline.friendlyName },
      attributes: longBreak.attributes,
      activitySinceMs: now - 3_600_000,
    });
    await postEvents(app, scenario.workspaceSid, [script.setActivity(now - 20 * 60_000, { sid: onBreak.sid, name: onBreak.friendlyName })]);

    await page.goto(`${app.url}/agents`);
    await page.waitForSelector('[data-testid="agents-table"]');
    const flagged = `[data-testid="agent-row"][data-worker-sid="${longBreak.sid}"]`;
    await page.waitForSelector(`${flagged}[data-long-away="warn"]`, { timeout: 5_000 });
    expect(await page.textContent(`${flagged} [data-testid="time-in-state"]`)).toMatch(/▲ .*too long/);

    const teamName = team(longBreak)!;
    await page.selectOption('[data-testid="filter-team"]', teamName);
    const teamRows = await page.$$eval('[data-testid="agent-row"]', (rows) => rows.map((row) => row.getAttribute("data-worker-sid")));
    expect(teamRows.sort()).toEqual(
      api.workers
        .filter((w) => team(w) === teamName)
        .map((w) => w.sid)
        .sort(),
    );
    expect(new URL(page.url()).searchParams.get("team")).toBe(teamName);
    await saveScreenshot(page, "agents-team-long-away-1920x1080");
    await page.selectOption('[data-testid="filter-team"]', "");

    const skills = (w: (typeof api.workers)[number]) => (Array.isArray(w.attributes.skills) ? (w.attributes.skills as string[]) : []);
    const skill = skills(longBreak)[0];
    if (!skill) throw new Error("the agent has no skills");
    await page.selectOption('[data-testid="filter-skill"]', skill);
    const skillRows = await page.$$eval('[data-testid="agent-row"]', (rows) => rows.map((row) => row.getAttribute("data-worker-sid")));
    expect(skillRows.sort()).toEqual(
      api.workers
        .filter((w) => skills(w).includes(skill))
        .map((w) => w.sid)
        .sort(),
    );
    // The filtered view is a link: opened afresh it shows the same agents.
    await page.goto(page.url());
    await page.waitForSelector('[data-testid="agents-table"]');
    expect(await page.$$eval('[data-testid="agent-row"]', (rows) => rows.length)).toBe(skillRows.length);

    // The wallboard counts the agent among those away too long.
    await page.goto(`${app.url}/`);
    await page.waitForSelector('[data-testid="agents-long-away"]');
    expect(Number(await page.getAttribute('[data-testid="agents-long-away"]', "data-value"))).toBeGreaterThanOrEqual(1);
    expect(browser.errors).toEqual([]);
  });

  it("screenshots: the scenario's wallboard, queue and agents pages", async () => {
    const { page } = browser;
    for (const [width, height] of [
      [1920, 1080],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const [name, url] of [
        ["wallboard-scenario", "/"],
        ["queue-scenario", `/queues/${scenario.busyQueueSid}`],
        ["agents-scenario", "/agents"],
      ] as const) {
        await page.goto(`${app.url}${url}`);
        await page.waitForSelector('[data-testid="connection"][data-status="live"]');
        await page.waitForTimeout(600);
        await saveScreenshot(page, `${name}-${width}x${height}`);
      }
    }
  });
});
