/** Routing scenarios on a small workspace, stepped with a ManualClock. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TTL_REASON, WORKFLOW_TIMEOUT_REASON } from "@/lib/emulator";
import { startTestEmulator, type TestEmulator } from "./helpers";
import { lab, SMALL_CENTRE } from "./small-centre";

let t: TestEmulator;
let l: ReturnType<typeof lab>;
beforeEach(async () => {
  t = await startTestEmulator({ contactCentre: SMALL_CENTRE });
  l = lab(t.emulator);
});
afterEach(() => t.emulator.close());

const accept = (taskSid: string) =>
  l.engine.tasks.updateReservation({ taskSid }, l.reservationOf(taskSid)!.sid, { reservationStatus: "accepted" });
const complete = (taskSid: string) => l.engine.tasks.update(taskSid, { assignmentStatus: "completed", reason: "done" });

describe("skills", () => {
  it("reserves a worker of the matching queue only", () => {
    l.setActivity("Alice", "available");
    l.setActivity("Carol", "available");
    const support = l.createTask({ type: "support" });
    expect(l.reservedWorkerName(support.sid)).toBe("Carol");
    const sales = l.createTask({ type: "sales" });
    expect(l.reservedWorkerName(sales.sid)).toBe("Alice");
    expect(support.queueSid).toBe(l.queue("support"));
    expect(sales.queueSid).toBe(l.queue("sales"));
  });

  it("applies the target expression on top of queue membership", () => {
    l.setActivity("Alice", "available");
    const senior = l.createTask({ type: "senior" });
    expect(senior.status).toBe("pending");
    l.setActivity("Bob", "available");
    expect(l.reservedWorkerName(senior.sid)).toBe("Bob");
  });
});

describe("ordering", () => {
  it("serves a higher-priority task before an older one", () => {
    const older = l.createTask({ type: "sales" }, { priority: 1 });
    t.clock.advance(5000);
    const urgent = l.createTask({ type: "sales" }, { priority: 10 });
    l.setActivity("Alice", "available");
    expect(l.reservedWorkerName(urgent.sid)).toBe("Alice");
    expect(l.engine.state.tasks.get(older.sid)!.status).toBe("pending");
  });

  it("serves equal priorities first come, first served", () => {
    const first = l.createTask({ type: "sales" });
    t.clock.advance(1000);
    const second = l.createTask({ type: "sales" });
    l.setActivity("Alice", "available");
    expect(l.reservedWorkerName(first.sid)).toBe("Alice");
    expect(l.engine.state.tasks.get(second.sid)!.status).toBe("pending");
  });

  it("gives the task to the longest-idle worker", () => {
    l.setActivity("Bob", "available");
    t.clock.advance(10_000);
    l.setActivity("Alice", "available");
    const task = l.createTask({ type: "sales" });
    expect(l.reservedWorkerName(task.sid)).toBe("Bob");
    // Bob finishes it: now Alice has been idle longest.
    accept(task.sid);
    complete(task.sid);
    t.clock.advance(1000);
    const next = l.createTask({ type: "sales" });
    expect(l.reservedWorkerName(next.sid)).toBe("Alice");
  });
});

describe("escalation", () => {
  it("moves a task to the next target after the target timeout, with events", () => {
    l.setActivity("Carol", "available");
    const mark = l.mark();
    const task = l.createTask({ type: "escalate" });
    expect(task.queueSid).toBe(l.queue("sales"));
    t.clock.advance(29_000);
    expect(task.queueSid).toBe(l.queue("sales"));
    t.clock.advance(1000);
    expect(task.queueSid).toBe(l.queue("support"));
    expect(task.priority).toBe(5);
    expect(l.reservedWorkerName(task.sid)).toBe("Carol");
    const events = l.eventsSince(mark).filter((e) => e.task === task.sid);
    expect(events.map((e) => [e.type, e.queue])).toEqual([
      ["task.created", null],
      ["workflow.entered", null],
      ["workflow.target-matched", l.queue("sales")],
      ["task-queue.entered", l.queue("sales")],
      ["task-queue.timeout", l.queue("sales")],
      ["workflow.target-matched", l.queue("support")],
      ["task-queue.entered", l.queue("support")],
      ["reservation.created", l.queue("support")],
    ]);
    expect(events[6]!.params.TaskPriority).toBe("5");
  });

  it("times out of the workflow after the last target: workflow.timeout and task.canceled", () => {
    const mark = l.mark();
    const task = l.createTask({ type: "timed" });
    t.clock.advance(20_000);
    expect(task.status).toBe("canceled");
    expect(task.reason).toBe(WORKFLOW_TIMEOUT_REASON);
    const types = l.eventsSince(mark).map((e) => e.type);
    expect(types.slice(-3)).toEqual(["task-queue.timeout", "workflow.timeout", "task.canceled"]);
  });

  it("escalates a task whose target expired during a reservation as soon as that reservation fails", () => {
    l.engine.config.updateWorkflow(l.centre.workflowSid, { taskReservationTimeout: 120 });
    l.setActivity("Alice", "available");
    l.setActivity("Carol", "available");
    const task = l.createTask({ type: "escalate" });
    expect(l.reservedWorkerName(task.sid)).toBe("Alice");
    t.clock.advance(40_000); // the 30 s sales target expires while Alice's reservation is pending
    expect(task.queueSid).toBe(l.queue("sales"));
    l.engine.tasks.updateReservation({ taskSid: task.sid }, l.reservationOf(task.sid)!.sid, { reservationStatus: "rejected" });
    expect(task.queueSid).toBe(l.queue("support"));
    expect(l.reservedWorkerName(task.sid)).toBe("Carol");
  });
});

describe("capacity", () => {
  it("holds one voice task but three chats per worker", () => {
    l.setActivity("Alice", "available");
    const voice = [l.createTask({ type: "sales" }), l.createTask({ type: "sales" })];
    expect(voice.map((task) => task.status)).toEqual(["reserved", "pending"]);
    const chats = [1, 2, 3, 4].map(() => l.createTask({ type: "sales" }, { channel: "chat" }));
    expect(chats.map((task) => task.status)).toEqual(["reserved", "reserved", "reserved", "pending"]);
    const channels = l.engine.state.workers.get(l.workerSid("Alice"))!.channels;
    const chat = [...channels.values()].find((c) => l.engine.state.taskChannels.get(c.taskChannelSid)!.uniqueName === "chat")!;
    expect(chat.reserved).toBe(3);
    // Completing one chat frees a slot for the fourth.
    accept(chats[0]!.sid);
    complete(chats[0]!.sid);
    expect(chats[3]!.status).toBe("reserved");
  });
});

describe("reject and timeout", () => {
  it("re-routes a rejected task to another worker and never back to the one who rejected it", () => {
    l.setActivity("Alice", "available");
    const task = l.createTask({ type: "sales" });
    l.engine.tasks.updateReservation({ taskSid: task.sid }, l.reservationOf(task.sid)!.sid, { reservationStatus: "rejected" });
    expect(task.status).toBe("pending");
    t.clock.advance(1000);
    expect(task.status).toBe("pending");
    l.setActivity("Bob", "available");
    expect(l.reservedWorkerName(task.sid)).toBe("Bob");
  });

  it("moves a rejecting worker to the activity given with the rejection", () => {
    l.setActivity("Alice", "available");
    const task = l.createTask({ type: "sales" });
    const mark = l.mark();
    l.engine.tasks.updateReservation({ taskSid: task.sid }, l.reservationOf(task.sid)!.sid, {
      reservationStatus: "rejected",
      workerActivitySid: l.activity("break"),
    });
    expect(l.eventsSince(mark).map((e) => e.type)).toEqual(["reservation.rejected", "worker.activity.update"]);
    expect(l.engine.state.workers.get(l.workerSid("Alice"))!.activitySid).toBe(l.activity("break"));
  });

  it("times out an unanswered reservation, moves the worker to the timeout activity and tries the next", () => {
    l.setActivity("Alice", "available");
    t.clock.advance(1000);
    l.setActivity("Bob", "available");
    const task = l.createTask({ type: "sales" });
    expect(l.reservedWorkerName(task.sid)).toBe("Alice");
    const mark = l.mark();
    t.clock.advance(15_000);
    const events = l.eventsSince(mark);
    expect(events.map((e) => e.type)).toEqual(["reservation.timeout", "worker.activity.update", "reservation.created"]);
    expect(events[1]!.params.WorkerActivityName).toBe("Offline");
    expect(events[1]!.params.WorkerPreviousActivityName).toBe("Available");
    expect(events[1]!.params.WorkerTimeInPreviousActivityMs).toBe("16000");
    expect(l.reservedWorkerName(task.sid)).toBe("Bob");
  });
});

describe("TTL", () => {
  it("cancels a task still waiting when its Timeout runs out", () => {
    const mark = l.mark();
    const task = l.createTask({ type: "sales" }, { timeout: 60 });
    t.clock.advance(59_999);
    expect(task.status).toBe("pending");
    t.clock.advance(1);
    expect(task.status).toBe("canceled");
    const canceled = l.eventsSince(mark).find((e) => e.type === "task.canceled")!;
    expect(canceled.params.TaskCanceledReason).toBe(TTL_REASON);
    expect(canceled.params.EventDescription).toBe(TTL_REASON);
    expect(canceled.params.TaskAge).toBe("60");
  });

  it("cancels the pending reservation of a task whose TTL runs out, then the system deletes the task", () => {
    l.setActivity("Alice", "available");
    l.engine.config.updateWorkflow(l.centre.workflowSid, { taskReservationTimeout: 120 });
    const task = l.createTask({ type: "sales" }, { timeout: 30 });
    const mark = l.mark();
    t.clock.advance(30_000);
    expect(l.eventsSince(mark).map((e) => e.type)).toEqual(["task.canceled", "reservation.canceled", "task.system-deleted"]);
    expect(l.engine.state.tasks.has(task.sid)).toBe(false);
    const voice = l.engine.state.findTaskChannel("voice")!;
    expect(l.engine.state.workers.get(l.workerSid("Alice"))!.channels.get(voice.sid)!.reserved).toBe(0);
  });
});

describe("re-routing on attribute update (admin reassignment)", () => {
  it("targetWorkerSid: rescinds the open reservation and reserves that agent only", async () => {
    l.setActivity("Alice", "available");
    l.setActivity("Bob", "available");
    const task = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    expect(l.reservedWorkerName(task.sid)).toBe("Alice");
    const mark = l.mark();
    const updated = await t.ws
      .tasks(task.sid)
      .update({ attributes: JSON.stringify({ type: "sales", targetWorkerSid: l.workerSid("Bob") }) });
    expect(updated.taskQueueSid).toBe(l.queue("direct"));
    expect(l.reservedWorkerName(task.sid)).toBe("Bob");
    expect(l.eventsSince(mark).map((e) => [e.type, e.queue])).toEqual([
      ["task.updated", l.queue("sales")],
      ["reservation.rescinded", l.queue("sales")],
      ["task-queue.moved", l.queue("sales")],
      ["workflow.target-matched", l.queue("direct")],
      ["task-queue.entered", l.queue("direct")],
      ["reservation.created", l.queue("direct")],
    ]);
  });

  it("targetWorkerSid: waits for that agent even when others are free", async () => {
    l.setActivity("Alice", "available");
    const task = await t.ws.tasks.create({
      taskChannel: "voice",
      attributes: JSON.stringify({ type: "sales", targetWorkerSid: l.workerSid("Carol") }),
    });
    expect(task.assignmentStatus).toBe("pending");
    l.setActivity("Carol", "available");
    expect(l.reservedWorkerName(task.sid)).toBe("Carol");
  });

  it("targetTaskQueueSid: moves the task to that queue", async () => {
    l.setActivity("Carol", "available");
    const task = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    expect(task.taskQueueSid).toBe(l.queue("sales"));
    const updated = await t.ws
      .tasks(task.sid)
      .update({ attributes: JSON.stringify({ type: "sales", targetTaskQueueSid: l.queue("support") }) });
    expect(updated.taskQueueSid).toBe(l.queue("support"));
    expect(l.reservedWorkerName(task.sid)).toBe("Carol");
  });

  it("re-prioritises a waiting task so it is served next", async () => {
    const first = l.createTask({ type: "sales" });
    const second = l.createTask({ type: "sales" });
    await t.ws.tasks(second.sid).update({ priority: 50 });
    l.setActivity("Alice", "available");
    expect(l.reservedWorkerName(second.sid)).toBe("Alice");
    expect(first.status).toBe("pending");
  });
});

describe("ended tasks", () => {
  it("stay fetchable for the retention period, then 404; their events stay", async () => {
    const short = await startTestEmulator({ contactCentre: SMALL_CENTRE, endedTaskRetentionMs: 60_000 });
    try {
      const task = await short.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
      await short.ws.tasks(task.sid).update({ assignmentStatus: "canceled" });
      short.clock.advance(59_000);
      expect((await short.ws.tasks(task.sid).fetch()).assignmentStatus).toBe("canceled");
      short.clock.advance(1000);
      const error = await short.ws
        .tasks(task.sid)
        .fetch()
        .catch((e: { status: number }) => e);
      expect((error as { status: number }).status).toBe(404);
      expect((await short.ws.events.list({ minutes: 10, taskSid: task.sid })).length).toBeGreaterThan(3);
    } finally {
      await short.emulator.close();
    }
  });
});
