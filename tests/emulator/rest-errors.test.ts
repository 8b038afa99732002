/** Error paths: what the SDK raises (RestException status/code/message/moreInfo) for each mistake. */
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_SID, restError, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emulator.close());

const queueSid = (key: string) => t.emulator.contactCentre!.queues[key]!;
const activitySid = (key: string) => t.emulator.contactCentre!.activities[key]!;
const missing = (prefix: string) => `${prefix}${"f".repeat(32)}`;

async function expectError(promise: Promise<unknown>, status: number, code: number, message?: RegExp) {
  const error = await restError(promise);
  expect(error.status).toBe(status);
  expect(error.code).toBe(code);
  expect(error.moreInfo).toBe(`https://www.twilio.com/docs/errors/${code}`);
  if (message) expect(error.message).toMatch(message);
  return error;
}

describe("authentication", () => {
  it("answers 401 / 20003 to a wrong auth token or account sid", async () => {
    const wrongToken = twilio(ACCOUNT_SID, "not-the-token");
    wrongToken.taskrouter.baseUrl = t.emulator.baseUrl;
    await expectError(wrongToken.taskrouter.v1.workspaces.list(), 401, 20003);
    const wrongAccount = twilio(`AC${"1".repeat(32)}`, "emulator-test-token");
    wrongAccount.taskrouter.baseUrl = t.emulator.baseUrl;
    await expectError(wrongAccount.taskrouter.v1.workspaces(t.emulator.workspaceSid).fetch(), 401, 20003);
  });

  it("answers 401 without credentials", async () => {
    const response = await fetch(`${t.emulator.baseUrl}/v1/Workspaces`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      code: 20003,
      message: "Authenticate",
      more_info: "https://www.twilio.com/docs/errors/20003",
      status: 401,
    });
  });
});

describe("unknown sids → 404 / 20404", () => {
  it.each([
    ["workspace", () => t.client.taskrouter.v1.workspaces(missing("WS")).fetch()],
    ["task", () => t.ws.tasks(missing("WT")).fetch()],
    ["task update", () => t.ws.tasks(missing("WT")).update({ priority: 1 })],
    ["task delete", () => t.ws.tasks(missing("WT")).remove()],
    ["worker", () => t.ws.workers(missing("WK")).fetch()],
    ["activity", () => t.ws.activities(missing("WA")).fetch()],
    ["queue", () => t.ws.taskQueues(missing("WQ")).fetch()],
    ["queue statistics", () => t.ws.taskQueues(missing("WQ")).cumulativeStatistics().fetch()],
    ["workflow", () => t.ws.workflows(missing("WW")).fetch()],
    ["reservation", () => t.ws.workers(missing("WK")).reservations(missing("WR")).fetch()],
    ["event", () => t.ws.events(missing("EV")).fetch()],
    ["task channel", () => t.ws.taskChannels("carrier-pigeon").fetch()],
  ])("%s", async (_, call) => {
    await expectError(call(), 404, 20404, /was not found/);
  });

  it("answers 404 for a path that is no resource", async () => {
    const auth = `Basic ${Buffer.from(`${ACCOUNT_SID}:emulator-test-token`).toString("base64")}`;
    const response = await fetch(`${t.emulator.baseUrl}/v1/Nonsense`, { headers: { authorization: auth } });
    expect(response.status).toBe(404);
    expect((await response.json()).code).toBe(20404);
  });
});

