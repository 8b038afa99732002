/**
 * What the emulator does the way Twilio documents it, through the real `twilio` SDK and the signed
 * callback delivery: channel fields, task.system-deleted, reservation.failed, skip_if and
 * workflow.skipped, several reservations per task (MaxReservedWorkers), Task ETag / If-Match.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TTL_REASON, WORKFLOW_SKIPPED_REASON } from "@/lib/emulator/lifecycle";
import { restError, startTestEmulator, type TestEmulator } from "./helpers";
import { Receiver } from "./receiver";
import { lab, SMALL_CENTRE } from "./small-centre";

let t: TestEmulator;
let receiver: Receiver;
let l: ReturnType<typeof lab>;

beforeEach(async () => {
  receiver = await new Receiver().listen();
  t = await startTestEmulator({ contactCentre: SMALL_CENTRE });
  t.emulator.setEventCallbackUrl(receiver.url);
  l = lab(t.emulator);
});

afterEach(async () => {
  await t.emulator.close();
  await receiver.close();
});

/** Every callback delivered so far (all signed correctly), in emission order. */
async function delivered() {
  await t.emulator.delivery.whenIdle();
  expect(receiver.received.every((r) => r.valid)).toBe(true);
  const order = new Map(t.emulator.engine.state.events.map((event, index) => [event.sid, index]));
  return receiver.received.map((r) => r.params).sort((a, b) => order.get(a.Sid!)! - order.get(b.Sid!)!);
}

const ofType = (events: Record<string, string>[], type: string) => events.filter((e) => e.EventType === type);

const COMMON = ["Sid", "EventType", "AccountSid", "WorkspaceSid", "WorkspaceName", "ResourceType", "ResourceSid", "EventDescription"];
const TIME = ["Timestamp", "TimestampMs"];
const WORKER = ["WorkerSid", "WorkerName", "WorkerAttributes", "WorkerActivitySid", "WorkerActivityName", "WorkerVersion"];
const CHANNEL = [
  "WorkerChannelAvailable",
  "WorkerChannelAvailableCapacity",
  "WorkerChannelPreviousCapacity",
  "TaskChannelSid",
  "TaskChannelUniqueName",
  "WorkerChannelTaskCount",
];

describe("worker channel events", () => {
  it("carry exactly the documented fields, with capacity, previous capacity and task count", async () => {
    const alice = l.workerSid("Alice");
    l.setActivity("Alice", "available");
    const chat = await t.ws.tasks.create({ taskChannel: "chat", attributes: JSON.stringify({ type: "sales" }) });
    const [reservation] = await t.ws.tasks(chat.sid).reservations.list();
    await t.ws.tasks(chat.sid).reservations(reservation!.sid).update({ reservationStatus: "accepted" });

    await t.ws.workers(alice).workerChannels("chat").update({ capacity: 2 });
    await t.ws.workers(alice).workerChannels("chat").update({ available: false });

    const events = await delivered();
    const [capacity] = ofType(events, "worker.capacity.update");
    const [availability] = ofType(events, "worker.channel.availability.update");
    for (const event of [capacity!, availability!]) {
      expect(Object.keys(event).sort()).toEqual([...COMMON, ...TIME, ...WORKER, ...CHANNEL].sort());
    }
    expect(capacity).toMatchObject({
      WorkerSid: alice,
      TaskChannelUniqueName: "chat",
      WorkerChannelAvailable: "true",
      WorkerChannelPreviousCapacity: "3",
      WorkerChannelAvailableCapacity: "1",
      WorkerChannelTaskCount: "1",
    });
    expect(availability).toMatchObject({
      WorkerChannelAvailable: "false",
      WorkerChannelPreviousCapacity: "2",
      WorkerChannelAvailableCapacity: "1",
      WorkerChannelTaskCount: "1",
    });
  });

  it("the WorkerChannel resource has exactly twilio-oai's fields, and a task in wrap-up still takes capacity", async () => {
    const alice = l.workerSid("Alice");
    l.setActivity("Alice", "available");
    const chat = await t.ws.tasks.create({ taskChannel: "chat", attributes: JSON.stringify({ type: "sales" }) });
    const [reservation] = await t.ws.tasks(chat.sid).reservations.list();
    await t.ws.tasks(chat.sid).reservations(reservation!.sid).update({ reservationStatus: "accepted" });
    await t.ws.tasks(chat.sid).update({ assignmentStatus: "wrapping" });
    await t.ws.workers(alice).workerChannels("chat").update({ capacity: 4 });
    const uri = `${t.emulator.baseUrl}/v1/Workspaces/${t.emulator.workspaceSid}/Workers/${alice}/Channels/chat`;
    const body = (await t.client.request({ method: "get", uri })).body as Record<string, unknown>;
    // spec/json/twilio_taskrouter_v1.json, taskrouter.v1.workspace.worker.worker_channel
    expect(Object.keys(body).sort()).toEqual(
      [
        "account_sid",
        "assigned_tasks",
        "available",
        "available_capacity_percentage",
        "configured_capacity",
        "date_created",
        "date_updated",
        "sid",
        "task_channel_sid",
        "task_channel_unique_name",
        "worker_sid",
        "workspace_sid",
        "url",
      ].sort(),
    );
    expect(body).toMatchObject({ assigned_tasks: 1, configured_capacity: 4, available: true, available_capacity_percentage: 75 });
    const [capacity] = ofType(await delivered(), "worker.capacity.update");
    expect(capacity).toMatchObject({
      WorkerChannelPreviousCapacity: "3",
      WorkerChannelAvailableCapacity: "3",
      WorkerChannelTaskCount: "1",
    });
  });
});

