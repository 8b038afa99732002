import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createUser, envToken, login } from "../auth/http";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
let queueSid = "";

beforeAll(async () => {
  app = await startTestApp();
  await createUser(app, "watcher", "viewer");
  queueSid = app.services.live.snapshot({ now: Date.now(), window: { kind: "today" } }).queues[0]?.sid ?? "";
});

afterAll(async () => {
  await app?.close();
});

type Listing = { stored: Record<string, unknown>; effective: { queues: Record<string, { longestWait?: { criticalAtSeconds?: number } }> } };

describe("thresholds API", () => {
  it("stores one queue's thresholds, audits the change and serves them to every board", async () => {
    const saved = await call(app, envToken, "PUT", "/api/admin/thresholds", {
      queueSid,
      longestWait: { warnAtSeconds: 15, criticalAtSeconds: 40 },
    });
    expect(saved.status).toBe(200);
    const listing = (await (await call(app, envToken, "GET", "/api/admin/thresholds")).json()) as Listing;
    expect(listing.stored[queueSid]).toEqual({ longestWait: { warnAtSeconds: 15, criticalAtSeconds: 40 } });
    expect(listing.effective.queues[queueSid]?.longestWait?.criticalAtSeconds).toBe(40);
    const audit = await app.services.db.prisma.auditEntry.findFirst({ where: { action: "thresholds.update" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ result: "success", targetSid: queueSid, targetType: "queue" });
  });

  it("refuses contradictions, unknown queues and non-admins, saying which", async () => {
    const backwards = await call(app, envToken, "PUT", "/api/admin/thresholds", {
      queueSid,
      serviceLevel: { targetPercent: 60, criticalBelowPercent: 90 },
    });
    expect(backwards.status).toBe(400);
    expect(await backwards.text()).toMatch(/criticalBelowPercent \(90\) must not be above targetPercent \(60\)/);
    const unknown = await call(app, envToken, "PUT", "/api/admin/thresholds", { queueSid: "WQ00000000000000000000000000000000" });
    expect(unknown.status).toBe(404);
    const outOfRange = await call(app, envToken, "PUT", "/api/admin/thresholds", { queueSid, waiting: { warnAt: -1 } });
    expect(outOfRange.status).toBe(400);
    const viewer = await login(app, "watcher");
    expect((await call(app, viewer, "PUT", "/api/admin/thresholds", { queueSid })).status).toBe(403);
    // Nothing of the refused attempts was stored.
    const listing = (await (await call(app, envToken, "GET", "/api/admin/thresholds")).json()) as Listing;
    expect(listing.stored[queueSid]).toEqual({ longestWait: { warnAtSeconds: 15, criticalAtSeconds: 40 } });
  });
});
