import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "@/lib/app";
import { startEmulator } from "@/lib/emulator";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import { snapshotFeed } from "@/tests/support/live-feed";
import type { ClientToServerEvents, ServerToClientEvents, SnapshotMessage } from "@/lib/realtime/protocol";
import { createTestDatabase } from "@/tests/support/app";
import { API_AUTH } from "@/tests/support/http";
import { postToSharedInstance, startSharedInstance } from "@/tests/support/instances";
import { enteredNow } from "@/tests/support/events";

const ACCOUNT_SID = "AC11111111111111111111111111111111";
const AUTH_TOKEN = "scale-out-auth-token";

const postgres = process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL ? await createTestDatabase() : null;

describe.skipIf(!postgres)("several instances on PostgreSQL + Redis (TEST_DATABASE_URL, TEST_REDIS_URL)", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  const instances: RunningApp[] = [];
  const sockets: Socket[] = [];

  const startInstance = async () => {
    const app = await startSharedInstance({
      databaseUrl: postgres!.url,
      redisUrl: process.env.TEST_REDIS_URL!,
      emulator,
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
    });
    instances.push(app);
    return app;
  };

  const post = (app: RunningApp, params: Record<string, string>) => postToSharedInstance(app, AUTH_TOKEN, params);

  const metrics = async (app: RunningApp) =>
    (await (await fetch(`${app.url}/api/metrics`, { headers: API_AUTH })).json()) as MetricsSnapshot;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const app of instances) await app.close();
    await emulator?.close();
    await postgres?.drop();
  });

  it("an event posted to one instance reaches the metrics and the browsers of another", async () => {
    const [a, b] = [await startInstance(), await startInstance()];
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(b.url, {
      transports: ["websocket"],
      extraHeaders: API_AUTH,
    });
    sockets.push(socket);
    const feed = snapshotFeed(socket);
    const first = await new Promise<SnapshotMessage>((resolve) => socket.once("snapshot", resolve));
    const queue = first.snapshot.queues[0]!;

    const seen = new Promise<SnapshotMessage>((resolve) => {
      feed.on("metrics", (m) => {
        if (m.snapshot.queues.find((q) => q.sid === queue.sid)!.cumulative.tasksEntered > queue.cumulative.tasksEntered) resolve(m);
      });
    });
    const response = await post(a, enteredNow({ id: "5ca1e1", queueSid: queue.sid, workspaceSid: emulator.workspaceSid }));
    expect(response.status).toBe(204);
    await seen;
    const [fromA, fromB] = [await metrics(a), await metrics(b)];
    expect(fromB.queues.find((q) => q.sid === queue.sid)!.cumulative.tasksEntered).toBe(queue.cumulative.tasksEntered + 1);
    expect(fromB.queues.map((q) => q.cumulative)).toEqual(fromA.queues.map((q) => q.cumulative));
  });

  it("a new instance rebuilds the same state from the event log", async () => {
    const before = await metrics(instances[0]!);
    const c = await startInstance();
    const rebuilt = await metrics(c);
    expect(rebuilt.queues.map((q) => [q.sid, q.cumulative, q.realtime.tasksByStatus])).toEqual(
      before.queues.map((q) => [q.sid, q.cumulative, q.realtime.tasksByStatus]),
    );
  });
});