describe("task.system-deleted", () => {
  it("follows task.canceled when a waiting task reaches its TTL; the task is gone from the REST API", async () => {
    const task = await t.ws.tasks.create({ taskChannel: "voice", timeout: 30, attributes: JSON.stringify({ type: "sales" }) });
    t.clock.advance(30_000);
    const events = (await delivered()).filter((e) => e.TaskSid === task.sid);
    expect(events.map((e) => e.EventType).slice(-2)).toEqual(["task.canceled", "task.system-deleted"]);
    const deleted = events.at(-1)!;
    expect(deleted).toMatchObject({
      ResourceType: "Task",
      ResourceSid: task.sid,
      TaskAssignmentStatus: "canceled",
      TaskCanceledReason: TTL_REASON,
      TaskQueueSid: l.queue("sales"),
      WorkflowSid: l.centre.workflowSid,
    });
    expect((await restError(t.ws.tasks(task.sid).fetch())).status).toBe(404);
    const stats = await t.ws.cumulativeStatistics().fetch({ minutes: 5 });
    expect(stats.tasksDeleted).toBe(1);
    expect(stats.tasksCanceled).toBe(1);
  });
});

describe("reservation.failed", () => {
  it("is sent without worker fields when the reserved worker is deleted; the task is offered again", async () => {
    l.setActivity("Alice", "available");
    const task = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    const [reservation] = await t.ws.tasks(task.sid).reservations.list();
    expect(reservation?.workerName).toBe("Alice");
    await t.ws.workers(l.workerSid("Alice")).remove();
    expect((await t.ws.tasks(task.sid).fetch()).assignmentStatus).toBe("pending");
    l.setActivity("Bob", "available");

    const events = await delivered();
    const [failed] = ofType(events, "reservation.failed");
    expect(failed).toMatchObject({
      ResourceType: "Reservation",
      ResourceSid: reservation!.sid,
      ReservationSid: reservation!.sid,
      TaskSid: task.sid,
      TaskQueueSid: l.queue("sales"),
      WorkflowSid: l.centre.workflowSid,
    });
    expect(Object.keys(failed!).filter((key) => key.startsWith("Worker"))).toEqual([]);
    const afterFailure = events.slice(events.indexOf(failed!) + 1).filter((e) => e.TaskSid === task.sid);
    expect(afterFailure.map((e) => [e.EventType, e.WorkerName])).toEqual([["reservation.created", "Bob"]]);
  });

  it("refuses to delete a worker who has accepted a task", async () => {
    l.setActivity("Alice", "available");
    const task = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    const [reservation] = await t.ws.tasks(task.sid).reservations.list();
    await t.ws.tasks(task.sid).reservations(reservation!.sid).update({ reservationStatus: "accepted" });
    expect(await restError(t.ws.workers(l.workerSid("Alice")).remove())).toMatchObject({ status: 400, code: 20001 });
  });
});

