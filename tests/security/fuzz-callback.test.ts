/**
 * 10,000 generated callbacks against the real route: random and hostile fields, huge and
 * negative numbers, NULs and broken encodings, wrong content types, signatures for other URLs.
 * The instance must answer every one without a server error, store only what was signed for it
 * and parses as an event, stay healthy, and give its memory back.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCallback } from "@/lib/events/parse";
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/app";

const RUNS = 10_000;
const CONCURRENCY = 24;
/** Heap growth that would mean something is kept per request (10,000 × a few KiB); far above noise. */
const MAX_HEAP_GROWTH_BYTES = 48 * 1024 * 1024;

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
const settledHeap = () => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

const EVENT_TYPES = [
  "task.created",
  "task-queue.entered",
  "reservation.accepted",
  "worker.activity.update",
  "task.completed",
  "workspace.x",
];
const PARAM_NAMES = [
  "Sid",
  "EventType",
  "TimestampMs",
  "Timestamp",
  "WorkspaceSid",
  "TaskSid",
  "WorkerSid",
  "TaskQueueSid",
  "TaskDateCreated",
  "TaskAge",
  "TaskPriority",
  "TaskAttributes",
  "WorkerActivitySid",
  "WorkerTimeInPreviousActivityMs",
  "TaskVersion",
];

const hostileValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "-1",
    "-0",
    "0",
    "",
    " ",
    "NaN",
    "Infinity",
    "1e308",
    "8640000000000001",
    "9".repeat(400),
    "\uD800",
  ),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.double().map(String),
  fc.integer().map(String),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.string({ maxLength: 5 }).map((s) => s.repeat(2000)),
);

let sidCounter = 0;
const freshSid = fc.constant(null).map(() => `EV${(++sidCounter).toString(16).padStart(32, "f")}`);

const params = fc
  .record(
    {
      Sid: fc.oneof({ weight: 4, arbitrary: freshSid }, { weight: 1, arbitrary: hostileValue }),
      EventType: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...EVENT_TYPES) }, { weight: 1, arbitrary: hostileValue }),
      TimestampMs: fc.oneof(
        { weight: 3, arbitrary: fc.constant(null).map(() => String(Date.now())) },
        { weight: 2, arbitrary: hostileValue },
      ),
      // Half the cases carry no hostile known field, so that signed, valid events reach the store too.
      known: fc.oneof(fc.constant({}), fc.dictionary(fc.constantFrom(...PARAM_NAMES), hostileValue, { minKeys: 1, maxKeys: 6 })),
      random: fc.dictionary(fc.string({ maxLength: 24 }), hostileValue, { maxKeys: 4 }),
    },
    { requiredKeys: ["known", "random"] },
  )
  .map(({ known, random, ...core }) => ({ ...random, ...known, ...core }) as Record<string, string>);

const fuzzCase = fc.record({
  params,
  signing: fc.constantFrom("valid", "valid", "valid", "other-url", "other-token", "random", "missing", "tampered"),
  contentType: fc.constantFrom(
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=iso-8859-1",
    "application/json",
    "text/plain",
    "multipart/form-data; boundary=x",
    null,
  ),
  encoding: fc.constantFrom("form", "form", "form", "json", "raw"),
  raw: fc.uint8Array({ maxLength: 400 }),
  extraHeader: fc.option(
    fc.tuple(
      fc.constantFrom("x-twilio-signature", "x-forwarded-host", "content-encoding", "x-request-id"),
      fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
    ),
  ),
});

type FuzzCase = typeof fuzzCase extends fc.Arbitrary<infer T> ? T : never;

