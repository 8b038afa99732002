import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { supervisorCancelReason } from "@/lib/events/types";
import type { AuditMessage } from "@/lib/realtime/protocol";
import { startTestApp, type TestApp } from "../support/app";
import { getMetrics } from "../support/http";
import { type Caller, call, createUser, envToken, login } from "../auth/http";

/**
 * Every admin action against the embedded emulator through the real `twilio` SDK: the routing
 * effect in TaskRouter, the audit row, and the live `audit` push to a connected supervisor.
 */
let app: TestApp;
let supervisor: Caller;
let admin: Caller;
let feed: Socket;
const pushed: AuditMessage[] = [];
let ws: ReturnType<TestApp["services"]["twilio"]["client"]["taskrouter"]["v1"]["workspaces"]>;
const activity: Record<string, string> = {};
const queue: Record<string, string> = {};
let workers: { sid: string; friendlyName: string; skills: string[] }[] = [];
let workflowSid = "";
const created: string[] = [];

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function createTask(attributes: Record<string, unknown>): Promise<string> {
  const task = await ws.tasks.create({ attributes: JSON.stringify(attributes), workflowSid });
  created.push(task.sid);
  await new Promise((resolve) => setTimeout(resolve, 15)); // distinct ages
  return task.sid;
}

const setActivity = (workerSid: string, name: string) =>
  ws.workers(workerSid).update({ activitySid: activity[name]!, ...(name === "Available" ? {} : { rejectPendingReservations: true }) });

const workerWith = (skill: string, not?: string) => {
  const found = workers.find((worker) => worker.skills.includes(skill) && (!not || !worker.skills.includes(not)));
  if (!found) throw new Error(`no worker with ${skill}`);
  return found;
};

async function auditOf(response: Response): Promise<{
  status: number;
  body: { result?: Record<string, unknown>; audit?: AuditMessage; error?: { message: string; field?: string; code?: number | string } };
  auditId: string | null;
}> {
  const body = (await response.json()) as { audit?: AuditMessage };
  return { status: response.status, body, auditId: body.audit?.id ?? response.headers.get("x-audit-id") };
}

beforeAll(async () => {
  app = await startTestApp();
  ws = app.services.twilio.client.taskrouter.v1.workspaces(app.services.twilio.workspaceSid);
  for (const item of await ws.activities.list()) activity[item.friendlyName] = item.sid;
  for (const item of await ws.taskQueues.list()) queue[item.friendlyName] = item.sid;
  workers = (await ws.workers.list()).map((worker) => ({
    sid: worker.sid,
    friendlyName: worker.friendlyName,
    skills: (JSON.parse(worker.attributes) as { skills: string[] }).skills,
  }));
  workflowSid = (await ws.workflows.list())[0]!.sid;
  await createUser(app, "sam", "supervisor");
  await createUser(app, "ada", "admin");
  supervisor = await login(app, "sam");
  admin = await login(app, "ada");
  feed = io(app.url, { transports: ["websocket"], extraHeaders: supervisor.headers });
  feed.on("audit", (message: AuditMessage) => pushed.push(message));
  await new Promise<void>((resolve, reject) => {
    feed.once("connect", resolve);
    feed.once("connect_error", reject);
  });
});

afterEach(async () => {
  // Back to an empty, all-offline centre.
  await Promise.all(workers.map((worker) => setActivity(worker.sid, "Offline")));
  for (const sid of created.splice(0)) {
    const task = await ws.tasks(sid).fetch();
    if (task.assignmentStatus === "pending" || task.assignmentStatus === "reserved")
      await ws.tasks(sid).update({ assignmentStatus: "canceled", reason: "test cleanup" });
    if (task.assignmentStatus === "assigned") await ws.tasks(sid).update({ assignmentStatus: "completed", reason: "test cleanup" });
  }
});

afterAll(async () => {
  feed?.close();
  await app?.close();
});

const pushedWith = (id: string | null) =>
  waitFor(`audit push ${id}`, async () => id !== null && pushed.find((message) => message.id === id));