describe("skip_if", () => {
  const skipping = () =>
    t.ws.workflows.create({
      friendlyName: "Skipping",
      configuration: JSON.stringify({
        task_routing: {
          filters: [
            {
              filter_friendly_name: "Sales first",
              expression: 'type == "sales"',
              targets: [{ queue: l.queue("sales"), skip_if: "workers.available == 0" }],
            },
            {
              filter_friendly_name: "Then support",
              expression: 'type == "sales"',
              targets: [{ queue: l.queue("support"), skip_if: "workers.available == 0" }],
            },
          ],
        },
      }),
    });

  it("skips a target nobody can take to the next filter, then out of the workflow: workflow.skipped", async () => {
    const workflow = await skipping();
    const task = await t.ws.tasks.create({
      workflowSid: workflow.sid,
      taskChannel: "voice",
      attributes: JSON.stringify({ type: "sales" }),
    });
    const events = (await delivered()).filter((e) => e.TaskSid === task.sid);
    expect(events.map((e) => [e.EventType, e.TaskQueueSid ?? null])).toEqual([
      ["task.created", null],
      ["workflow.entered", null],
      ["workflow.target-matched", l.queue("sales")],
      ["task-queue.entered", l.queue("sales")],
      ["task-queue.moved", l.queue("sales")],
      ["workflow.target-matched", l.queue("support")],
      ["task-queue.entered", l.queue("support")],
      ["workflow.skipped", l.queue("support")],
      ["task.canceled", l.queue("support")],
    ]);
    expect(events.at(-2)).toMatchObject({ ResourceType: "Task", WorkflowSid: workflow.sid, WorkflowName: "Skipping" });
    expect(events.at(-1)).toMatchObject({ TaskCanceledReason: WORKFLOW_SKIPPED_REASON });
    const stats = await t.ws.workflows(workflow.sid).cumulativeStatistics().fetch({ minutes: 5 });
    expect(stats).toMatchObject({ tasksEntered: 1, tasksCanceled: 1, tasksMoved: 1, tasksTimedOutInWorkflow: 0 });
  });

  it("does not skip a target with an available worker", async () => {
    const workflow = await skipping();
    l.setActivity("Alice", "available");
    const task = await t.ws.tasks.create({
      workflowSid: workflow.sid,
      taskChannel: "voice",
      attributes: JSON.stringify({ type: "sales" }),
    });
    const fetched = await t.ws.tasks(task.sid).fetch();
    expect(fetched).toMatchObject({ assignmentStatus: "reserved", taskQueueSid: l.queue("sales") });
    expect(ofType(await delivered(), "workflow.skipped")).toEqual([]);
  });

  it("waits where a worker is in the queue but busy when the expression does not hold", async () => {
    const workflow = await skipping();
    l.setActivity("Alice", "available");
    const first = await t.ws.tasks.create({
      workflowSid: workflow.sid,
      taskChannel: "voice",
      attributes: JSON.stringify({ type: "sales" }),
    });
    const [reservation] = await t.ws.tasks(first.sid).reservations.list();
    await t.ws.tasks(first.sid).reservations(reservation!.sid).update({ reservationStatus: "accepted" });
    // Alice is still Available (busy on voice): workers.available == 0 is false, so the second task waits in Sales.
    const second = await t.ws.tasks.create({
      workflowSid: workflow.sid,
      taskChannel: "voice",
      attributes: JSON.stringify({ type: "sales" }),
    });
    expect(await t.ws.tasks(second.sid).fetch()).toMatchObject({ assignmentStatus: "pending", taskQueueSid: l.queue("sales") });
  });
});

