/**
 * The server as an orchestrator runs it: a real `tsx server.ts` child process, stopped with
 * SIGTERM (graceful) or SIGKILL (crash), against a TaskRouter (the emulator) that outlives it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { io } from "socket.io-client";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/lib/emulator";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import { createTestDatabase, TEST_API_TOKEN } from "../support/app";
import { enteredNow } from "../support/events";
import { API_AUTH as AUTH } from "../support/http";
import { freePort, spawnServer } from "./support/child";

const ACCOUNT_SID = "AC33333333333333333333333333333333";
const AUTH_TOKEN = "process-test-auth-token";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
const dirs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
});
afterAll(async () => {
  await emulator?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function serverEnv(extra: Record<string, string> = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "wallboard-process-"));
  dirs.push(dataDir);
  const publicBaseUrl = `http://127.0.0.1:${port}`;
  return {
    publicBaseUrl,
    dataDir,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_WORKSPACE_SID: emulator.workspaceSid,
      TASKROUTER_BASE_URL: emulator.baseUrl,
      PUBLIC_BASE_URL: publicBaseUrl,
      DASHBOARD_API_TOKEN: TEST_API_TOKEN,
      ...extra,
    },
  };
}

let eventNumber = 0;
/** A task entering a queue, a new task each time. */
function entered(queueSid: string): Record<string, string> {
  eventNumber += 1;
  return enteredNow({ id: `${process.pid.toString(16)}${eventNumber.toString(16)}`, queueSid, workspaceSid: emulator.workspaceSid });
}