describe("reprioritise", () => {
  it("puts the task ahead of older lower-priority tasks, audits it and pushes it live", async () => {
    const older = await createTask({ type: "sales", name: "older" });
    const old = await createTask({ type: "sales", name: "old" });
    const urgent = await createTask({ type: "sales", name: "urgent" });
    expect((await ws.tasks(urgent).fetch()).taskQueueSid).toBe(queue.Sales);

    const { status, body, auditId } = await auditOf(
      await call(app, supervisor, "POST", `/api/admin/tasks/${urgent}/priority`, { priority: 10 }),
    );
    expect(status).toBe(200);
    expect(body.result).toEqual({ priority: 10 });
    expect(body.audit).toMatchObject({
      actor: "sam",
      actorRole: "supervisor",
      action: "task.priority",
      targetSid: urgent,
      result: "success",
      after: { priority: 10 },
    });
    expect(body.audit?.before).toMatchObject({ priority: 0, assignmentStatus: "pending", taskQueueName: "Sales" });
    expect((await pushedWith(auditId)).after).toEqual({ priority: 10 });

    const agent = workerWith("sales");
    await setActivity(agent.sid, "Available");
    const reserved = await waitFor("a reservation", async () => {
      const tasks = await Promise.all([older, old, urgent].map((sid) => ws.tasks(sid).fetch()));
      return tasks.find((task) => task.assignmentStatus === "reserved");
    });
    expect(reserved.sid).toBe(urgent);
    const [reservation] = await ws.tasks(urgent).reservations.list();
    expect(reservation?.workerSid).toBe(agent.sid);
    expect((await ws.tasks(older).fetch()).assignmentStatus).toBe("pending");
  });
});

describe("reassign", () => {
  it("to an agent: only that agent is offered the task (known-agent routing)", async () => {
    const task = await createTask({ type: "sales" });
    const chosen = workerWith("support", "sales");
    const { status, body, auditId } = await auditOf(
      await call(app, supervisor, "POST", `/api/admin/tasks/${task}/reassign`, { workerSid: chosen.sid }),
    );
    expect(status).toBe(200);
    expect(body.result).toMatchObject({
      targetWorkerSid: chosen.sid,
      targetWorkerName: chosen.friendlyName,
      taskQueueSid: queue["Direct to agent"],
    });
    expect(JSON.parse((await ws.tasks(task).fetch()).attributes)).toMatchObject({ type: "sales", targetWorkerSid: chosen.sid });
    await pushedWith(auditId);

    // A sales agent who would normally get it is passed over…
    const salesAgent = workerWith("sales");
    await setActivity(salesAgent.sid, "Available");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await ws.tasks(task).fetch()).assignmentStatus).toBe("pending");
    // …and the chosen agent gets it as soon as they are available.
    await setActivity(chosen.sid, "Available");
    const reservation = await waitFor("the chosen agent's reservation", async () => (await ws.tasks(task).reservations.list())[0]);
    expect(reservation.workerSid).toBe(chosen.sid);
  });

  it("to a queue: the task moves there, and a later move to an agent drops the queue target", async () => {
    const task = await createTask({ type: "sales" });
    const toBilling = await auditOf(
      await call(app, supervisor, "POST", `/api/admin/tasks/${task}/reassign`, { taskQueueSid: queue.Billing }),
    );
    expect(toBilling.status).toBe(200);
    expect(toBilling.body.audit).toMatchObject({
      before: { taskQueueName: "Sales" },
      after: { targetTaskQueueName: "Billing", taskQueueSid: queue.Billing },
    });
    expect((await ws.tasks(task).fetch()).taskQueueSid).toBe(queue.Billing);

    const agent = workers[0]!;
    expect((await call(app, supervisor, "POST", `/api/admin/tasks/${task}/reassign`, { workerSid: agent.sid })).status).toBe(200);
    const attributes = JSON.parse((await ws.tasks(task).fetch()).attributes) as Record<string, unknown>;
    expect(attributes.targetWorkerSid).toBe(agent.sid);
    expect(attributes.targetTaskQueueSid).toBeUndefined();
  });

  it("refuses a task an agent already has (409), and an unknown queue or agent (404 naming the field)", async () => {
    const task = await createTask({ type: "sales" });
    const agent = workerWith("sales");
    await setActivity(agent.sid, "Available");
    const reservation = await waitFor("reservation", async () => (await ws.tasks(task).reservations.list())[0]);
    await ws.tasks(task).reservations(reservation.sid).update({ reservationStatus: "accepted" });

    const assigned = await auditOf(
      await call(app, supervisor, "POST", `/api/admin/tasks/${task}/reassign`, { taskQueueSid: queue.Billing }),
    );
    expect(assigned.status).toBe(409);
    expect(assigned.body.error?.message).toMatch(/is assigned/);
    expect(assigned.auditId).not.toBeNull();

    const waiting = await createTask({ type: "sales" });
    const unknownQueue = await auditOf(
      await call(app, supervisor, "POST", `/api/admin/tasks/${waiting}/reassign`, { taskQueueSid: `WQ${"0".repeat(32)}` }),
    );
    expect(unknownQueue.status).toBe(404);
    expect(unknownQueue.body.error).toMatchObject({ field: "taskQueueSid", code: 20404 });
    const unknownWorker = await auditOf(
      await call(app, supervisor, "POST", `/api/admin/tasks/${waiting}/reassign`, { workerSid: `WK${"0".repeat(32)}` }),
    );
    expect(unknownWorker.body.error).toMatchObject({ field: "workerSid", code: 20404 });
  });
});