describe("several reservations per task (MaxReservedWorkers)", () => {
  it("offers a task to N workers at once; the first to accept wins, the others are rescinded", async () => {
    await t.ws.taskQueues(l.queue("sales")).update({ maxReservedWorkers: 2 });
    l.setActivity("Alice", "available");
    l.setActivity("Bob", "available");
    const task = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    const offered = await t.ws.tasks(task.sid).reservations.list({ reservationStatus: "pending" });
    expect(offered.map((r) => r.workerName).sort()).toEqual(["Alice", "Bob"]);
    const bob = offered.find((r) => r.workerName === "Bob")!;
    const alice = offered.find((r) => r.workerName === "Alice")!;

    await t.ws.workers(l.workerSid("Bob")).reservations(bob.sid).update({ reservationStatus: "accepted" });
    expect((await t.ws.tasks(task.sid).reservations(alice.sid).fetch()).reservationStatus).toBe("rescinded");
    expect(
      await restError(t.ws.workers(l.workerSid("Alice")).reservations(alice.sid).update({ reservationStatus: "accepted" })),
    ).toMatchObject({
      status: 400,
      code: 20001,
    });
    expect((await t.ws.tasks(task.sid).fetch()).assignmentStatus).toBe("assigned");

    const events = (await delivered()).filter((e) => e.TaskSid === task.sid && e.EventType?.startsWith("reservation."));
    expect(events.map((e) => [e.EventType, e.WorkerName])).toEqual([
      ["reservation.created", "Alice"],
      ["reservation.created", "Bob"],
      ["reservation.accepted", "Bob"],
      ["reservation.rescinded", "Alice"],
    ]);
    // Alice's voice capacity is free again: the next sales task is hers.
    const next = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    expect((await t.ws.tasks(next.sid).reservations.list()).map((r) => r.workerName)).toEqual(["Alice"]);

    // Reservations and tasks are counted apart.
    const stats = await t.ws.taskQueues(l.queue("sales")).cumulativeStatistics().fetch({ minutes: 5 });
    expect(stats).toMatchObject({ tasksEntered: 2, reservationsCreated: 3, reservationsAccepted: 1, reservationsRescinded: 1 });
    expect(stats.waitDurationUntilAccepted).toMatchObject({ total: 0 });
  });

  it("keeps the task reserved while another offer is open; a rejection alone does not return it", async () => {
    await t.ws.taskQueues(l.queue("sales")).update({ maxReservedWorkers: 2 });
    l.setActivity("Alice", "available");
    l.setActivity("Bob", "available");
    const task = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    const offered = await t.ws.tasks(task.sid).reservations.list({ reservationStatus: "pending" });
    const alice = offered.find((r) => r.workerName === "Alice")!;
    const bob = offered.find((r) => r.workerName === "Bob")!;
    await t.ws.tasks(task.sid).reservations(alice.sid).update({ reservationStatus: "rejected" });
    expect((await t.ws.tasks(task.sid).fetch()).assignmentStatus).toBe("reserved");
    t.clock.advance(15_000); // Bob's reservation times out too
    expect((await t.ws.tasks(task.sid).reservations(bob.sid).fetch()).reservationStatus).toBe("timeout");
    expect((await t.ws.tasks(task.sid).fetch()).assignmentStatus).toBe("pending");
  });

  it("cancels every open offer when the task is canceled", async () => {
    await t.ws.taskQueues(l.queue("sales")).update({ maxReservedWorkers: 3 });
    l.setActivity("Alice", "available");
    l.setActivity("Bob", "available");
    const task = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    await t.ws.tasks(task.sid).update({ assignmentStatus: "canceled", reason: "hung up" });
    const reservations = await t.ws.tasks(task.sid).reservations.list();
    expect(reservations.map((r) => r.reservationStatus)).toEqual(["canceled", "canceled"]);
  });
});

