/**
 * Redis down and back: two instances on one PostgreSQL keep serving their own browsers while
 * their Redis is gone, and share events again once it is back. A private redis-server (the
 * shared one is not ours to stop) on PostgreSQL (TEST_DATABASE_URL).
 */
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "@/lib/app";
import { startEmulator } from "@/lib/emulator";
import type { Health } from "@/lib/http/health";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import type { SnapshotMessage } from "@/lib/realtime/protocol";
import { createTestDatabase } from "../support/app";
import { enteredNow } from "../support/events";
import { API_AUTH as AUTH } from "../support/http";
import { postToSharedInstance, startSharedInstance } from "../support/instances";
import { snapshotFeed } from "../support/live-feed";
import { hasRedisServer, type PrivateRedis, privateRedis } from "../support/redis-server";

const ACCOUNT_SID = "AC44444444444444444444444444444444";
const AUTH_TOKEN = "redis-outage-auth-token";

const postgres = process.env.TEST_DATABASE_URL && hasRedisServer ? await createTestDatabase() : null;

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!postgres)("Redis unavailable and back (TEST_DATABASE_URL, redis-server)", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let redis: PrivateRedis;
  const instances: RunningApp[] = [];
  const sockets: Socket[] = [];

  const startInstance = async () => {
    const app = await startSharedInstance({
      databaseUrl: postgres!.url,
      redisUrl: redis.url,
      emulator,
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
    });
    instances.push(app);
    return app;
  };

  let eventNumber = 0;
  const postEntered = (app: RunningApp, queueSid: string) => {
    eventNumber += 1;
    return postToSharedInstance(app, AUTH_TOKEN, enteredNow({ id: String(eventNumber), queueSid, workspaceSid: emulator.workspaceSid }));
  };
  const entered = async (app: RunningApp, queueSid: string) => {
    const snapshot = (await (await fetch(`${app.url}/api/metrics`, { headers: AUTH })).json()) as MetricsSnapshot;
    return snapshot.queues.find((queue) => queue.sid === queueSid)!.cumulative.tasksEntered;
  };
  // Bounded, so that a health request that never answers fails here rather than at the suite's timeout.
  const health = async (app: RunningApp) =>
    (await (await fetch(`${app.url}/api/health`, { headers: AUTH, signal: AbortSignal.timeout(10_000) })).json()) as Health;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    redis = await privateRedis();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const app of instances) await app.close().catch(() => {});
    await redis?.stop();
    await emulator?.close();
    await postgres?.drop();
  });

  it("each instance keeps serving its own browsers while Redis is down, and they share events again once it is back", async () => {
    const [a, b] = [await startInstance(), await startInstance()];
    const socket = io(a.url, { transports: ["websocket"], extraHeaders: AUTH, reconnection: false });
    sockets.push(socket);
    const feed = snapshotFeed(socket);
    const first = await new Promise<SnapshotMessage>((resolve) => socket.once("snapshot", resolve));
    const queueSid = first.snapshot.queues[0]!.sid;
    const before = first.snapshot.queues[0]!.cumulative.tasksEntered;

    await redis.stop();
    await waitFor("instance A to see Redis down", async () => (await health(a)).realtime.redis === "down");
    const pushed = new Promise<void>((resolve) =>
      feed.on("metrics", (message: SnapshotMessage) => {
        if (message.snapshot.queues.find((queue) => queue.sid === queueSid)!.cumulative.tasksEntered > before) resolve();
      }),
    );
    expect((await postEntered(a, queueSid)).status).toBe(204);
    await pushed;
    expect(await entered(a, queueSid)).toBe(before + 1);
    expect((await fetch(`${a.url}/api/health`)).status).toBe(200);

    await redis.start();
    await waitFor(
      "both instances to reconnect",
      async () => (await health(a)).realtime.redis === "ok" && (await health(b)).realtime.redis === "ok",
    );
    // Another queue, so that what B counts there can only have come after Redis was back.
    const otherQueue = first.snapshot.queues[1]!;
    expect((await postEntered(a, otherQueue.sid)).status).toBe(204);
    await waitFor(
      "instance B to fold the event posted to A",
      async () => (await entered(b, otherQueue.sid)) === otherQueue.cumulative.tasksEntered + 1,
    );
    expect(socket.connected).toBe(true);
  }, 300_000);

  it("answers health with Redis down while Redis is up but stalled", async () => {
    const app = instances[0]!;
    redis.pause();
    try {
      const stalled = await health(app);
      expect(stalled.realtime.redis).toBe("down");
      expect(stalled.status).toBe("ok");
    } finally {
      redis.resume();
    }
    await waitFor("Redis to answer again", async () => (await health(app)).realtime.redis === "ok");
  });

  it("shuts an instance down while its Redis is down", async () => {
    const app = await startInstance();
    await redis.stop();
    try {
      // Closing a Redis client stops its reconnecting: one that waited for a reply here would never end.
      await app.close();
    } finally {
      await redis.start();
    }
  });
});