describe("bad parameters → 400 / 20001", () => {
  it("rejects task attributes that are not a JSON object, and bad timeouts and priorities", async () => {
    await expectError(t.ws.tasks.create({ attributes: "{not json" }), 400, 20001, /Attributes/);
    await expectError(t.ws.tasks.create({ attributes: "[1,2]" }), 400, 20001, /JSON object/);
    await expectError(t.ws.tasks.create({ attributes: "{}", timeout: 0 }), 400, 20001, /Timeout/);
    await expectError(t.ws.tasks.create({ attributes: "{}", priority: -1 }), 400, 20001, /Priority/);
    await expectError(t.ws.tasks.create({ attributes: "{}", taskChannel: "fax" }), 400, 20001, /TaskChannel/);
    await expectError(t.ws.tasks.create({ attributes: "{}", workflowSid: missing("WW") }), 400, 20001, /WorkflowSid/);
  });

  it("rejects a worker without a name, with an unknown activity or bad attributes", async () => {
    await expectError(t.ws.workers.create({ friendlyName: "" }), 400, 20001, /FriendlyName/);
    await expectError(t.ws.workers.create({ friendlyName: "X", attributes: "nope" }), 400, 20001, /Attributes/);
    const [worker] = await t.ws.workers.list({ limit: 1 });
    await expectError(t.ws.workers(worker!.sid).update({ activitySid: missing("WA") }), 400, 20001, /ActivitySid/);
    await expectError(t.ws.workers(worker!.sid).workerChannels("voice").update({ capacity: -1 }), 400, 20001, /Capacity/);
  });

  it("rejects an invalid TargetWorkers expression", async () => {
    await expectError(t.ws.taskQueues.create({ friendlyName: "Bad", targetWorkers: "skills HAS" }), 400, 20001, /TargetWorkers/);
    await expectError(t.ws.taskQueues(queueSid("sales")).update({ targetWorkers: "level >= >= 3" }), 400, 20001, /TargetWorkers/);
    await expectError(t.ws.workers.list({ targetWorkersExpression: "((skills HAS 'x'" }), 400, 20001, /TargetWorkersExpression/);
  });

  it("rejects invalid workflow configurations", async () => {
    const create = (configuration: string) => t.ws.workflows.create({ friendlyName: "Bad", configuration });
    await expectError(create("{"), 400, 20001, /not valid JSON/);
    await expectError(create("{}"), 400, 20001, /task_routing/);
    await expectError(
      create(JSON.stringify({ task_routing: { filters: [{ expression: "type ==", targets: [{ queue: queueSid("sales") }] }] } })),
      400,
      20001,
      /filters\[0\]\.expression/,
    );
    await expectError(
      create(JSON.stringify({ task_routing: { filters: [{ expression: "1==1", targets: [{ queue: missing("WQ") }] }] } })),
      400,
      20001,
      /unknown TaskQueue/,
    );
    await expectError(
      create(
        JSON.stringify({
          task_routing: { filters: [{ expression: "1==1", targets: [{ queue: queueSid("sales"), expression: "skills HAS 'x'" }] }] },
        }),
      ),
      400,
      20001,
      /targets\[0\]\.expression/,
    );
    await expectError(
      create(JSON.stringify({ task_routing: { filters: [{ expression: "1==1", targets: [{ queue: queueSid("sales"), timeout: -5 }] }] } })),
      400,
      20001,
      /timeout/,
    );
  });

  it("rejects bad list and statistics parameters", async () => {
    await expectError(t.ws.workers.list({ pageSize: 2000 }), 400, 20001, /PageSize/);
    await expectError(t.ws.events.list({ minutes: 10, startDate: new Date() }), 400, 20001, /Minutes/);
    await expectError(
      t.ws.cumulativeStatistics().fetch({ startDate: new Date(), endDate: new Date(Date.now() - 60_000) }),
      400,
      20001,
      /StartDate/,
    );
    await expectError(t.ws.tasks.list({ evaluateTaskAttributes: "type ===" }), 400, 20001, /EvaluateTaskAttributes/);
    await expectError(t.ws.tasks.list({ ordering: "Color:asc" }), 400, 20001, /Ordering/);
  });

  it("refuses to delete what is in use", async () => {
    await expectError(t.ws.activities(activitySid("offline")).remove(), 400, 20001);
    await expectError(t.ws.taskQueues(queueSid("sales")).remove(), 400, 20001, /used by workflow/);
    await expectError(t.client.taskrouter.v1.workspaces.create({ friendlyName: "Second" }), 400, 20001);
  });
});

describe("state transitions → 400 / 20001", () => {
  it("cannot complete a canceled task, nor cancel a completed one", async () => {
    const task = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    await t.ws.tasks(task.sid).update({ assignmentStatus: "canceled" });
    await expectError(t.ws.tasks(task.sid).update({ assignmentStatus: "completed" }), 400, 20001, /Cannot complete task .* canceled/);
    await expectError(t.ws.tasks(task.sid).update({ assignmentStatus: "canceled" }), 400, 20001, /not pending or reserved/);
    await expectError(t.ws.tasks(task.sid).update({ assignmentStatus: "wrapping" }), 400, 20001, /Cannot wrap up/);
    await expectError(t.ws.tasks(task.sid).update({ assignmentStatus: "assigned" as never }), 400, 20001, /AssignmentStatus/);
  });

  it("cannot accept a reservation twice, nor reject an accepted one", async () => {
    const [worker] = await t.ws.workers.list({ taskQueueSid: queueSid("billing"), limit: 1 });
    await t.ws.workers(worker!.sid).update({ activitySid: activitySid("available") });
    const task = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "billing" }) });
    const [reservation] = await t.ws.tasks(task.sid).reservations.list();
    await t.ws.tasks(task.sid).reservations(reservation!.sid).update({ reservationStatus: "accepted" });
    await expectError(
      t.ws.tasks(task.sid).reservations(reservation!.sid).update({ reservationStatus: "accepted" }),
      400,
      20001,
      /not pending/,
    );
    await expectError(t.ws.tasks(task.sid).reservations(reservation!.sid).update({ reservationStatus: "rejected" }), 400, 20001);
    await expectError(t.ws.tasks(task.sid).update({ assignmentStatus: "canceled" }), 400, 20001, /not pending or reserved/);
    await expectError(t.ws.workers(worker!.sid).remove(), 400, 20001, /active reservation/);
    // The reservation through another worker's path is not found.
    const [other] = await t.ws.workers.list({ taskQueueSid: queueSid("sales"), limit: 1 });
    await expectError(t.ws.workers(other!.sid).reservations(reservation!.sid).fetch(), 404, 20404);
  });
});