describe("Task ETag and If-Match", () => {
  it("answers the version as ETag and 412 (20412) to a stale If-Match, changing nothing", async () => {
    const created = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    const read = await t.ws.tasks(created.sid).fetchWithHttpInfo();
    const etag = read.headers.etag!;
    expect(etag).toMatch(/^\d+$/);

    const updated = await t.ws.tasks(created.sid).updateWithHttpInfo({ ifMatch: etag, priority: 4 });
    expect(updated.statusCode).toBe(200);
    expect(Number(updated.headers.etag)).toBeGreaterThan(Number(etag));

    const stale = await restError(t.ws.tasks(created.sid).update({ ifMatch: etag, priority: 9 }));
    expect(stale).toMatchObject({ status: 412, code: 20412 });
    expect(stale.message).toContain(created.sid);
    expect((await t.ws.tasks(created.sid).fetch()).priority).toBe(4);
    expect(await restError(t.ws.tasks(created.sid).remove({ ifMatch: etag }))).toMatchObject({ status: 412 });

    // The ETag is the TaskVersion the callbacks carry.
    const events = (await delivered()).filter((e) => e.TaskSid === created.sid);
    expect(events.at(-1)!.TaskVersion).toBe(updated.headers.etag);
    expect(await t.ws.tasks(created.sid).remove({ ifMatch: `"${updated.headers.etag}"` })).toBe(true);
  });
});

