/** What any visitor sees of the instance: headers, health, refusals that say no more than needed. */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, openBrowser } from "../browser/support/browser";
import { call, envToken, login } from "../auth/http";
import { postSignedCallback, startTestApp, TEST_API_TOKEN, type TestApp } from "../support/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe("response headers", () => {
  it("forbid framing, sniffing and leaking referrers on pages", async () => {
    const response = await fetch(`${app.url}/login`);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-request-id")).toMatch(/^[\w.:-]{8,}$/);
  });

  it.skipIf(!chromiumAvailable)(
    "still let the pages render and run in Chromium, without a policy violation",
    async () => {
      const session = await openBrowser({ width: 1280, height: 800 });
      try {
        await session.context.addInitScript(() => {
          const seen: string[] = [];
          (window as unknown as { cspViolations: string[] }).cspViolations = seen;
          document.addEventListener("securitypolicyviolation", (event) => {
            // zod probes whether eval is allowed (new Function("")) and, refused, validates without it.
            if (event.blockedURI !== "eval") seen.push(`${event.violatedDirective} ${event.blockedURI}`);
          });
        });
        for (const page of ["/", "/agents", "/reports", "/login"]) {
          await session.page.goto(`${app.url}${page}`, { waitUntil: "networkidle" });
          // Next's client runtime is running in the page. (Polled with evaluate: waitForFunction
          // would itself need 'unsafe-eval' under this policy.)
          let running = false;
          for (let attempt = 0; attempt < 300 && !running; attempt++) {
            running = await session.page.evaluate(() => "next" in window);
            if (!running) await new Promise((resolve) => setTimeout(resolve, 100));
          }
          expect(running).toBe(true);
          expect(await session.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
        }
        expect(session.errors).toEqual([]);
      } finally {
        await session.close();
      }
    },
    180_000,
  );
});

describe("health", () => {
  it("tells anyone only whether the instance is up; details to signed-in callers and tokens", async () => {
    const anonymous = await fetch(`${app.url}/api/health`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ status: "ok" });
    const withToken = (await (await fetch(`${app.url}/api/health`, { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } })).json()) as {
      database?: { location: string };
    };
    expect(withToken.database?.location).toMatch(/pglite/);
    const viewer = await login(app, "admin", "admin-password-for-tests");
    expect(((await (await call(app, viewer, "GET", "/api/health")).json()) as { database?: unknown }).database).toBeDefined();
  });
});

describe("refusals", () => {
  it("a callback with a bad signature is refused without saying which URL was signed", async () => {
    const response = await postSignedCallback(app, { Sid: `EV${"1".repeat(32)}`, EventType: "task.created" }, { signature: "bm9wZQ==" });
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).not.toContain(app.services.publicBaseUrl);
    expect(text).not.toContain("/api/taskrouter/events");
  });

  it("a NUL or other control character in an audit filter is a 400 naming the filter, not a 500", async () => {
    for (const field of ["actor", "action", "targetSid"]) {
      const response = await call(app, envToken, "GET", `/api/admin/audit?${field}=a%00b`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    expect((await call(app, envToken, "GET", `/api/admin/audit?actor=${"x".repeat(201)}`)).status).toBe(400);
    expect((await call(app, envToken, "GET", "/api/admin/audit?actor=admin")).status).toBe(200);
  });
});

describe("a request target the URL parser refuses", () => {
  it("is answered without a server error, and the server goes on serving", async () => {
    const { port } = new URL(app.url);
    for (const target of ["http://[", "/api/taskrouter/events/../[", "http://[::1"]) {
      const head = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), "127.0.0.1", () => {
          socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
        });
        let text = "";
        socket.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        socket.on("end", () => resolve(text.split("\r\n")[0] ?? ""));
        socket.on("error", reject);
      });
      expect(head, target).toMatch(/^HTTP\/1\.1 [1-4]\d\d /);
    }
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  });
});
