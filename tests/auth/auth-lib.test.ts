import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiToken, findApiToken, listApiTokens, revokeApiToken } from "@/lib/auth/api-tokens";
import { authenticate, ENV_TOKEN_ACTOR, type Principal } from "@/lib/auth/authenticate";
import { bootstrapAdmin } from "@/lib/auth/bootstrap";
import { clearedSessionCookie, parseCookies, SESSION_COOKIE, sessionCookie } from "@/lib/auth/cookies";
import { checkCsrf } from "@/lib/auth/csrf";
import { isPublicPath, requestPathname } from "@/lib/auth/gate";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { can, hasRole, isRole } from "@/lib/auth/roles";
import { createSession, findSession } from "@/lib/auth/sessions";
import { checkCredentials, createUser, updateUser, UserError } from "@/lib/auth/users";
import { openTestDatabase } from "./support";

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let db: TestDb;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.dispose();
});
beforeEach(async () => {
  await db.prisma.session.deleteMany();
  await db.prisma.user.deleteMany();
  await db.prisma.apiToken.deleteMany();
});

const cookieFor = (value: string) => `other=1; ${SESSION_COOKIE}=${value}`;

describe("roles", () => {
  it("orders viewer < supervisor < admin", () => {
    expect(hasRole("admin", "viewer")).toBe(true);
    expect(hasRole("supervisor", "supervisor")).toBe(true);
    expect(hasRole("viewer", "supervisor")).toBe(false);
    expect(hasRole("supervisor", "admin")).toBe(false);
    expect(isRole("root")).toBe(false);
  });

  it("lets supervisors act on tasks and agents, and keeps cancel and user management for admins", () => {
    expect(can("supervisor", "task.priority")).toBe(true);
    expect(can("supervisor", "task.reassign")).toBe(true);
    expect(can("supervisor", "worker.activity")).toBe(true);
    expect(can("supervisor", "task.cancel")).toBe(false);
    expect(can("supervisor", "users.manage")).toBe(false);
    expect(can("viewer", "audit.read")).toBe(false);
    expect(can("admin", "tokens.manage")).toBe(true);
  });
});

describe("passwords", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batter")).toBe(false);
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
    expect(await verifyPassword(hash, "x".repeat(10_000))).toBe(false);
  });
});

describe("cookies", () => {
  it("parses a Cookie header and serialises an httpOnly SameSite session cookie", () => {
    expect(parseCookies('a=1; b = two%20words ; c="q"').get("b")).toBe("two words");
    expect(parseCookies("a=1; a=2").get("a")).toBe("1");
    expect(parseCookies(undefined).size).toBe(0);
    const cookie = sessionCookie("abc", { expiresAt: new Date(Date.now() + 3_600_000), secure: true });
    expect(cookie).toMatch(/^wallboard_session=abc; Path=\/; HttpOnly; SameSite=Lax; Max-Age=(3599|3600); Expires=.+; Secure$/);
    expect(clearedSessionCookie({ secure: false })).toContain("Max-Age=0");
  });
});

describe("sessions", () => {
  it("stores only the cookie's hash, expires, and ends with a disabled user", async () => {
    const user = await createUser(db.prisma, { username: "Alice", password: "alice-password", role: "supervisor" });
    expect(user.username).toBe("alice");
    const now = Date.now();
    const session = await createSession(db.prisma, user.id, { ttlMs: 60_000, now });
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id: session.sessionId } });
    expect(row.id).not.toBe(session.cookieValue);
    expect(row.csrfToken).toBe(session.csrfToken);

    expect((await findSession(db.prisma, session.cookieValue, now))?.user).toMatchObject({ username: "alice", role: "supervisor" });
    expect(await findSession(db.prisma, session.cookieValue, now + 60_001)).toBeNull();
    expect(await findSession(db.prisma, "forged", now)).toBeNull();

    await createUser(db.prisma, { username: "root", password: "root-password", role: "admin" });
    await updateUser(db.prisma, user.id, { disabled: true });
    expect(await findSession(db.prisma, session.cookieValue, now)).toBeNull();
    expect(await checkCredentials(db.prisma, "alice", "alice-password")).toBeNull();
  });

  it("removes expired sessions when new ones are made", async () => {
    const user = await createUser(db.prisma, { username: "bob", password: "bob-password", role: "viewer" });
    await createSession(db.prisma, user.id, { ttlMs: 1_000, now: Date.now() - 10_000 });
    await createSession(db.prisma, user.id);
    expect(await db.prisma.session.count()).toBe(1);
  });
});