describe("transfers", () => {
  /** Alice has an accepted sales voice task. */
  async function assignedToAlice() {
    l.setActivity("Alice", "available");
    const task = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    const [reservation] = await t.ws.tasks(task.sid).reservations.list();
    await t.ws.tasks(task.sid).reservations(reservation!.sid).update({ reservationStatus: "accepted" });
    return { task: task.sid, initial: reservation!.sid };
  }
  const trail = async (taskSid: string) =>
    (await delivered())
      .filter((e) => e.TaskSid === taskSid && (e.EventType?.startsWith("task.transfer") || e.EventType?.startsWith("reservation.")))
      .map((e) => [e.EventType, e.WorkerName ?? null, e.TaskAssignmentStatus]);

  it("WARM to a worker: the initiator keeps the task until the target accepts, then hands over", async () => {
    const { task, initial } = await assignedToAlice();
    t.clock.advance(10_000); // Alice talks for 10 s before transferring
    l.setActivity("Bob", "available");
    l.engine.tasks.transfer(task, { to: l.workerSid("Bob"), mode: "WARM" });
    expect((await t.ws.tasks(task).fetch()).assignmentStatus).toBe("assigned");
    const offer = (await t.ws.tasks(task).reservations.list({ reservationStatus: "pending" }))[0]!;
    expect(offer.workerName).toBe("Bob");
    await t.ws.workers(l.workerSid("Bob")).reservations(offer.sid).update({ reservationStatus: "accepted" });
    expect((await t.ws.tasks(task).reservations(initial).fetch()).reservationStatus).toBe("completed");
    await t.ws.tasks(task).update({ assignmentStatus: "wrapping" });
    await t.ws.tasks(task).update({ assignmentStatus: "completed", reason: "resolved" });

    expect(await trail(task)).toEqual([
      ["reservation.created", "Alice", "reserved"],
      ["reservation.accepted", "Alice", "assigned"],
      ["task.transfer-initiated", null, "assigned"],
      ["reservation.created", "Bob", "assigned"],
      ["reservation.accepted", "Bob", "assigned"],
      ["task.transfer-completed", null, "assigned"],
      ["reservation.completed", "Alice", "assigned"],
      ["reservation.wrapup", "Bob", "wrapping"],
      ["reservation.completed", "Bob", "completed"],
    ]);
    const transferEvent = (await delivered()).find((e) => e.EventType === "task.transfer-initiated")!;
    expect(transferEvent).toMatchObject({ ResourceType: "Task", TaskQueueSid: l.queue("sales"), WorkflowSid: l.centre.workflowSid });

    // Tasks and reservations apart: one task accepted once, two reservations accepted; Bob completed it.
    const stats = await t.ws.taskQueues(l.queue("sales")).cumulativeStatistics().fetch({ minutes: 5, splitByWaitTime: "5" });
    expect(stats).toMatchObject({ reservationsAccepted: 2, tasksCompleted: 1 });
    // Twilio counts each acceptance's wait from the task's creation: Alice's 0 s and Bob's 10 s.
    expect(stats.waitDurationUntilAccepted).toEqual({ avg: 5, min: 0, max: 10, total: 10 });
    // Two accepted reservations in the split; one task accepted (ours, at its first acceptance).
    expect(stats.splitByWaitTime).toEqual({
      "5": {
        below: { reservations_accepted: 1, tasks_canceled: 0, tasks_accepted: 1 },
        above: { reservations_accepted: 1, tasks_canceled: 0, tasks_accepted: 0 },
      },
    });
    const bob = await t.ws.workers(l.workerSid("Bob")).statistics().fetch({ minutes: 5 });
    const alice = await t.ws.workers(l.workerSid("Alice")).statistics().fetch({ minutes: 5 });
    const completed = (s: { cumulative: Record<string, unknown> }) => s.cumulative.tasks_completed;
    expect([completed(alice), completed(bob)]).toEqual([0, 1]);
    const transfers = (s: { cumulative: Record<string, unknown> }) => s.cumulative.transfers_initiated;
    expect([transfers(alice), transfers(bob)]).toEqual([1, 0]);
  });

  it("WARM to a worker who rejects: the attempt and the transfer fail, the initiator still has the task", async () => {
    const { task } = await assignedToAlice();
    l.setActivity("Bob", "available");
    l.engine.tasks.transfer(task, { to: l.workerSid("Bob"), mode: "WARM" });
    const offer = (await t.ws.tasks(task).reservations.list({ reservationStatus: "pending" }))[0]!;
    await t.ws.workers(l.workerSid("Bob")).reservations(offer.sid).update({ reservationStatus: "rejected" });
    expect((await t.ws.tasks(task).fetch()).assignmentStatus).toBe("assigned");
    expect((await trail(task)).slice(2)).toEqual([
      ["task.transfer-initiated", null, "assigned"],
      ["reservation.created", "Bob", "assigned"],
      ["reservation.rejected", "Bob", "assigned"],
      ["task.transfer-attempt-failed", null, "assigned"],
      ["task.transfer-failed", null, "assigned"],
    ]);
    // The initiator can wrap up again now that no transfer is in progress.
    await t.ws.tasks(task).update({ assignmentStatus: "wrapping" });
  });

  it("WARM withdrawn by the initiator: task.transfer-canceled, the offer is canceled", async () => {
    const { task } = await assignedToAlice();
    l.setActivity("Bob", "available");
    l.engine.tasks.transfer(task, { to: l.workerSid("Bob"), mode: "WARM" });
    expect(await restError(t.ws.tasks(task).update({ assignmentStatus: "wrapping" }))).toMatchObject({ status: 400 });
    l.engine.tasks.cancelTransfer(task);
    expect((await trail(task)).slice(-2)).toEqual([
      ["reservation.canceled", "Bob", "assigned"],
      ["task.transfer-canceled", null, "assigned"],
    ]);
  });

  it("COLD to a queue: the initiator is done at once, the task waits in the new queue; a rejection is one failed attempt", async () => {
    const { task, initial } = await assignedToAlice();
    l.setActivity("Carol", "available");
    l.engine.tasks.transfer(task, { to: l.queue("support"), mode: "COLD" });
    expect((await t.ws.tasks(task).reservations(initial).fetch()).reservationStatus).toBe("completed");
    const fetched = await t.ws.tasks(task).fetch();
    expect(fetched).toMatchObject({ assignmentStatus: "reserved", taskQueueSid: l.queue("support") });
    const offer = (await t.ws.tasks(task).reservations.list({ reservationStatus: "pending" }))[0]!;
    expect(offer.workerName).toBe("Carol");
    await t.ws.workers(l.workerSid("Carol")).reservations(offer.sid).update({ reservationStatus: "rejected" });
    expect((await t.ws.tasks(task).fetch()).assignmentStatus).toBe("pending");
    // Nobody else is in Support: the transfer stays open until the customer hangs up.
    await t.ws.tasks(task).update({ assignmentStatus: "canceled", reason: "hung up" });

    const events = (await delivered()).filter((e) => e.TaskSid === task);
    const fromTransfer = events.slice(events.findIndex((e) => e.EventType === "task.transfer-initiated"));
    expect(fromTransfer.map((e) => [e.EventType, e.TaskQueueSid])).toEqual([
      ["task.transfer-initiated", l.queue("sales")],
      ["reservation.completed", l.queue("sales")],
      ["task-queue.moved", l.queue("sales")],
      ["task-queue.entered", l.queue("support")],
      ["reservation.created", l.queue("support")],
      ["reservation.rejected", l.queue("support")],
      ["task.transfer-attempt-failed", l.queue("support")],
      ["task.canceled", l.queue("support")],
      ["task.transfer-failed", l.queue("support")],
    ]);
  });

  it("refuses a transfer of a task nobody has, to the worker who has it, or to an unknown sid", async () => {
    const { task } = await assignedToAlice();
    const waiting = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    expect(() => l.engine.tasks.transfer(waiting.sid, { to: l.queue("support") })).toThrow(/pending, not assigned/);
    expect(() => l.engine.tasks.transfer(task, { to: l.workerSid("Alice") })).toThrow(/worker who has it/);
    expect(() => l.engine.tasks.transfer(task, { to: `WQ${"0".repeat(32)}` })).toThrow(/not a TaskQueue/);
  });
});

