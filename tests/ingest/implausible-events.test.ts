/**
 * Signed callbacks whose values are absurd (a creation time in 1970, an event in the year 3000)
 * or that no database can store (a NUL byte, a number past bigint) are refused with 400 naming
 * the parameter, so TaskRouter does not retry them and the board is not poisoned. Rows that an
 * older version stored anyway are skipped by the rebuild, and health keeps answering.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postSignedCallback, startTestApp, type TestApp } from "@/tests/support/app";
import { callbackParams, sid } from "@/tests/support/events";
import { API_AUTH } from "@/tests/support/http";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const taskCreated = (overrides: Record<string, string> = {}) => {
  const now = Date.now();
  return callbackParams("task.created", now, {
    WorkspaceSid: app.services.twilio.workspaceSid,
    TaskSid: sid("WT"),
    TaskAssignmentStatus: "pending",
    TaskDateCreated: String(Math.floor(now / 1000)),
    ...overrides,
  });
};

const stored = (eventSid: string | undefined) => app.services.db.prisma.event.count({ where: { sid: eventSid ?? "" } });

describe("POST /api/taskrouter/events refuses what cannot be true or stored", () => {
  it.each([
    ["TaskDateCreated", { TaskDateCreated: "1" }],
    ["TaskQueueEnteredDate", { TaskQueueEnteredDate: "32503680000" }],
    ["TimestampMs", { TimestampMs: String(Date.UTC(3000, 0, 1)) }],
    ["TimestampMs", { TimestampMs: "8640000000000001" }],
    ["TimestampMs", { TimestampMs: "99999999999999999999" }],
    ["Timestamp", { TimestampMs: "", Timestamp: "32503680000" }],
    ["TaskAttributes", { TaskAttributes: '{"note":"a\u0000b"}' }],
    ["TaskPriority", { TaskPriority: "99999999999999999999" }],
    ["TaskAge", { TaskAge: "-5" }],
    ["WorkerSid", { WorkerSid: `WK${"0".repeat(100)}` }],
  ])("answers 400 naming %s and stores nothing", async (field, overrides) => {
    const params = Object.fromEntries(Object.entries(taskCreated(overrides)).filter(([, value]) => value !== ""));
    const response = await postSignedCallback(app, params);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { field: string; message: string } };
    expect(body.error.field).toBe(field);
    expect(body.error.message).toContain(field);
    expect(await stored(params.Sid)).toBe(0);
  });

  it("answers 400 to a NUL in a parameter name", async () => {
    const params = taskCreated({ "Odd\u0000Name": "x" });
    const response = await postSignedCallback(app, params);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe("Odd\\0Name");
    expect(await stored(params.Sid)).toBe(0);
  });

  it("accepts the same callback with plausible values", async () => {
    const params = taskCreated({ TaskAge: "3", TaskQueueEnteredDate: String(Math.floor(Date.now() / 1000)) });
    expect((await postSignedCallback(app, params)).status).toBe(204);
    expect(await stored(params.Sid)).toBe(1);
  });
});

describe("rows an older version stored anyway", () => {
  it("are skipped by the rebuild: the board and /api/health stay sane", async () => {
    const workspaceSid = app.services.twilio.workspaceSid;
    const now = Date.now();
    const bad = [
      taskCreated({ TaskDateCreated: "1" }),
      callbackParams("task.updated", now, { WorkspaceSid: workspaceSid, TaskSid: sid("WT"), TimestampMs: "8640000000000001" }),
      callbackParams("task.updated", now, { WorkspaceSid: workspaceSid, TaskSid: sid("WT"), TimestampMs: String(Date.UTC(3000, 0, 1)) }),
    ];
    const timeOf = (params: Record<string, string>) => BigInt(params.TimestampMs!);
    await app.services.db.prisma.event.createMany({
      data: bad.map((params) => ({
        sid: params.Sid!,
        eventType: params.EventType!,
        eventTimeMs: timeOf(params),
        workspaceSid,
        taskSid: params.TaskSid ?? null,
        params,
      })),
    });
    const skipped: string[] = [];
    const read = [];
    for await (const batch of app.services.store.readAll({ onSkipped: (eventSid) => skipped.push(eventSid) })) read.push(...batch);
    expect(skipped.sort()).toEqual(bad.map((params) => params.Sid).sort());
    expect(read.some((event) => bad.some((params) => params.Sid === event.sid))).toBe(false);

    await app.services.live.rebuild(app.services.store);
    const health = await fetch(`${app.url}/api/health`, { headers: API_AUTH });
    expect(health.status).toBe(200);
    const { lastEventAt } = (await health.json()) as { lastEventAt: string | null };
    expect(lastEventAt === null || Date.parse(lastEventAt) <= Date.now() + 60_000).toBe(true);
    const snapshot = app.services.live.snapshot({ now: Date.now(), window: { kind: "today" } });
    expect(snapshot.workspace.realtime.longestTaskWaitingAge).toBeLessThan(3600);
  });
});