describe("users", () => {
  it("checks credentials case-insensitively on the username and refuses duplicates", async () => {
    await createUser(db.prisma, { username: "carol", password: "carol-password", role: "viewer" });
    expect(await checkCredentials(db.prisma, " CAROL ", "carol-password")).toMatchObject({ username: "carol", role: "viewer" });
    expect(await checkCredentials(db.prisma, "carol", "wrong-password")).toBeNull();
    expect(await checkCredentials(db.prisma, "nobody", "carol-password")).toBeNull();
    await expect(createUser(db.prisma, { username: "Carol", password: "x-password-1", role: "admin" })).rejects.toMatchObject({
      status: 409,
      field: "username",
    });
  });

  it("never demotes or disables the last enabled admin", async () => {
    const admin = await createUser(db.prisma, { username: "root", password: "root-password", role: "admin" });
    await expect(updateUser(db.prisma, admin.id, { role: "viewer" })).rejects.toBeInstanceOf(UserError);
    await expect(updateUser(db.prisma, admin.id, { disabled: true })).rejects.toMatchObject({ status: 409 });
    await createUser(db.prisma, { username: "second", password: "second-password", role: "admin" });
    const { before, after } = await updateUser(db.prisma, admin.id, { role: "supervisor" });
    expect([before.role, after.role]).toEqual(["admin", "supervisor"]);
  });

  it("ends other sessions on a password change, keeping the caller's", async () => {
    const user = await createUser(db.prisma, { username: "dave", password: "dave-password", role: "viewer" });
    const mine = await createSession(db.prisma, user.id);
    const other = await createSession(db.prisma, user.id);
    await updateUser(db.prisma, user.id, { password: "dave-new-password" }, { keepSession: mine.sessionId });
    expect(await findSession(db.prisma, mine.cookieValue)).not.toBeNull();
    expect(await findSession(db.prisma, other.cookieValue)).toBeNull();
    expect(await checkCredentials(db.prisma, "dave", "dave-new-password")).not.toBeNull();
  });
});

describe("API tokens", () => {
  it("shows the token once, stores its hash, and stops working when revoked", async () => {
    const { token, summary } = await createApiToken(db.prisma, { name: "exporter", role: "viewer", createdBy: "root" });
    expect(token).toMatch(/^wbt_[\w-]{43}$/);
    const stored = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: summary.id } });
    expect(stored.tokenHash).not.toContain(token);
    expect(await findApiToken(db.prisma, token)).toMatchObject({ name: "exporter", role: "viewer" });
    expect((await listApiTokens(db.prisma))[0]?.lastUsedAt).not.toBeNull();
    expect((await revokeApiToken(db.prisma, summary.id))?.revokedAt).not.toBeNull();
    expect(await findApiToken(db.prisma, token)).toBeNull();
    expect(await revokeApiToken(db.prisma, "00000000-0000-0000-0000-000000000000")).toBeNull();
  });
});

describe("authenticate", () => {
  const context = () => ({ prisma: db.prisma, envApiToken: "env-token-0123456789" });

  it("accepts DASHBOARD_API_TOKEN as an admin bearer token", async () => {
    const result = await authenticate(context(), { authorization: "Bearer env-token-0123456789" });
    expect(result).toMatchObject({ ok: true, principal: { via: "env-token", actor: ENV_TOKEN_ACTOR, role: "admin", csrfToken: null } });
  });

  it("accepts an admin-made token with its role, and a session cookie with the user's role", async () => {
    const { token } = await createApiToken(db.prisma, { name: "ci", role: "supervisor", createdBy: "root" });
    expect(await authenticate(context(), { authorization: `Bearer ${token}` })).toMatchObject({
      ok: true,
      principal: { via: "api-token", actor: "token:ci", role: "supervisor" },
    });
    const user = await createUser(db.prisma, { username: "erin", password: "erin-password", role: "viewer" });
    const session = await createSession(db.prisma, user.id);
    expect(await authenticate(context(), { cookie: cookieFor(session.cookieValue) })).toMatchObject({
      ok: true,
      principal: { via: "session", actor: "erin", role: "viewer", csrfToken: session.csrfToken },
    });
  });

  it("does not fall back to the cookie when a bearer token is wrong", async () => {
    const user = await createUser(db.prisma, { username: "frank", password: "frank-password", role: "admin" });
    const session = await createSession(db.prisma, user.id);
    const result = await authenticate(context(), { cookie: cookieFor(session.cookieValue), authorization: "Bearer wbt_wrong" });
    expect(result).toEqual({ ok: false, reason: "Unknown or revoked API token" });
    expect((await authenticate(context(), { authorization: "Basic Zm9vOmJhcg==" })).ok).toBe(false);
    expect((await authenticate(context(), {})).ok).toBe(false);
  });
});

