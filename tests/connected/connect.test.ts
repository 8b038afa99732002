/**
 * `npm run connect` against the emulator as an outside TaskRouter: prints the old values, sets the
 * callback URL and filter, changes nothing with --dry-run, and explains bad set-ups clearly.
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "@/lib/emulator";
import { NEEDED_EVENT_TYPES } from "@/lib/sync/connect";
import { ACCOUNT_SID, AUTH_TOKEN } from "./support";

const run = promisify(execFile);
let emulator: Emulator;
let dashboard: Server;
let publicBaseUrl: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, contactCentre: null });
  // Stands in for the dashboard at PUBLIC_BASE_URL: answers its health check.
  dashboard = createServer((req, res) => {
    res.writeHead(req.url === "/api/health" ? 200 : 404, { "content-type": "application/json" }).end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => dashboard.listen(0, "127.0.0.1", resolve));
  publicBaseUrl = `http://127.0.0.1:${(dashboard.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => dashboard.close(() => resolve()));
});

async function connect(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/connect.ts", ...args], {
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH ?? "",
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_WORKSPACE_SID: emulator.workspaceSid,
        TASKROUTER_BASE_URL: emulator.baseUrl,
        PUBLIC_BASE_URL: publicBaseUrl,
        ...env,
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const workspace = () => emulator.engine.state.workspace;

describe("npm run connect", () => {
  it("--dry-run prints the current values and changes nothing", async () => {
    emulator.engine.config.updateWorkspace({ eventCallbackUrl: "https://old.example.com/hook", eventsFilter: "task.created" });
    const { code, stdout } = await connect(["--dry-run"]);
    expect(code).toBe(0);
    expect(stdout).toContain("EventCallbackUrl now: https://old.example.com/hook");
    expect(stdout).toContain("EventsFilter now:     task.created");
    expect(stdout).toContain("Dry run: nothing changed");
    expect(workspace().eventCallbackUrl).toBe("https://old.example.com/hook");
    expect(workspace().eventsFilter).toEqual(["task.created"]);
  }, 60_000);

  it("--keep-filter warns which needed types the filter drops and keeps it", async () => {
    const { code, stdout } = await connect(["--keep-filter"]);
    expect(code).toBe(0);
    expect(stdout).toContain("drops");
    expect(stdout).toContain("task-queue.entered");
    expect(workspace().eventCallbackUrl).toBe(`${publicBaseUrl}/api/taskrouter/events`);
    expect(workspace().eventsFilter).toEqual(["task.created"]);
  }, 60_000);

  it("sets the callback URL and a filter with every type the dashboard folds", async () => {
    emulator.engine.config.updateWorkspace({ eventCallbackUrl: "https://old.example.com/hook" });
    const { code, stdout } = await connect([]);
    expect(code).toBe(0);
    expect(stdout).toContain("EventCallbackUrl now: https://old.example.com/hook");
    expect(stdout).toContain("Updated the workspace");
    expect(workspace().eventCallbackUrl).toBe(`${publicBaseUrl}/api/taskrouter/events`);
    expect(workspace().eventsFilter).toEqual([...NEEDED_EVENT_TYPES]);
    expect(NEEDED_EVENT_TYPES).toEqual(
      expect.arrayContaining(["task.created", "task-queue.entered", "reservation.accepted", "worker.activity.update"]),
    );
  }, 60_000);

  it("explains wrong credentials, an unknown workspace and a public URL Twilio cannot use", async () => {
    const before = { ...workspace() };
    const wrong = await connect([], { TWILIO_AUTH_TOKEN: "not-the-token" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Twilio refused the credentials: check TWILIO_ACCOUNT_SID/);

    const unknown = await connect([], { TWILIO_WORKSPACE_SID: `WS${"0".repeat(32)}` });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Workspace WS0+ was not found/);

    const plain = await connect([], { PUBLIC_BASE_URL: "http://wallboard.example.com" });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/must start with https:\/\//);

    const unreachable = await connect([], { PUBLIC_BASE_URL: "http://127.0.0.1:1" });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/127\.0\.0\.1:1\/api\/health does not answer/);
    expect(workspace().eventCallbackUrl).toBe(before.eventCallbackUrl);
  }, 120_000);
});
