/**
 * Live connections keep only the rights they were opened with: revoked tokens, changed passwords,
 * roles, foreign origins and floods, over a real instance and the real Socket.IO client.
 */
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { MAX_PENDING_CONNECTIONS, SNAPSHOT_REQUESTS } from "@/lib/auth/socket-limits";
import type { AuditMessage } from "@/lib/realtime/protocol";
import { call, type Caller, createUser, envToken, login } from "../auth/http";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
const sockets: Socket[] = [];

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await app?.close();
});

function open(options: { headers?: Record<string, string>; token?: string }): Promise<Socket> {
  const socket = io(app.url, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: options.headers ?? {},
    ...(options.token ? { auth: { token: options.token } } : {}),
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("snapshot", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

const disconnected = (socket: Socket) =>
  new Promise<string>((resolve) => {
    if (!socket.connected) resolve("already");
    socket.once("disconnect", (reason) => resolve(reason));
  });

/** A round trip on the socket: everything the server sent it before has arrived. */
const roundTrip = (socket: Socket) =>
  new Promise<void>((resolve) => socket.emit("subscribe", { queueSid: null, minutes: null }, () => resolve()));

describe("live connections", () => {
  it("ends a socket opened with an API token when the token is revoked", async () => {
    const created = await call(app, envToken, "POST", "/api/admin/tokens", { name: "tv-lobby", role: "viewer" });
    expect(created.status).toBe(201);
    const { result } = (await created.json()) as { result: { id: string; token: string } };
    const byAuth = await open({ token: result.token });
    const byHeader = await open({ headers: { authorization: `Bearer ${result.token}` } });
    const ended = [disconnected(byAuth), disconnected(byHeader)];
    expect((await call(app, envToken, "DELETE", `/api/admin/tokens/${result.id}`)).status).toBe(200);
    expect(await Promise.all(ended)).toEqual(["io server disconnect", "io server disconnect"]);
    await expect(open({ token: result.token })).rejects.toThrow(/unauthorized/);
  });

  it("a new password of one's own ends one's other sessions and their sockets, not this one", async () => {
    await createUser(app, "self.changer", "admin");
    const here = await login(app, "self.changer");
    const elsewhere = await login(app, "self.changer");
    const hereSocket = await open({ headers: here.headers });
    const elsewhereSocket = await open({ headers: elsewhere.headers });
    const ended = disconnected(elsewhereSocket);
    const users = (await (await call(app, here, "GET", "/api/admin/users")).json()) as { users: { id: string; username: string }[] };
    const me = users.users.find((user) => user.username === "self.changer")!;
    expect((await call(app, here, "PATCH", `/api/admin/users/${me.id}`, { password: "a-brand-new-password-1" })).status).toBe(200);
    expect(await ended).toBe("io server disconnect");
    expect((await call(app, elsewhere, "GET", "/api/auth/session")).status).toBe(401);
    await roundTrip(hereSocket);
    expect(hereSocket.connected).toBe(true);
  });

  it("pushes audit entries to supervisors and up, never to viewers", async () => {
    await createUser(app, "just.viewing", "viewer");
    await createUser(app, "super.vising", "supervisor");
    const viewer = await open({ headers: (await login(app, "just.viewing")).headers });
    const supervisor = await open({ headers: (await login(app, "super.vising")).headers });
    const toViewer: AuditMessage[] = [];
    viewer.on("audit", (message: AuditMessage) => toViewer.push(message));
    const toSupervisor = new Promise<AuditMessage>((resolve) => supervisor.once("audit", resolve));
    // A refused change to an agent is audited and pushed.
    const refused = await call(app, envToken, "POST", `/api/admin/workers/WK${"0".repeat(32)}/activity`, {});
    expect(refused.status).toBe(400);
    expect((await toSupervisor).action).toBe("worker.activity");
    await roundTrip(viewer);
    expect(toViewer).toEqual([]);
  });

  it("refuses a handshake from another site's page, accepts our own origin", async () => {
    const viewer: Caller = await login(app, "just.viewing");
    await expect(open({ headers: { ...viewer.headers, origin: "https://evil.example" } })).rejects.toThrow(/forbidden/);
    await expect(open({ headers: { ...viewer.headers, origin: app.url.replace("localhost", "127.0.0.1") } })).rejects.toThrow(/forbidden/);
    const ours = await open({ headers: { ...viewer.headers, origin: app.url } });
    expect(ours.connected).toBe(true);
  });

  it("answers only a few resyncs and subscribes per connection; the rest are dropped or told to wait", async () => {
    const socket = await open({ headers: envToken.headers });
    let snapshots = 0;
    socket.on("snapshot", () => {
      snapshots += 1;
    });
    for (let i = 0; i < 200; i++) socket.emit("resync");
    const acks = await Promise.all(
      Array.from(
        { length: 20 },
        () => new Promise<{ ok: boolean; error?: string }>((resolve) => socket.emit("subscribe", { queueSid: null, minutes: 15 }, resolve)),
      ),
    );
    expect(acks.filter((ack) => ack.ok).length).toBe(SNAPSHOT_REQUESTS.points);
    expect(acks.find((ack) => !ack.ok)?.error).toMatch(/Too many subscribe requests/);
    // Every resync was sent before the subscribes were answered.
    expect(snapshots).toBeLessThanOrEqual(2 * SNAPSHOT_REQUESTS.points);
    expect(socket.connected).toBe(true);
  });
});

describe("cross-site writes", () => {
  it("compares the whole origin (scheme, host and port) and ignores X-Forwarded-Host without TRUST_PROXY", async () => {
    const viewer = await login(app, "just.viewing");
    const logout = (headers: Record<string, string>) =>
      fetch(`${app.url}/api/auth/logout`, {
        method: "POST",
        headers: { ...viewer.headers, "x-csrf-token": viewer.csrfToken!, ...headers },
      });
    const port = new URL(app.url).port;
    expect((await logout({ origin: `https://localhost:${port}` })).status).toBe(403);
    expect((await logout({ origin: "http://localhost:1" })).status).toBe(403);
    expect((await logout({ origin: "http://evil.example", "x-forwarded-host": "evil.example" })).status).toBe(403);
    expect((await logout({ origin: app.url })).status).toBe(200);
  });
});

describe("transport connections that never authenticate", () => {
  /** A raw Engine.IO connection: opened (its `open` packet received), never joining a namespace. */
  const openTransport = (): Promise<{ ws: WebSocket; closed: Promise<number> }> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`${app.url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`);
      const closed = new Promise<number>((done) => ws.once("close", (code) => done(code)));
      ws.once("message", () => resolve({ ws, closed }));
      ws.once("error", reject);
    });

  it(`are bounded at ${MAX_PENDING_CONNECTIONS} per instance: the next one is closed at once, the others stay`, async () => {
    const held = [];
    for (let i = 0; i < MAX_PENDING_CONNECTIONS; i++) held.push(await openTransport());
    const extra = await openTransport();
    await extra.closed;
    expect(held.every(({ ws }) => ws.readyState === WebSocket.OPEN)).toBe(true);

    // Room again once they go: a new connection is accepted and kept.
    for (const { ws } of held) ws.close();
    await Promise.all(held.map(({ closed }) => closed));
    const later = await openTransport();
    // Kept: it is answered (a namespace CONNECT without credentials gets CONNECT_ERROR), not closed.
    const answer = new Promise<string>((resolve) => later.ws.once("message", (data) => resolve(String(data))));
    later.ws.send("40");
    expect(await answer).toMatch(/^44/);
    later.ws.close();
  }, 60_000);
});
