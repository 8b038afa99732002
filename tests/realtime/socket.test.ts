import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents, SnapshotMessage } from "@/lib/realtime/protocol";
import { postSignedCallback, startTestApp, type TestApp } from "@/tests/support/app";
import { callbackParams, enteredNow } from "@/tests/support/events";
import { API_AUTH, getMetrics } from "@/tests/support/http";
import { snapshotFeed } from "@/tests/support/live-feed";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

function nextMessage(
  socket: Client,
  event: "snapshot" | "metrics",
  predicate: (m: SnapshotMessage) => boolean = () => true,
  timeoutMs = 3000,
) {
  const feed = snapshotFeed(socket);
  return new Promise<SnapshotMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching ${event} within ${timeoutMs} ms`)), timeoutMs);
    const listener = (message: SnapshotMessage) => {
      if (!predicate(message)) return;
      clearTimeout(timer);
      feed.off(event, listener);
      resolve(message);
    };
    feed.on(event, listener);
  });
}

describe("Socket.IO", () => {
  let app: TestApp;
  let socket: Client;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    socket?.disconnect();
    await app?.close();
  });

  it("sends a snapshot on connect, then the change a signed callback makes, within a second", async () => {
    socket = io(app.url, { transports: ["websocket"], extraHeaders: API_AUTH });
    const first = await nextMessage(socket, "snapshot");
    const queue = first.snapshot.queues[0]!;
    const enteredBefore = queue.cumulative.tasksEntered;

    const changed = nextMessage(
      socket,
      "metrics",
      (m) => m.snapshot.queues.find((q) => q.sid === queue.sid)!.cumulative.tasksEntered > enteredBefore,
      1000,
    );
    const response = await postSignedCallback(
      app,
      enteredNow({ id: "50c4", queueSid: queue.sid, workspaceSid: first.snapshot.workspace.sid }),
    );
    expect(response.status).toBe(204);
    const update = await changed;
    expect(update.seq).toBeGreaterThan(first.seq);
    const updated = update.snapshot.queues.find((q) => q.sid === queue.sid)!;
    expect(updated.cumulative.tasksEntered).toBe(enteredBefore + 1);
    expect(updated.realtime.tasksByStatus.pending).toBe(queue.realtime.tasksByStatus.pending + 1);
  });

  it("pushes the board view as deltas: agents without per-agent figures, a change much smaller than the snapshot", async () => {
    const board: Client = io(app.url, { transports: ["websocket"], extraHeaders: API_AUTH });
    try {
      const subscribed = nextMessage(board, "snapshot", (m) => m.room === "workspace|today|board");
      await nextMessage(board, "snapshot");
      board.emit("subscribe", { queueSid: null, minutes: null, view: "board" });
      const first = await subscribed;
      expect(first.snapshot.workers.length).toBeGreaterThan(0);
      for (const worker of first.snapshot.workers) expect(worker.cumulative.activityDurations).toEqual([]);
      const queue = first.snapshot.queues[0]!;
      const sizes: number[] = [];
      board.on("metrics", (message) => sizes.push(JSON.stringify(message).length));
      const changed = nextMessage(
        board,
        "metrics",
        (m) => m.snapshot.queues.find((q) => q.sid === queue.sid)!.cumulative.tasksEntered > queue.cumulative.tasksEntered,
      );
      const response = await postSignedCallback(
        app,
        enteredNow({ id: "b0a4d", queueSid: queue.sid, workspaceSid: first.snapshot.workspace.sid }),
      );
      expect(response.status).toBe(204);
      const update = await changed;
      // The delta-built snapshot is the server's own figures for that queue.
      const served = await getMetrics(app);
      expect(update.snapshot.queues.find((q) => q.sid === queue.sid)!.cumulative.tasksEntered).toBe(
        served.queues.find((q) => q.sid === queue.sid)!.cumulative.tasksEntered,
      );
      expect(Math.max(...sizes)).toBeLessThan(JSON.stringify(first).length / 4);
    } finally {
      board.disconnect();
    }
  });

  it("sends an agent's `worker` row to full-view sockets only, and again once a board socket switches to the full view", async () => {
    const full: Client = io(app.url, { transports: ["websocket"], extraHeaders: API_AUTH });
    const board: Client = io(app.url, { transports: ["websocket"], extraHeaders: API_AUTH });
    try {
      const first = await nextMessage(full, "snapshot");
      const onBoard = nextMessage(board, "snapshot", (m) => m.room.endsWith("|board"));
      board.emit("subscribe", { queueSid: null, minutes: null, view: "board" });
      await onBoard;
      const agent = first.snapshot.workers[0]!;
      const rows = { full: [] as string[], board: [] as string[] };
      full.on("worker", (message) => rows.full.push(message.worker.sid));
      board.on("worker", (message) => rows.board.push(message.worker.sid));
      const activityUpdate = (id: string) => {
        const padded = id.padStart(32, "0");
        return callbackParams("worker.activity.update", Date.now(), {
          Sid: `EV${padded}`,
          WorkspaceSid: first.snapshot.workspace.sid,
          WorkerSid: agent.sid,
          WorkerActivitySid: agent.activitySid ?? undefined,
          WorkerActivityName: agent.activityName ?? undefined,
        });
      };
      expect((await postSignedCallback(app, activityUpdate("a0a1"))).status).toBe(204);
      await vi.waitFor(() => expect(rows.full).toContain(agent.sid), { timeout: 3000 });
      // A push interval later the board socket still has none.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(rows.board).toEqual([]);

      const backToFull = nextMessage(board, "snapshot", (m) => m.room === "workspace|today");
      board.emit("subscribe", { queueSid: null, minutes: null, view: "full" });
      await backToFull;
      expect((await postSignedCallback(app, activityUpdate("a0a2"))).status).toBe(204);
      await vi.waitFor(() => expect(rows.board).toContain(agent.sid), { timeout: 3000 });
    } finally {
      full.disconnect();
      board.disconnect();
    }
  });

  it("answers resync with a fresh snapshot, and subscribe with the queue's detail", async () => {
    const resynced = nextMessage(socket, "snapshot");
    socket.emit("resync");
    const snapshot = await resynced;
    const queueSid = snapshot.snapshot.queues[0]!.sid;

    const detail = nextMessage(socket, "snapshot", (m) => m.room.startsWith("queue:"));
    const ack = await new Promise<{ ok: boolean }>((resolve) => socket.emit("subscribe", { queueSid, minutes: 30 }, resolve));
    expect(ack.ok).toBe(true);
    const message = await detail;
    expect(message.room).toBe(`queue:${queueSid}|m30`);
    expect(message.snapshot.queues.map((q) => q.sid)).toEqual([queueSid]);
    expect(Array.isArray(message.snapshot.queues[0]!.tasks)).toBe(true);

    const rejected = await new Promise<{ ok: boolean; error?: string }>((resolve) =>
      socket.emit("subscribe", { queueSid: "bogus", minutes: null }, resolve),
    );
    expect(rejected.ok).toBe(false);
  });
});