describe("cancel", () => {
  it("cancels a waiting task (admin only); a finished task can no longer change: 409", async () => {
    const task = await createTask({ type: "support" });
    const denied = await auditOf(await call(app, supervisor, "POST", `/api/admin/tasks/${task}/cancel`, { reason: "duplicate" }));
    expect(denied.status).toBe(403);
    expect(denied.auditId).not.toBeNull();

    const canceled = await auditOf(await call(app, admin, "POST", `/api/admin/tasks/${task}/cancel`, { reason: "duplicate" }));
    expect(canceled.status).toBe(200);
    expect(canceled.body.result).toEqual({ assignmentStatus: "canceled", reason: "duplicate" });
    const fetched = await ws.tasks(task).fetch();
    // TaskRouter holds the marked reason; the audit keeps the one typed.
    expect([fetched.assignmentStatus, fetched.reason]).toEqual(["canceled", supervisorCancelReason("duplicate")]);
    expect((await pushedWith(canceled.auditId)).action).toBe("task.cancel");

    const again = await auditOf(await call(app, admin, "POST", `/api/admin/tasks/${task}/cancel`, { reason: "again" }));
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toMatch(/is canceled: it can no longer be canceled/);
    const priority = await auditOf(await call(app, supervisor, "POST", `/api/admin/tasks/${task}/priority`, { priority: 3 }));
    expect(priority.status).toBe(409);
    const entry = await pushedWith(priority.auditId);
    expect(entry).toMatchObject({ result: "error", before: { assignmentStatus: "canceled" }, after: { requested: { priority: 3 } } });
    expect(entry.errorMessage).toMatch(/^409: /);
  });

  it("a cancel through the dashboard counts as canceled by a supervisor, not as an abandon", async () => {
    const task = await createTask({ type: "support" });
    const queueSid = (await ws.tasks(task).fetch()).taskQueueSid;
    const taskQueue = async () => (await getMetrics(app)).queues.find((q) => q.sid === queueSid);
    const cumulative = async () => (await taskQueue())?.cumulative;
    // The oldest task waiting is this one once the earlier tests' cleanup cancels are folded too.
    const before = await waitFor("the task in the metrics", async () => {
      const found = await taskQueue();
      return found?.realtime.longestTaskWaitingSid === task && found.cumulative;
    });
    const canceled = await call(app, admin, "POST", `/api/admin/tasks/${task}/cancel`, { reason: "duplicate" });
    expect(canceled.status).toBe(200);
    const after = await waitFor("the cancel in the metrics", async () => {
      const now = await cumulative();
      return now !== undefined && now.tasksCanceled > before.tasksCanceled && now;
    });
    expect(after.tasksCanceled).toBe(before.tasksCanceled + 1);
    expect(after.tasksCanceledBySupervisor).toBe(before.tasksCanceledBySupervisor + 1);
    expect(after.tasksAbandoned).toBe(before.tasksAbandoned);
    expect(after.serviceLevel.percent).toBe(before.serviceLevel.percent);
  });
});

describe("worker activity", () => {
  it("changes an agent's activity, and says which sid is unknown", async () => {
    const agent = workers[1]!;
    const changed = await auditOf(
      await call(app, supervisor, "POST", `/api/admin/workers/${agent.sid}/activity`, { activitySid: activity.Break }),
    );
    expect(changed.status).toBe(200);
    expect(changed.body.audit).toMatchObject({
      targetType: "worker",
      before: { workerName: agent.friendlyName, activityName: "Offline" },
      after: { activitySid: activity.Break, activityName: "Break", available: false },
    });
    expect((await ws.workers(agent.sid).fetch()).activityName).toBe("Break");
    await pushedWith(changed.auditId);

    const unknownActivity = await auditOf(
      await call(app, supervisor, "POST", `/api/admin/workers/${agent.sid}/activity`, { activitySid: `WA${"0".repeat(32)}` }),
    );
    expect(unknownActivity.status).toBe(404);
    expect(unknownActivity.body.error).toMatchObject({ field: "activitySid", code: 20404 });
    const unknownWorker = await auditOf(
      await call(app, supervisor, "POST", `/api/admin/workers/WK${"0".repeat(32)}/activity`, { activitySid: activity.Break }),
    );
    expect(unknownWorker.status).toBe(404);
    expect(unknownWorker.body.error?.code).toBe(20404);
    expect(unknownWorker.body.error?.message).toMatch(/not found/);
  });
});