describe("CSRF", () => {
  const session: Principal = {
    via: "session",
    actor: "gina",
    role: "admin",
    userId: "u",
    sessionId: "s",
    csrfToken: "the-token",
    expiresAt: new Date(Date.now() + 60_000),
  };
  const input = {
    method: "POST",
    csrfHeader: "the-token",
    origin: "http://wall.example:3000",
    allowedOrigins: ["http://wall.example:3000"],
  };

  it("passes reads, bearer tokens, and cookie writes that carry the session's token from our origin", () => {
    expect(checkCsrf(session, { ...input, method: "GET", csrfHeader: null })).toEqual({ ok: true });
    expect(checkCsrf({ ...session, via: "api-token", csrfToken: null }, { ...input, csrfHeader: null, origin: null })).toEqual({
      ok: true,
    });
    expect(checkCsrf(session, input)).toEqual({ ok: true });
    expect(checkCsrf(session, { ...input, origin: null })).toEqual({ ok: true });
  });

  it("refuses cookie writes without the token, with a wrong one, or from another origin", () => {
    expect(checkCsrf(session, { ...input, csrfHeader: null }).ok).toBe(false);
    expect(checkCsrf(session, { ...input, csrfHeader: "the-tokeN" }).ok).toBe(false);
    expect(checkCsrf(session, { ...input, method: "DELETE", csrfHeader: "" }).ok).toBe(false);
    expect(checkCsrf(session, { ...input, origin: "https://evil.example" })).toEqual({
      ok: false,
      reason: "Cross-site request refused (Origin https://evil.example)",
    });
    expect(checkCsrf(session, { ...input, origin: "null" }).ok).toBe(false);
  });
});

describe("bootstrapAdmin", () => {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  beforeEach(() => {
    lines.length = 0;
  });

  it("creates the admin from ADMIN_USERNAME/ADMIN_PASSWORD and restores that password on the next start", async () => {
    const seed = { mode: "twilio" as const, username: "Boss", password: "boss-password-1" };
    expect(await bootstrapAdmin(db.prisma, seed, log)).toEqual({ kind: "from-env", username: "boss", created: true });
    const boss = await db.prisma.user.findUniqueOrThrow({ where: { username: "boss" } });
    await updateUser(db.prisma, boss.id, { password: "changed-in-the-ui" });
    expect(await bootstrapAdmin(db.prisma, seed, log)).toEqual({ kind: "from-env", username: "boss", created: false });
    expect(await checkCredentials(db.prisma, "boss", "boss-password-1")).toMatchObject({ role: "admin" });
  });

  it("generates and prints a password once in embedded mode when no admin exists", async () => {
    const seed = { mode: "embedded" as const, username: undefined, password: undefined };
    const first = await bootstrapAdmin(db.prisma, seed, log);
    expect(first.kind).toBe("generated");
    const password = first.kind === "generated" ? first.password : "";
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(lines.join("\n")).toContain(password);
    expect(await checkCredentials(db.prisma, "admin", password)).toMatchObject({ role: "admin" });
    lines.length = 0;
    expect(await bootstrapAdmin(db.prisma, seed, log)).toEqual({ kind: "existing" });
    expect(lines).toEqual([]);
  });

  it("only warns in Twilio mode without credentials", async () => {
    expect(await bootstrapAdmin(db.prisma, { mode: "twilio", username: undefined, password: undefined }, log)).toEqual({ kind: "none" });
    expect(lines[0]).toMatch(/ADMIN_USERNAME/);
    expect(await db.prisma.user.count()).toBe(0);
  });
});

describe("request gate paths", () => {
  it("leaves only login, health, the signed callback and static assets open", () => {
    for (const open of ["/login", "/api/auth/login", "/api/health", "/api/taskrouter/events", "/_next/static/chunks/a.js"])
      expect(isPublicPath(open)).toBe(true);
    for (const closed of ["/", "/queues", "/api/metrics", "/api/admin/audit", "/login/x", "/api/health/x", "/_next/image"])
      expect(isPublicPath(closed)).toBe(false);
  });

  it("resolves the path the way Next routes it", () => {
    expect(requestPathname("/api/health/../admin/audit?x=1")).toBe("/api/admin/audit");
    expect(requestPathname("//x/api/health")).toBe("/x/api/health");
    expect(requestPathname("/login/%2e%2e/api/metrics")).toBe("/api/metrics");
  });
});
