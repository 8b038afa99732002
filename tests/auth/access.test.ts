import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { createSession } from "@/lib/auth/sessions";
import { startTestApp, type TestApp } from "../support/app";
import { anonymous, bearer, type Caller, call, createUser, envToken, login } from "./http";

let app: TestApp;
const callers: Record<string, Caller> = {};
let queueSid = "";
const MISSING_TASK = "WT00000000000000000000000000000000";
const MISSING_WORKER = "WK00000000000000000000000000000000";
const MISSING_ACTIVITY = "WA00000000000000000000000000000000";
const MISSING_QUEUE = "WQ00000000000000000000000000000000";

beforeAll(async () => {
  app = await startTestApp();
  for (const role of ["viewer", "supervisor", "admin"] as const) {
    await createUser(app, `${role}1`, role);
    callers[role] = await login(app, `${role}1`);
  }
  callers.anonymous = anonymous;
  callers.badToken = bearer("wbt_not-a-real-token", "badToken");
  // An expired session of a real admin: the cookie is well-formed, only its time is up.
  const admin = await app.services.db.prisma.user.findUniqueOrThrow({ where: { username: "admin1" } });
  const expired = await createSession(app.services.db.prisma, admin.id, { ttlMs: 1_000, now: Date.now() - 60_000 });
  callers.expired = { name: "expired", headers: { cookie: `${SESSION_COOKIE}=${expired.cookieValue}` }, csrfToken: expired.csrfToken };
  queueSid = app.services.live.snapshot({ now: Date.now(), window: { kind: "today" } }).queues[0]!.sid;
});

afterAll(async () => {
  await app?.close();
});

type Expectations = Record<"anonymous" | "badToken" | "expired" | "viewer" | "supervisor" | "admin", number>;
/** Pages send browsers to /login; a script's wrong bearer token gets 401 everywhere. */
const reader = (page = false): Expectations => ({
  anonymous: page ? 303 : 401,
  badToken: 401,
  expired: page ? 303 : 401,
  viewer: 200,
  supervisor: 200,
  admin: 200,
});
const needs = (role: "supervisor" | "admin", allowed: number, page = false): Expectations => ({
  ...reader(page),
  viewer: 403,
  supervisor: role === "admin" ? 403 : allowed,
  admin: allowed,
});

const routes: { method: string; path: () => string; body?: unknown; expect: Expectations }[] = [
  { method: "GET", path: () => "/", expect: reader(true) },
  { method: "GET", path: () => "/agents", expect: reader(true) },
  { method: "GET", path: () => `/queues/${queueSid}`, expect: reader(true) },
  { method: "GET", path: () => "/reports", expect: reader(true) },
  { method: "GET", path: () => "/logout", expect: reader(true) },
  { method: "GET", path: () => "/audit", expect: needs("supervisor", 200, true) },
  { method: "GET", path: () => "/admin", expect: needs("admin", 200, true) },
  { method: "GET", path: () => "/api/metrics", expect: reader() },
  { method: "GET", path: () => "/api/metrics/history?minutes=60", expect: reader() },
  { method: "GET", path: () => "/api/reports/tasks.csv", expect: reader() },
  { method: "GET", path: () => "/api/auth/session", expect: reader() },
  { method: "GET", path: () => "/api/admin/audit", expect: needs("supervisor", 200) },
  { method: "GET", path: () => "/api/admin/options", expect: needs("supervisor", 200) },
  { method: "GET", path: () => "/api/admin/users", expect: needs("admin", 200) },
  { method: "GET", path: () => "/api/admin/tokens", expect: needs("admin", 200) },
  // Allowed callers reach TaskRouter, which knows no such task/worker: 404 proves they got through.
  { method: "POST", path: () => `/api/admin/tasks/${MISSING_TASK}/priority`, body: { priority: 5 }, expect: needs("supervisor", 404) },
  {
    method: "POST",
    path: () => `/api/admin/tasks/${MISSING_TASK}/reassign`,
    body: { taskQueueSid: MISSING_QUEUE },
    expect: needs("supervisor", 404),
  },
  {
    method: "POST",
    path: () => `/api/admin/workers/${MISSING_WORKER}/activity`,
    body: { activitySid: MISSING_ACTIVITY },
    expect: needs("supervisor", 404),
  },
  { method: "POST", path: () => `/api/admin/tasks/${MISSING_TASK}/cancel`, body: { reason: "test" }, expect: needs("admin", 404) },
  { method: "POST", path: () => "/api/admin/users", body: { username: "x", password: "short" }, expect: needs("admin", 400) },
  {
    method: "PATCH",
    path: () => "/api/admin/users/00000000-0000-0000-0000-000000000000",
    body: { role: "viewer" },
    expect: needs("admin", 404),
  },
  { method: "POST", path: () => "/api/admin/tokens", body: { name: "" }, expect: needs("admin", 400) },
  { method: "DELETE", path: () => "/api/admin/tokens/00000000-0000-0000-0000-000000000000", expect: needs("admin", 404) },
];

