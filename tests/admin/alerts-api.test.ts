/** The alert webhook set by an admin: validated, stored, audited without the URL, in force at once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sid, TaskScript } from "@/tests/support/events";
import { getMetrics, postEvents } from "@/tests/support/http";
import { WebhookReceiver } from "@/tests/support/webhook-receiver";
import { call, createUser, envToken, login } from "../auth/http";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
const receiver = new WebhookReceiver();
const hooks = receiver.bodies;
let hookUrl = "";
const SECRET_PATH = "/services/T0SECRET/B0SECRET/do-not-show";

beforeAll(async () => {
  hookUrl = (await receiver.start(SECRET_PATH)).url;
  app = await startTestApp();
  await createUser(app, "lead", "supervisor");
});

afterAll(async () => {
  await app?.close();
  await receiver.stop();
});

const auditText = async () =>
  JSON.stringify(
    (await app.services.db.prisma.auditEntry.findMany({ where: { action: "alerts.update" } })).map(({ id: _id, ...entry }) => entry),
  );

describe("alert webhook settings", () => {
  it("starts off, refuses bad values and non-admins, and never stores the URL in the audit log", async () => {
    expect(await (await call(app, envToken, "GET", "/api/admin/alerts")).json()).toEqual({
      enabled: false,
      host: null,
      cooldownSeconds: 300,
      source: "none",
    });
    const plainHttp = await call(app, envToken, "PUT", "/api/admin/alerts", {
      webhookUrl: `http://hooks.example.com${SECRET_PATH}`,
      cooldownSeconds: 60,
    });
    expect(plainHttp.status).toBe(400);
    expect(await plainHttp.text()).toMatch(/webhookUrl.*https/);
    const tooOften = await call(app, envToken, "PUT", "/api/admin/alerts", { webhookUrl: hookUrl, cooldownSeconds: 1 });
    expect(tooOften.status).toBe(400);
    const supervisor = await login(app, "lead");
    expect((await call(app, supervisor, "PUT", "/api/admin/alerts", { webhookUrl: hookUrl, cooldownSeconds: 60 })).status).toBe(403);
    expect((await call(app, supervisor, "GET", "/api/admin/alerts")).status).toBe(403);
    const audit = await auditText();
    expect(audit).toContain("error");
    expect(audit).not.toContain("SECRET");
    expect(audit).not.toContain("do-not-show");
  });

  it("sends to the URL an admin saves when a queue turns critical, and stops when turned off", async () => {
    const saved = await call(app, envToken, "PUT", "/api/admin/alerts", { webhookUrl: hookUrl, cooldownSeconds: 60 });
    expect(saved.status).toBe(200);
    const host = new URL(hookUrl).host;
    expect(((await saved.json()) as { result: unknown }).result).toEqual({ enabled: true, host, cooldownSeconds: 60, source: "admin" });
    expect(await (await call(app, envToken, "GET", "/api/admin/alerts")).json()).toEqual({
      enabled: true,
      host,
      cooldownSeconds: 60,
      source: "admin",
    });
    const audit = await app.services.db.prisma.auditEntry.findFirst({
      where: { action: "alerts.update", result: "success" },
      orderBy: { id: "desc" },
    });
    expect(audit).toMatchObject({
      targetType: "settings",
      targetSid: "alert-webhook",
      after: { enabled: true, host, cooldownSeconds: 60 },
    });
    expect(await auditText()).not.toContain("do-not-show");

    // A caller waiting 90 s: critical at once; the server's next check posts one message.
    const api = await getMetrics(app);
    const queue = api.queues[0];
    if (!queue) throw new Error("no queue");
    const task = new TaskScript(sid("WT"), Date.now() - 90_000);
    await postEvents(app, api.workspace.sid, [task.created(), task.entered(task.createdAtMs + 500, queue.sid)]);
    await expect.poll(() => hooks.length, { timeout: 15_000 }).toBe(1);
    expect(hooks[0]).toMatchObject({ queues: [{ queueSid: queue.sid, name: queue.friendlyName }] });

    const off = await call(app, envToken, "PUT", "/api/admin/alerts", { webhookUrl: null, cooldownSeconds: 60 });
    expect(((await off.json()) as { result: unknown }).result).toEqual({
      enabled: false,
      host: null,
      cooldownSeconds: 60,
      source: "admin",
    });
  }, 30_000);
});
