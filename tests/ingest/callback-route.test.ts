import { request as httpRequest } from "node:http";
import pg from "pg";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, postSignedCallback, startTestApp, TEST_API_TOKEN, type TestApp } from "@/tests/support/app";

let counter = 0;
const callback = (overrides: Record<string, string> = {}): Record<string, string> => {
  counter += 1;
  return {
    Sid: `EV${String(counter).padStart(32, "0")}`,
    EventType: "task.created",
    AccountSid: "AC00000000000000000000000000000000",
    WorkspaceSid: "WS00000000000000000000000000000001",
    ResourceType: "task",
    ResourceSid: "WT00000000000000000000000000000001",
    TaskSid: "WT00000000000000000000000000000001",
    TaskAssignmentStatus: "pending",
    TaskPriority: "0",
    TaskAttributes: '{"type":"support"}',
    Timestamp: String(Math.floor(Date.now() / 1000)),
    TimestampMs: String(Date.now()),
    ...overrides,
  };
};

const storedCopies = (app: TestApp, sid: string | undefined) => app.services.db.prisma.event.count({ where: { sid: sid ?? "" } });

function contractSuite(name: string, databaseUrl: () => string | undefined) {
  describe(`POST /api/taskrouter/events (${name})`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ DATABASE_URL: databaseUrl() });
    });
    afterAll(async () => {
      await app?.close();
    });

    it("stores a signed event durably and answers 204", async () => {
      const params = callback();
      const response = await postSignedCallback(app, params);
      expect(response.status).toBe(204);
      expect(await storedCopies(app, params.Sid)).toBe(1);
      const row = await app.services.db.prisma.event.findUnique({ where: { sid: params.Sid! } });
      expect(row?.eventType).toBe("task.created");
      expect(row?.taskSid).toBe(params.TaskSid);
      expect(Number(row?.eventTimeMs)).toBe(Number(params.TimestampMs));
      expect(row?.params).toEqual(params);
    });

    it("answers 204 to a duplicate Sid, stores and folds it once", async () => {
      const params = callback({ WorkspaceSid: app.services.twilio.workspaceSid });
      const folded = app.services.live.eventsFolded;
      const responses = await Promise.all([1, 2, 3].map(() => postSignedCallback(app, params)));
      expect(responses.map((r) => r.status)).toEqual([204, 204, 204]);
      expect(await postSignedCallback(app, params).then((r) => r.status)).toBe(204);
      expect(await storedCopies(app, params.Sid)).toBe(1);
      expect(app.services.live.eventsFolded).toBe(folded + 1);
    });

    it("stores an event of another workspace without counting it", async () => {
      const folded = app.services.live.eventsFolded;
      const params = callback({ WorkspaceSid: "WS99999999999999999999999999999999" });
      expect((await postSignedCallback(app, params)).status).toBe(204);
      expect(await storedCopies(app, params.Sid)).toBe(1);
      expect(app.services.live.eventsFolded).toBe(folded);
    });

    it("stores unknown event types", async () => {
      const params = callback({ EventType: "task.some-future-event" });
      expect((await postSignedCallback(app, params)).status).toBe(204);
      expect(await app.services.db.prisma.event.count({ where: { sid: params.Sid! } })).toBe(1);
    });

    it("rejects a missing signature with 403 and stores nothing", async () => {
      const params = callback();
      const response = await postSignedCallback(app, params, { signature: null });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/X-Twilio-Signature/);
      expect(await storedCopies(app, params.Sid)).toBe(0);
    });

    it("rejects a signature made with another auth token, or over other parameters, with 403", async () => {
      const params = callback();
      const url = `${app.services.publicBaseUrl}/api/taskrouter/events`;
      const forged = twilio.getExpectedTwilioSignature("not-the-auth-token", url, params);
      expect((await postSignedCallback(app, params, { signature: forged })).status).toBe(403);
      const signedForOther = twilio.getExpectedTwilioSignature(app.authToken, url, { ...params, TaskPriority: "99" });
      expect((await postSignedCallback(app, params, { signature: signedForOther })).status).toBe(403);
      const wrongUrl = twilio.getExpectedTwilioSignature(app.authToken, "https://elsewhere.example.com/api/taskrouter/events", params);
      expect((await postSignedCallback(app, params, { signature: wrongUrl })).status).toBe(403);
    });

    it.each([
      ["EventType", { EventType: "" }],
      ["Sid", { Sid: "" }],
      ["TimestampMs", { TimestampMs: "", Timestamp: "" }],
    ])("answers 400 naming %s when it is missing", async (field, overrides) => {
      const complete = callback();
      const params = Object.fromEntries(Object.entries({ ...complete, ...overrides }).filter(([, value]) => value !== ""));
      const response = await postSignedCallback(app, params);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { field: string; message: string } };
      expect(body.error.field).toBe(field);
      expect(body.error.message).toContain(field);
      expect(await storedCopies(app, complete.Sid)).toBe(0);
    });

    it("answers 400 to a body that is not a TaskRouter event at all", async () => {
      const response = await postSignedCallback(app, { hello: "world" });
      expect(response.status).toBe(400);
    });

    it("accepts Timestamp in epoch seconds when TimestampMs is absent", async () => {
      const params = callback({ Timestamp: "1700000000" });
      delete params.TimestampMs;
      expect((await postSignedCallback(app, params)).status).toBe(204);
      const row = await app.services.db.prisma.event.findUnique({ where: { sid: params.Sid! } });
      expect(Number(row?.eventTimeMs)).toBe(1_700_000_000_000);
    });

    it("answers 413 over 64 KiB and stores nothing", async () => {
      const params = callback({ TaskAttributes: JSON.stringify({ note: "x".repeat(70 * 1024) }) });
      const response = await postSignedCallback(app, params);
      expect(response.status).toBe(413);
      expect(await storedCopies(app, params.Sid)).toBe(0);
    });

    it("answers 413 to a chunked body that grows past 64 KiB without declaring its length", async () => {
      const params = callback();
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(`${app.url}/api/taskrouter/events`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "not-checked-before-the-size" },
        });
        request.on("response", (response) => {
          let body = "";
          response.on("data", (chunk: Buffer) => {
            body += chunk.toString();
          });
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        });
        request.on("error", reject);
        request.write(new URLSearchParams(params).toString());
        // Written in pieces, as a chunked upload; the server answers once it has read past the limit.
        for (let i = 0; i < 20; i++) request.write(`&pad${i}=${"x".repeat(4096)}`);
        request.end();
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toEqual({ error: { message: "Callback body is larger than 65536 bytes" } });
      expect(await storedCopies(app, params.Sid)).toBe(0);
    });

    it("answers 405 with Allow: POST to any other method", async () => {
      const response = await fetch(`${app.url}/api/taskrouter/events`);
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    });
  });
}