describe("access matrix: every protected route × caller", () => {
  for (const route of routes) {
    it(`${route.method} ${route.path().replace(/W[TKQA]0{32}/g, "W…")}`, async () => {
      const seen: Record<string, number> = {};
      for (const name of Object.keys(route.expect)) {
        const response = await call(app, callers[name]!, route.method, route.path(), route.body);
        seen[name] = response.status;
        if (response.status === 303) expect(response.headers.get("location")).toMatch(/^\/login/);
        await response.arrayBuffer();
      }
      expect(seen).toEqual(route.expect);
    });
  }

  it("accepts DASHBOARD_API_TOKEN and admin-made tokens with their role, and stops a revoked one", async () => {
    expect((await call(app, envToken, "GET", "/api/admin/users")).status).toBe(200);
    const made = await call(app, envToken, "POST", "/api/admin/tokens", { name: "exporter", role: "viewer" });
    expect(made.status).toBe(201);
    const { result } = (await made.json()) as { result: { id: string; token: string } };
    const exporter = bearer(result.token, "exporter");
    expect((await call(app, exporter, "GET", "/api/metrics")).status).toBe(200);
    expect((await call(app, exporter, "GET", "/api/admin/audit")).status).toBe(403);
    expect((await call(app, envToken, "DELETE", `/api/admin/tokens/${result.id}`)).status).toBe(200);
    expect((await call(app, exporter, "GET", "/api/metrics")).status).toBe(401);
    const listed = (await (await call(app, envToken, "GET", "/api/admin/tokens")).json()) as {
      tokens: { name: string; revokedAt: string | null }[];
    };
    expect(JSON.stringify(listed)).not.toContain(result.token);
    expect(listed.tokens.find((token) => token.name === "exporter")?.revokedAt).not.toBeNull();
  });

  it("leaves health, the login page and the signed callback open (the callback answers 403 to a bad signature, not 401)", async () => {
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${app.url}/login`)).status).toBe(200);
    const unsigned = await fetch(`${app.url}/api/taskrouter/events`, { method: "POST", body: "EventType=task.created&Sid=EV1" });
    expect(unsigned.status).toBe(403);
  });
});

describe("CSRF", () => {
  const path = `/api/admin/tasks/${MISSING_TASK}/priority`;

  it("refuses a cookie-authenticated write without the session's token, with a wrong one, or from another origin", async () => {
    const admin = callers.admin!;
    const missing = await call(app, admin, "POST", path, { priority: 1 }, { csrf: false });
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("csrf");
    const wrong = await call(app, { ...admin, csrfToken: "not-the-token" }, "POST", path, { priority: 1 });
    expect(wrong.status).toBe(403);
    const crossSite = await fetch(`${app.url}${path}`, {
      method: "POST",
      headers: { ...admin.headers, "x-csrf-token": admin.csrfToken!, origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ priority: 1 }),
    });
    expect(crossSite.status).toBe(403);
    // The real thing gets through to TaskRouter (which has no such task).
    expect((await call(app, admin, "POST", path, { priority: 1 })).status).toBe(404);
  });

  it("does not ask bearer-token scripts for a CSRF token", async () => {
    expect((await call(app, envToken, "POST", path, { priority: 1 })).status).toBe(404);
  });
});

describe("login", () => {
  it("sets an httpOnly SameSite cookie with an expiry, and logout ends the session", async () => {
    await createUser(app, "leaver", "viewer");
    const response = await fetch(`${app.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "LEAVER", password: "leaver-password-123" }),
    });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^wallboard_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=(43199|43200); Expires=/);
    const body = (await response.json()) as { user: { username: string; role: string }; csrfToken: string };
    expect(body.user).toEqual({ username: "leaver", role: "viewer" });
    const leaver: Caller = { name: "leaver", headers: { cookie: setCookie.split(";")[0]! }, csrfToken: body.csrfToken };
    const session = (await (await call(app, leaver, "GET", "/api/auth/session")).json()) as {
      can: Record<string, boolean>;
      csrfToken: string;
      reassign: unknown;
    };
    expect(session.csrfToken).toBe(body.csrfToken);
    expect(session.can).toMatchObject({ read: true, "task.priority": false, "users.manage": false });
    // The emulator's workflow routes on both move attributes: neither move is marked unavailable.
    expect(session.reassign).toEqual({ queue: null, worker: null });

    expect((await call(app, leaver, "POST", "/api/auth/logout", {}, { csrf: false })).status).toBe(403);
    const logout = await call(app, leaver, "POST", "/api/auth/logout", {});
    expect(logout.status).toBe(200);
    expect(logout.headers.get("set-cookie")).toMatch(/^wallboard_session=; .*Max-Age=0/);
    expect((await call(app, leaver, "GET", "/api/metrics")).status).toBe(401);
  });

  it("answers a wrong password with 401 and a plain HTML form post with redirects", async () => {
    const wrong = await fetch(`${app.url}/api/auth/login`, {
      method: "POST",
      body: JSON.stringify({ username: "admin", password: "nope" }),
    });
    expect(wrong.status).toBe(401);
    const form = await fetch(`${app.url}/api/auth/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "admin", password: "admin-password-for-tests", next: "/agents" }).toString(),
    });
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe("/agents");
    expect(form.headers.get("set-cookie")).toMatch(/^wallboard_session=/);
    const offsite = await fetch(`${app.url}/api/auth/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "admin", password: "admin-password-for-tests", next: "//evil.example/" }).toString(),
    });
    expect(offsite.headers.get("location")).toBe("/");
  });

  it("rate-limits failed sign-ins per username: the right password is refused while blocked", async () => {
    await createUser(app, "target", "viewer");
    const attempt = (password: string) =>
      fetch(`${app.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "target", password }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    const blocked = await attempt("target-password-123");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another user from the same address is not blocked by target's failures.
    expect((await login(app, "viewer1")).csrfToken).toBeTruthy();
  });
});

describe("Socket.IO", () => {
  const connect = (options: Parameters<typeof io>[1]) =>
    new Promise<{ socket: Socket; error: string | null }>((resolve) => {
      const socket = io(app.url, { transports: ["websocket"], reconnection: false, ...options });
      socket.once("connect", () => resolve({ socket, error: null }));
      socket.once("connect_error", (error) => resolve({ socket, error: error.message }));
    });

  it("refuses anonymous, bad-token and expired-session connections", async () => {
    for (const headers of [{}, callers.badToken!.headers, callers.expired!.headers]) {
      const { socket, error } = await connect({ extraHeaders: headers });
      expect(error).toMatch(/^unauthorized/);
      socket.close();
    }
    const { socket, error } = await connect({ auth: { token: "wbt_nope" } });
    expect(error).toMatch(/^unauthorized/);
    socket.close();
  });

  it("accepts the session cookie, a bearer header or auth.token, and logout closes the session's connections", async () => {
    const viewer = await login(app, "viewer1");
    const byCookie = await connect({ extraHeaders: viewer.headers });
    expect(byCookie.error).toBeNull();
    const byHeader = await connect({ extraHeaders: envToken.headers });
    expect(byHeader.error).toBeNull();
    const byAuth = await connect({ auth: { token: envToken.headers.authorization!.slice("Bearer ".length) } });
    expect(byAuth.error).toBeNull();
    const closed = new Promise<string>((resolve) => byCookie.socket.once("disconnect", resolve));
    expect((await call(app, viewer, "POST", "/api/auth/logout", {})).status).toBe(200);
    expect(await closed).toBe("io server disconnect");
    expect(byHeader.socket.connected).toBe(true);
    for (const { socket } of [byCookie, byHeader, byAuth]) socket.close();
  });
});