describe("queue and workflow statistics", () => {
  it("longest_relative_task_age_in_queue counts from entering the queue, longest_task_waiting_age from creation", async () => {
    const escalated = l.createTask({ type: "escalate" }); // Sales for 30 s, then Support
    t.clock.advance(5_000);
    const direct = l.createTask({ type: "support" }); // Support from the start
    t.clock.advance(35_000);
    const stats = await t.ws.taskQueues(l.queue("support")).realTimeStatistics().fetch();
    expect(stats).toMatchObject({
      longestTaskWaitingSid: escalated.sid,
      longestTaskWaitingAge: 40,
      longestRelativeTaskSidInQueue: direct.sid,
      longestRelativeTaskAgeInQueue: 35,
      totalTasks: 2,
    });
  });

  it("workflow realtime and cumulative, with tasks_timed_out_in_workflow", async () => {
    l.createTask({ type: "timed" }); // one 20 s target, nobody available: times out of the workflow
    l.createTask({ type: "sales" });
    t.clock.advance(21_000);
    const workflow = t.ws.workflows(l.centre.workflowSid);
    const realtime = await workflow.realTimeStatistics().fetch();
    expect(realtime).toMatchObject({ totalTasks: 1, tasksByStatus: { pending: 1, reserved: 0, assigned: 0, wrapping: 0 } });
    const cumulative = await workflow.cumulativeStatistics().fetch({ minutes: 5, splitByWaitTime: "20,30" });
    expect(cumulative).toMatchObject({ tasksEntered: 2, tasksCanceled: 1, tasksTimedOutInWorkflow: 1, tasksMoved: 1 });
    // The timed-out task waited 20 s: below a 20 s threshold (≤ T), above nothing else.
    expect(cumulative.splitByWaitTime).toEqual({
      "20": {
        below: { reservations_accepted: 0, tasks_canceled: 1, tasks_accepted: 0 },
        above: { reservations_accepted: 0, tasks_canceled: 0, tasks_accepted: 0 },
      },
      "30": {
        below: { reservations_accepted: 0, tasks_canceled: 1, tasks_accepted: 0 },
        above: { reservations_accepted: 0, tasks_canceled: 0, tasks_accepted: 0 },
      },
    });
    const events = (await delivered()).filter((e) => e.EventType?.startsWith("workflow."));
    expect(events.map((e) => e.EventType)).toEqual([
      "workflow.entered",
      "workflow.target-matched",
      "workflow.entered",
      "workflow.target-matched",
      "workflow.timeout",
    ]);
  });
});