contractSuite("PGlite", () => undefined);

const postgres = process.env.TEST_DATABASE_URL ? await createTestDatabase() : null;
describe.skipIf(!postgres)("with PostgreSQL from TEST_DATABASE_URL", () => {
  afterAll(async () => {
    await postgres?.drop();
  });
  contractSuite("PostgreSQL", () => postgres?.url);

  it("answers 503 while the database refuses connections, and stores again once it is back", async () => {
    const app = await startTestApp({ DATABASE_URL: postgres!.url });
    const name = new URL(postgres!.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
      const params = callback();
      const refused = await postSignedCallback(app, params);
      expect(refused.status).toBe(503);
      const health = await fetch(`${app.url}/api/health`);
      expect(health.status).toBe(503);

      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      expect((await postSignedCallback(app, params)).status).toBe(204);
      expect(await app.services.db.prisma.event.count({ where: { sid: params.Sid! } })).toBe(1);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await admin.end();
      await app.close();
    }
  });
});

describe("with the embedded store closed under it", () => {
  it("answers 503 so that TaskRouter retries, and health says so", async () => {
    const app = await startTestApp();
    try {
      const { driver } = app.services.db;
      if (driver.kind !== "pglite") throw new Error("expected the embedded store");
      await driver.pglite.close();
      expect((await postSignedCallback(app, callback())).status).toBe(503);
      // Details are for signed-in callers; anyone sees the status.
      const health = await fetch(`${app.url}/api/health`, { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
      expect(health.status).toBe(503);
      expect(((await health.json()) as { database: { ok: boolean } }).database.ok).toBe(false);
    } finally {
      await app.close().catch(() => {});
    }
  });
});