const signatureFor = (publicBaseUrl: string, params: Record<string, string>) =>
  twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${publicBaseUrl}/api/taskrouter/events`, params);

function post(url: string, publicBaseUrl: string, params: Record<string, string>): Promise<number> {
  return fetch(`${url}/api/taskrouter/events`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signatureFor(publicBaseUrl, params) },
    body: new URLSearchParams(params).toString(),
  }).then(
    (response) => response.status,
    () => 0, // connection refused or reset: not acknowledged
  );
}

async function queueSidOf(url: string): Promise<string> {
  const snapshot = (await (await fetch(`${url}/api/metrics`, { headers: AUTH })).json()) as MetricsSnapshot;
  return snapshot.queues[0]!.sid;
}

async function tasksEntered(url: string, queueSid: string): Promise<number> {
  const snapshot = (await (await fetch(`${url}/api/metrics`, { headers: AUTH })).json()) as MetricsSnapshot;
  return snapshot.queues.find((queue) => queue.sid === queueSid)!.cumulative.tasksEntered;
}

describe("SIGTERM: a graceful shutdown", () => {
  it("refuses new callbacks with 503, finishes the one in flight, closes sockets and the store, exits 0 within 10 s", async () => {
    const { env, publicBaseUrl } = await serverEnv();
    const server = await spawnServer(env);
    const queueSid = await queueSidOf(server.url);
    const socket = io(server.url, { transports: ["websocket"], extraHeaders: AUTH, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once("snapshot", () => resolve());
      socket.once("connect_error", reject);
    });
    const socketClosed = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));

    // A callback in flight: its headers sent, its body after SIGTERM. `Expect: 100-continue` makes
    // the server answer "100 Continue" as it takes the request, so the test knows it was admitted
    // before the signal (a round trip on another connection would not order the two).
    const inFlight = entered(queueSid);
    const body = new URLSearchParams(inFlight).toString();
    const port = new URL(server.url).port;
    const raw = connect(Number(port), "127.0.0.1");
    let answer = "";
    const continued = new Promise<void>((resolve) => {
      raw.on("data", (chunk) => {
        answer += chunk.toString("utf8");
        if (answer.includes("100 Continue")) resolve();
      });
    });
    const rawClosed = new Promise<void>((resolve) => raw.once("close", () => resolve()));
    raw.write(
      `POST /api/taskrouter/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `X-Twilio-Signature: ${signatureFor(publicBaseUrl, inFlight)}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        "Expect: 100-continue\r\nConnection: close\r\n\r\n",
    );
    await continued;
    const stoppedAt = Date.now();
    server.child.kill("SIGTERM");
    await server.waitForOutput(/SIGTERM: draining/);

    const refused = await fetch(`${server.url}/api/taskrouter/events`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": signatureFor(publicBaseUrl, entered(queueSid)),
      },
      body: "x=1",
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBeTruthy();

    raw.end(body);
    await rawClosed;
    expect(answer.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, "")).toMatch(/^HTTP\/1\.1 204/);
    await socketClosed;
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(server.output()).toMatch(/SIGTERM: closed/);

    // The store was closed cleanly: it opens again, with the event that was in flight.
    const again = await spawnServer({ ...env });
    try {
      expect(await tasksEntered(again.url, queueSid)).toBe(1);
    } finally {
      again.child.kill("SIGTERM");
      await again.exited;
    }
  }, 600_000);
});

const postgres = process.env.TEST_DATABASE_URL ? await createTestDatabase() : null;

describe.skipIf(!postgres)("SIGKILL mid-stream on PostgreSQL (TEST_DATABASE_URL)", () => {
  afterAll(async () => {
    await postgres?.drop();
  });

  it("loses nothing acknowledged and counts nothing twice after a restart and TaskRouter's retries", async () => {
    const { env, publicBaseUrl } = await serverEnv({ DATABASE_URL: postgres!.url });
    const server = await spawnServer(env);
    const queueSid = await queueSidOf(server.url);
    const events = Array.from({ length: 200 }, () => entered(queueSid));
    const acknowledged = new Set<string>();
    let next = 0;
    let killed = false;
    const poster = async () => {
      while (next < events.length) {
        const event = events[next++]!;
        const status = await post(server.url, publicBaseUrl, event);
        if (status === 204) acknowledged.add(event.Sid!);
        if (!killed && acknowledged.size >= 60) {
          killed = true;
          server.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, poster));
    await server.exited;
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeLessThan(events.length);

    const client = new pg.Client({ connectionString: postgres!.url });
    await client.connect();
    try {
      const stored = new Set((await client.query<{ sid: string }>("SELECT sid FROM events")).rows.map((row) => row.sid));
      for (const sid of acknowledged) expect(stored.has(sid)).toBe(true);
    } finally {
      await client.end();
    }

    const restarted = await spawnServer(env);
    try {
      // TaskRouter retries what was not acknowledged; some acknowledged ones are sent again too.
      for (const event of events) expect(await post(restarted.url, publicBaseUrl, event)).toBe(204);
      expect(await tasksEntered(restarted.url, queueSid)).toBe(events.length);
    } finally {
      restarted.child.kill("SIGTERM");
      await restarted.exited;
    }
  }, 600_000);
});

describe("an embedded store left by a killed process", () => {
  it("opens again, or refuses with a message naming the directory and what to do", async () => {
    const { env, publicBaseUrl, dataDir } = await serverEnv();
    const server = await spawnServer(env);
    const queueSid = await queueSidOf(server.url);
    const acknowledged: string[] = [];
    for (let i = 0; i < 20; i++) {
      const event = entered(queueSid);
      if ((await post(server.url, publicBaseUrl, event)) === 204) acknowledged.push(event.Sid!);
    }
    server.child.kill("SIGKILL");
    await server.exited;

    const restarted = await spawnServer(env).catch((error: unknown) => error as Error);
    if (restarted instanceof Error) {
      const directory = path.join(dataDir, "pglite");
      expect(restarted.message).toContain(directory);
      expect(restarted.message).toMatch(/move the directory aside/);
      return;
    }
    try {
      expect(await tasksEntered(restarted.url, queueSid)).toBe(acknowledged.length);
    } finally {
      restarted.child.kill("SIGTERM");
      await restarted.exited;
    }
  }, 600_000);
});