describe("validation", () => {
  it("answers 400 naming the field, and records the attempt", async () => {
    const task = await createTask({ type: "sales" });
    const cases: [string, unknown, string | undefined][] = [
      ["priority", { priority: "high" }, "priority"],
      ["priority", { priority: -1 }, "priority"],
      ["priority", { priority: 1.5 }, "priority"],
      ["priority", {}, "priority"],
      ["priority", { priority: 1, extra: true }, "extra"],
      ["reassign", { taskQueueSid: queue.Billing, workerSid: workers[0]!.sid }, "taskQueueSid"],
      ["reassign", {}, "taskQueueSid"],
      ["reassign", { workerSid: "bob" }, "workerSid"],
      ["cancel", { reason: "  " }, "reason"],
    ];
    for (const [verb, body, field] of cases) {
      const result = await auditOf(await call(app, admin, "POST", `/api/admin/tasks/${task}/${verb}`, body));
      expect({ verb, body, status: result.status, field: result.body.error?.field }).toEqual({ verb, body, status: 400, field });
      expect(result.body.error?.message).toContain(`${field}:`);
      expect(result.auditId).not.toBeNull();
    }
    const notJson = await fetch(`${app.url}/api/admin/tasks/${task}/priority`, {
      method: "POST",
      headers: envToken.headers,
      body: "{priority",
    });
    expect(notJson.status).toBe(400);
    const badSid = await call(app, envToken, "POST", "/api/admin/tasks/not-a-sid/priority", { priority: 1 });
    expect(badSid.status).toBe(404);
    expect((await ws.tasks(task).fetch()).priority).toBe(0);
  });
});

describe("audit log", () => {
  it("lists every attempt newest first with who, what, target, before/after and result, in pages", async () => {
    const task = await createTask({ type: "sales" });
    for (const priority of [1, 2, 3])
      expect((await call(app, supervisor, "POST", `/api/admin/tasks/${task}/priority`, { priority })).status).toBe(200);
    expect((await call(app, supervisor, "POST", `/api/admin/tasks/${task}/cancel`, { reason: "nope" })).status).toBe(403);

    const first = (await (await call(app, supervisor, "GET", `/api/admin/audit?targetSid=${task}&limit=2`)).json()) as {
      entries: AuditMessage[];
      nextBefore: string;
    };
    expect(first.entries.map((entry) => [entry.action, entry.result])).toEqual([
      ["task.cancel", "error"],
      ["task.priority", "success"],
    ]);
    expect(first.entries[1]).toMatchObject({ actor: "sam", targetType: "task", before: { priority: 2 }, after: { priority: 3 } });
    expect(first.entries[0]?.errorMessage).toMatch(/^403: This needs the admin role/);
    const second = (await (
      await call(app, supervisor, "GET", `/api/admin/audit?targetSid=${task}&limit=2&before=${first.nextBefore}`)
    ).json()) as { entries: AuditMessage[]; nextBefore: string | null };
    expect(second.entries.map((entry) => (entry.after as { priority: number }).priority)).toEqual([2, 1]);
    expect(second.nextBefore).toBeNull();

    const failures = (await (await call(app, supervisor, "GET", "/api/admin/audit?result=error&action=task.cancel")).json()) as {
      entries: AuditMessage[];
    };
    expect(failures.entries.every((entry) => entry.result === "error" && entry.action === "task.cancel")).toBe(true);
    expect((await call(app, supervisor, "GET", "/api/admin/audit?limit=0")).status).toBe(400);
    expect((await call(app, supervisor, "GET", "/api/admin/audit?before=abc")).status).toBe(400);

    // What reached the live feed is exactly what was stored.
    const stored = await app.services.db.prisma.auditEntry.findMany({ where: { targetSid: task } });
    for (const row of stored) expect((await pushedWith(row.id.toString())).action).toBe(row.action);
  });

  it("records user and token management without pushing it to the wallboards", async () => {
    const before = pushed.length;
    const made = await call(app, admin, "POST", "/api/admin/tokens", { name: "nightly-export", role: "viewer" });
    expect(made.status).toBe(201);
    const { audit } = (await made.json()) as { audit: AuditMessage; result: { token: string } };
    expect(audit).toMatchObject({ action: "token.create", actor: "ada", after: { name: "nightly-export", role: "viewer" } });
    expect(JSON.stringify(audit)).not.toMatch(/wbt_/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pushed.length).toBe(before);
  });
});