describe("fuzzing the callback route", () => {
  let app: TestApp;
  let signedUrl: string;
  beforeAll(async () => {
    // Generated times go back to 2000, which the parser accepts: the default retention (400 days)
    // would delete those a minute after start, in the middle of a slow run.
    app = await startTestApp({ EVENT_RETENTION_DAYS: "36500" });
    // The emulator's own callbacks (workspace.updated at start) land before the count of what was stored.
    await app.services.embedded?.emulator.delivery.whenIdle();
    signedUrl = `${app.services.publicBaseUrl}/api/taskrouter/events`;
  });
  afterAll(async () => {
    await app?.close();
  });

  function request(c: FuzzCase): { init: RequestInit; signedForUs: boolean } {
    const headers: Record<string, string> = {};
    if (c.contentType) headers["content-type"] = c.contentType;
    let body: string | Blob;
    if (c.encoding === "json") body = JSON.stringify(c.params);
    else if (c.encoding === "raw") body = new Blob([Uint8Array.from(c.raw)]);
    else body = new URLSearchParams(c.params).toString();
    // What the server will decode from a form body is what Twilio would have signed.
    const decoded = typeof body === "string" ? Object.fromEntries(new URLSearchParams(body)) : {};
    const signature = {
      valid: () => twilio.getExpectedTwilioSignature(app.authToken, signedUrl, decoded),
      "other-url": () => twilio.getExpectedTwilioSignature(app.authToken, "https://elsewhere.example/api/taskrouter/events", decoded),
      "other-token": () => twilio.getExpectedTwilioSignature("not-the-token-0123456789", signedUrl, decoded),
      random: () => Buffer.from(c.raw.slice(0, 20)).toString("base64"),
      tampered: () => twilio.getExpectedTwilioSignature(app.authToken, signedUrl, { ...decoded, Extra: "x" }),
      missing: () => null,
    }[c.signing]();
    if (signature !== null) headers["x-twilio-signature"] = signature;
    if (c.extraHeader) headers[c.extraHeader[0]] = c.extraHeader[1];
    // An extra header other than a second signature changes nothing the signature covers.
    const signedForUs = c.signing === "valid" && c.encoding === "form" && c.extraHeader?.[0] !== "x-twilio-signature";
    return { init: { method: "POST", headers, body }, signedForUs };
  }

  it(`answers ${RUNS} generated callbacks without a server error and stores only signed, valid events`, async () => {
    const existing = new Set((await app.services.db.prisma.event.findMany({ select: { sid: true } })).map((row) => row.sid));
    const heapBefore = settledHeap();
    const cases = fc.sample(fuzzCase, { numRuns: RUNS, seed: 1301 });
    const acknowledgedSigned = new Set<string>();
    const statuses = new Map<number, number>();
    const serverErrors: { status: number; c: FuzzCase }[] = [];
    for (let i = 0; i < cases.length; i += CONCURRENCY) {
      await Promise.all(
        cases.slice(i, i + CONCURRENCY).map(async (c) => {
          const { init, signedForUs } = request(c);
          const response = await fetch(`${app.url}/api/taskrouter/events`, init);
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status >= 500) serverErrors.push({ status: response.status, c });
          if (response.status === 204 && signedForUs) acknowledgedSigned.add(c.params.Sid!.trim());
        }),
      );
    }
    expect(serverErrors.slice(0, 3)).toEqual([]);
    // The mix reached every layer: refused signatures, refused events, stored events.
    expect(statuses.get(403) ?? 0).toBeGreaterThan(RUNS / 10);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect(acknowledgedSigned.size).toBeGreaterThan(RUNS / 100);

    const stored = await app.services.db.prisma.event.findMany({ select: { sid: true, params: true } });
    const added = stored.filter((row) => !existing.has(row.sid));
    for (const row of added) {
      expect(acknowledgedSigned.has(row.sid), `stored but not a signed, acknowledged callback: ${JSON.stringify(row.params)}`).toBe(true);
      const reparsed = parseCallback(row.params as Record<string, string>);
      expect(reparsed.ok, `stored but not valid: ${JSON.stringify(reparsed)}`).toBe(true);
    }
    expect(new Set(added.map((row) => row.sid))).toEqual(acknowledgedSigned);

    const health = await fetch(`${app.url}/api/health`, { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
    expect(health.status).toBe(200);
    expect(settledHeap() - heapBefore).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  }, 600_000);
});
