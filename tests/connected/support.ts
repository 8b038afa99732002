/**
 * Connected mode under test: the emulator as an outside TaskRouter (reached through
 * TASKROUTER_BASE_URL), a simulated centre on it, a proxy standing where Twilio's callbacks arrive
 * (it can drop a share of them while answering 204), and the dashboard in TaskRouter mode.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import twilio from "twilio";
import { expect } from "vitest";
import { type RunningApp, startApp } from "@/lib/app";
import { type Emulator, startEmulator } from "@/lib/emulator";
import { loadEnv } from "@/lib/env";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import { type Simulator, startSimulator } from "@/lib/simulator";
import { TEST_API_TOKEN } from "@/tests/support/app";
import { businessHoursZone } from "@/tests/support/business-hours";

export const ACCOUNT_SID = `AC${"c0ffee00".repeat(4)}`;
export const AUTH_TOKEN = "connected-test-auth-token";

/** `timezone`: the centre's zone, late morning now (`businessHoursZone`); its dashboard uses it too. */
export type Centre = { emulator: Emulator; simulator: Simulator; timezone: string };

/** The default centre, replaying `historyHours` before now at `speed`, then live, in its busy hours. */
export async function startCentre({
  historyHours = 1,
  speed = 900,
  trafficScale = 1,
  seed = 5,
  maxEvents,
}: {
  historyHours?: number;
  speed?: number;
  trafficScale?: number;
  seed?: number;
  maxEvents?: number;
} = {}): Promise<Centre> {
  const emulator = await startEmulator({
    port: 0,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    seed,
    ...(maxEvents ? { maxEvents } : {}),
  });
  const timezone = businessHoursZone();
  const simulator = startSimulator({ emulator, seed, speed, historyHours, trafficScale, timezone, log: null });
  return { emulator, simulator, timezone };
}

