import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/auth/login";
import { LoginLimiter } from "@/lib/auth/login-limiter";
import { createUser, login } from "../auth/http";
import { startTestApp, type TestApp } from "../support/app";

const limits = { failuresPerUserAndAddress: 5, failuresPerAddress: 50, windowSeconds: 60 };

async function parallelBegins(limiter: LoginLimiter): Promise<number> {
  const verdicts = await Promise.all(Array.from({ length: 40 }, () => limiter.begin("ann", "10.0.0.9")));
  return verdicts.filter((verdict) => verdict.allowed).length;
}

describe("login limit under parallel guesses", () => {
  it("lets exactly the limit through when 40 attempts begin at once (memory)", async () => {
    const limiter = LoginLimiter.memory(limits);
    expect(await parallelBegins(limiter)).toBe(5);
    await limiter.close();
  });

  it.skipIf(!process.env.TEST_REDIS_URL)("and through Redis (TEST_REDIS_URL)", async () => {
    const limiter = await LoginLimiter.redis(process.env.TEST_REDIS_URL!, limits, `wallboard-test:${randomUUID()}`);
    try {
      expect(await parallelBegins(limiter)).toBe(5);
    } finally {
      await limiter.close();
    }
  });
});

describe("sign-in over HTTP", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await createUser(app, "racer", "viewer");
    await createUser(app, "walker", "viewer");
  });
  afterAll(async () => {
    await app?.close();
  });

  const post = (body: Record<string, unknown> | string, form = false) =>
    fetch(`${app.url}/api/auth/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": form ? "application/x-www-form-urlencoded" : "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("checks at most the limit's worth of passwords from 40 parallel guesses", async () => {
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => post({ username: "racer", password: `guess-${i}-xxxxxx` })));
    const checked = statuses.filter((response) => response.status === 401).length;
    const refused = statuses.filter((response) => response.status === 429).length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(checked + refused).toBe(40);
  });

  it("a success still works and hands its attempt back", async () => {
    const caller = await login(app, "walker");
    expect(caller.headers.cookie).toMatch(/=/);
  });

  it("never sends the user to another site after sign-in", async () => {
    const cases = [
      "/%09/evil.example/",
      "/\t/evil.example/",
      "/\r/evil.example/",
      "//evil.example/",
      "/\\evil.example/",
      "https://evil.example/",
    ];
    for (const next of cases) {
      const response = await post(new URLSearchParams({ username: "walker", password: "walker-password-123", next }).toString(), true);
      if (response.status === 400) continue; // control characters are refused outright
      expect(response.status).toBe(303);
      const location = response.headers.get("location") ?? "";
      expect(new URL(location, app.url).origin).toBe(new URL(app.url).origin);
    }
  });

  it("answers 400, not 500, for a newline in next", async () => {
    const json = await post({ username: "walker", password: "walker-password-123", next: "/a\nSet-Cookie: x=1" });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: { field?: string } }).error.field).toBe("next");
    const form = await post(new URLSearchParams({ username: "walker", password: "walker-password-123", next: "/a\nb" }).toString(), true);
    expect(form.status).toBe(400);
    const caller = await login(app, "walker");
    const page = await fetch(`${app.url}/login?next=%2Fa%0Ab`, { headers: caller.headers, redirect: "manual" });
    expect(page.status).toBeLessThan(500);
    expect(page.headers.get("location") ?? "/").not.toMatch(/\n/);
  });

  it("normalises what it keeps", () => {
    expect(safeNextPath("/reports?from=2026-01-01#x")).toBe("/reports?from=2026-01-01#x");
    expect(safeNextPath("/a/../b")).toBe("/b");
    expect(safeNextPath("/%09/evil.example/")).toBe("/%09/evil.example/");
    expect(safeNextPath("/\t/evil.example/")).toBe("/");
    expect(safeNextPath("//evil.example")).toBe("/");
    expect(safeNextPath("/\\evil.example")).toBe("/");
    expect(safeNextPath("javascript:alert(1)")).toBe("/");
    expect(safeNextPath(undefined)).toBe("/");
  });
});