/** Resolves once the replay has reached the wall clock. */
export async function caughtUp(emulator: Emulator, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() - emulator.clock.now() > 2_000) {
    if (Date.now() > deadline) throw new Error("the simulated centre did not catch up with the wall clock in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Stops the traffic and every emulator timer, then waits for the callbacks in flight. */
export async function freeze({ emulator, simulator }: Pick<Centre, "emulator" | "simulator">): Promise<void> {
  simulator.stop();
  emulator.clock.close();
  await emulator.delivery.whenIdle();
}

export type CallbackProxy = {
  url: string;
  /** Callbacks answered 204 without being passed on. */
  dropped: number;
  forwarded: number;
  /** Share of callbacks to drop, chosen by a hash of the event Sid (so a retry is dropped too). */
  dropShare: number;
  target: string | null;
  close(): Promise<void>;
};

/** Where Twilio posts: forwards to `target`, answers 502 while there is none. */
export async function startProxy(): Promise<CallbackProxy> {
  let server: Server;
  const proxy: CallbackProxy = {
    url: "",
    dropped: 0,
    forwarded: 0,
    dropShare: 0,
    target: null,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.method === "POST" && req.url?.startsWith("/api/taskrouter/events")) {
        const sid = new URLSearchParams(body.toString("utf8")).get("Sid") ?? "";
        const bucket = createHash("sha1").update(sid).digest().readUInt16BE(0) / 65_536;
        if (bucket < proxy.dropShare) {
          proxy.dropped += 1;
          res.writeHead(204).end();
          return;
        }
      }
      if (!proxy.target) {
        res.writeHead(502).end();
        return;
      }
      const upstream = httpRequest(`${proxy.target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        if (req.method === "POST") proxy.forwarded += 1;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => {
        if (!res.headersSent) res.writeHead(502).end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

export type ConnectedApp = RunningApp & { dataDir: string };

/** The dashboard in TaskRouter mode against the emulator, reached by callbacks through `proxy`. */
export async function startConnectedApp(emulator: Emulator, proxy: CallbackProxy, env: Record<string, string> = {}): Promise<ConnectedApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "wallboard-connected-"));
  const app = await startApp(
    loadEnv({
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_WORKSPACE_SID: emulator.workspaceSid,
      TASKROUTER_BASE_URL: emulator.baseUrl,
      PUBLIC_BASE_URL: proxy.url,
      DASHBOARD_API_TOKEN: TEST_API_TOKEN,
      DASHBOARD_TIMEZONE: "UTC",
      // Reconciliation is driven by the tests, one interval's work at a time.
      RECONCILE_INTERVAL_SECONDS: "0",
      ...env,
    }),
    { log: () => {} },
  );
  proxy.target = app.url;
  return {
    ...app,
    dataDir,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function dashboardMetrics(app: RunningApp, query = ""): Promise<MetricsSnapshot> {
  const response = await fetch(`${app.url}/api/metrics${query}`, { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as MetricsSnapshot;
}

/** TaskRouter's statistics as raw JSON (the SDK's instances drop the fields it does not know). */
export async function taskRouterStats(emulator: Emulator, pathname: string, query: Record<string, string> = {}) {
  const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
  const uri = new URL(`${emulator.baseUrl}/v1/Workspaces/${emulator.workspaceSid}${pathname}`);
  for (const [key, value] of Object.entries(query)) uri.searchParams.set(key, value);
  const response = await client.request({ method: "get", uri: uri.toString() });
  expect(response.statusCode).toBe(200);
  return response.body as Record<string, unknown>;
}

const COUNTERS = [
  "tasksEntered",
  "tasksMoved",
  "tasksCompleted",
  "tasksCanceled",
  "reservationsCreated",
  "reservationsAccepted",
  "reservationsRejected",
  "reservationsTimedOut",
  "reservationsCanceled",
  "reservationsRescinded",
] as const;
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Every queue's realtime figures equal TaskRouter's RealTimeStatistics. */
export async function expectQueueRealtimeToEqualTaskRouter(emulator: Emulator, snapshot: MetricsSnapshot): Promise<void> {
  for (const queue of snapshot.queues) {
    const realtime = await taskRouterStats(emulator, `/TaskQueues/${queue.sid}/RealTimeStatistics`);
    const byStatus = realtime.tasks_by_status as Record<string, number>;
    expect({ queue: queue.friendlyName, ...queue.realtime.tasksByStatus }).toEqual({
      queue: queue.friendlyName,
      pending: byStatus.pending,
      reserved: byStatus.reserved,
      assigned: byStatus.assigned,
      wrapping: byStatus.wrapping,
    });
    expect({
      queue: queue.friendlyName,
      available: queue.realtime.totalAvailableWorkers,
      eligible: queue.realtime.totalEligibleWorkers,
    }).toEqual({ queue: queue.friendlyName, available: realtime.total_available_workers, eligible: realtime.total_eligible_workers });
    // Read moments apart, and tasks created in the same second may tie: the longest wait agrees within seconds.
    const age = Number(realtime.longest_task_waiting_age ?? 0);
    expect({ queue: queue.friendlyName, longestWaitWithin3s: Math.abs(queue.realtime.longestTaskWaitingAge - age) <= 3 }).toEqual({
      queue: queue.friendlyName,
      longestWaitWithin3s: true,
    });
  }
}

/** Every queue's realtime figures and cumulative counts over the snapshot's window equal TaskRouter's. */
export async function expectQueuesToEqualTaskRouter(emulator: Emulator, snapshot: MetricsSnapshot): Promise<void> {
  await expectQueueRealtimeToEqualTaskRouter(emulator, snapshot);
  const window = { StartDate: snapshot.window.from, EndDate: snapshot.window.to };
  for (const queue of snapshot.queues) {
    const cumulative = await taskRouterStats(emulator, `/TaskQueues/${queue.sid}/CumulativeStatistics`, window);
    const ours = Object.fromEntries(COUNTERS.map((name) => [name, queue.cumulative[name]]));
    const theirs = Object.fromEntries(COUNTERS.map((name) => [name, cumulative[snake(name)]]));
    expect({ queue: queue.friendlyName, ...ours }).toEqual({ queue: queue.friendlyName, ...theirs });
  }
}

/** A centre, the proxy where its callbacks arrive, and the dashboard behind it; `close` ends all three. */
export type ConnectedScenario = { centre: Centre; proxy: CallbackProxy; app: ConnectedApp; close(): Promise<void> };

/**
 * The dashboard installed into a centre that has already run: the replay reaches the wall clock
 * with every callback failing (no dashboard yet), the centre is frozen, then the dashboard starts.
 */
export async function startAfterTheCentre(centreOptions: Parameters<typeof startCentre>[0]): Promise<ConnectedScenario> {
  const proxy = await startProxy();
  const centre = await startCentre(centreOptions);
  centre.emulator.setEventCallbackUrl(`${proxy.url}/api/taskrouter/events`);
  await caughtUp(centre.emulator);
  await freeze(centre);
  const app = await startConnectedApp(centre.emulator, proxy, { DASHBOARD_TIMEZONE: centre.timezone });
  return {
    centre,
    proxy,
    app,
    async close() {
      await app.close();
      await centre.emulator.close();
      await proxy.close();
    },
  };
}
