/**
 * Event callbacks: a local receiver checks every POST with twilio.validateRequest, sees every event
 * type the emulator produces with the documented fields, and drives retries (503), final failures
 * (4xx, refused connections) and EventsFilter.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "./helpers";
import { Receiver } from "./receiver";
import { lab, SMALL_CENTRE } from "./small-centre";

let t: TestEmulator;
let receiver: Receiver;
afterEach(async () => {
  await t.emulator.close();
  await receiver.close();
});

const COMMON = [
  "Sid",
  "EventType",
  "AccountSid",
  "WorkspaceSid",
  "WorkspaceName",
  "ResourceType",
  "ResourceSid",
  "EventDescription",
  "Timestamp",
  "TimestampMs",
];
const TASK = [
  "TaskSid",
  "TaskAttributes",
  "TaskAge",
  "TaskPriority",
  "TaskAssignmentStatus",
  "TaskDateCreated",
  "TaskVersion",
  "TaskChannelSid",
  "TaskChannelUniqueName",
  "WorkflowSid",
  "WorkflowName",
];
const QUEUE = ["TaskQueueSid", "TaskQueueName", "TaskQueueTargetExpression"];
const WORKER = ["WorkerSid", "WorkerName", "WorkerAttributes", "WorkerActivitySid", "WorkerActivityName", "WorkerVersion"];
const PREVIOUS_ACTIVITY = [
  "WorkerTimeInPreviousActivity",
  "WorkerTimeInPreviousActivityMs",
  "WorkerPreviousActivitySid",
  "WorkerPreviousActivityName",
];
const CHANNEL = [
  "WorkerChannelAvailable",
  "WorkerChannelAvailableCapacity",
  "WorkerChannelPreviousCapacity",
  "TaskChannelSid",
  "TaskChannelUniqueName",
  "WorkerChannelTaskCount",
];

/** The documented fields of each event type (reference §1–2). */
function expectedFields(type: string): string[] {
  const [family] = type.split(".");
  if (type.startsWith("reservation.")) return [...TASK, ...QUEUE, ...WORKER, "ReservationSid", "ReservationVersion"];
  if (type === "task.created" || type === "workflow.entered") return TASK;
  if (type === "task.canceled") return [...TASK, ...QUEUE, "TaskCanceledReason"];
  if (type === "task.completed") return [...TASK, ...QUEUE, "TaskCompletedReason"];
  if (
    family === "task" ||
    ["task-queue.entered", "task-queue.moved", "task-queue.timeout", "workflow.target-matched", "workflow.timeout"].includes(type)
  ) {
    return [...TASK, ...QUEUE, "TaskQueueEnteredDate"];
  }
  if (family === "task-queue") return QUEUE;
  if (type === "worker.activity.update") return [...WORKER, ...PREVIOUS_ACTIVITY];
  if (type === "worker.capacity.update" || type === "worker.channel.availability.update") return [...WORKER, ...CHANNEL];
  if (family === "worker") return WORKER;
  if (family === "activity") return ["ActivitySid", "ActivityName", "ActivityAvailable"];
  if (family === "task-channel") return ["TaskChannelSid", "TaskChannelName", "TaskChannelUniqueName", "TaskChannelOptimizedRouting"];
  if (family === "workflow") return ["WorkflowSid", "WorkflowName"];
  return [];
}

/** Drives the small centre through every state change the emulator models. */
async function exerciseEverything(te: TestEmulator) {
  const l = lab(te.emulator);
  const { engine } = l;
  const activity = engine.config.createActivity({ friendlyName: "Training", available: false });
  engine.config.updateActivity(activity.sid, { friendlyName: "Coaching" });
  engine.config.deleteActivity(activity.sid);
  const channel = engine.config.createTaskChannel({ friendlyName: "SMS", uniqueName: "sms" });
  engine.config.updateTaskChannel(channel.sid, { friendlyName: "Text" });
  engine.config.deleteTaskChannel(channel.sid);
  const queue = engine.config.createTaskQueue({ friendlyName: "Spare", targetWorkers: "level >= 9" });
  engine.config.updateTaskQueue(queue.sid, { targetWorkers: "level >= 8" });
  engine.config.deleteTaskQueue(queue.sid);
  const workflow = engine.config.createWorkflow({
    friendlyName: "Spare",
    configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: l.queue("sales") } } }),
  });
  engine.config.updateWorkflow(workflow.sid, { friendlyName: "Spare 2" });
  engine.config.deleteWorkflow(workflow.sid);
  const temp = engine.workers.create({ friendlyName: "Temp", attributes: "{}" });
  engine.workers.update(temp.sid, { attributes: JSON.stringify({ skills: ["none"] }) });
  engine.workers.updateChannel(temp.sid, "chat", { capacity: 2 });
  engine.workers.updateChannel(temp.sid, "chat", { available: false });
  engine.workers.delete(temp.sid);

  l.setActivity("Alice", "available");
  l.setActivity("Bob", "available");
  l.setActivity("Carol", "available");
  // Accepted, wrapped, completed.
  const done = l.createTask({ type: "sales" });
  engine.tasks.updateReservation({ taskSid: done.sid }, l.reservationOf(done.sid)!.sid, { reservationStatus: "accepted" });
  engine.tasks.update(done.sid, { assignmentStatus: "wrapping" });
  engine.tasks.update(done.sid, { assignmentStatus: "completed", reason: "resolved" });
  // Rejected, then rescinded by a reassignment, then canceled while reserved.
  const moved = l.createTask({ type: "sales" });
  engine.tasks.updateReservation({ taskSid: moved.sid }, l.reservationOf(moved.sid)!.sid, { reservationStatus: "rejected" });
  engine.tasks.update(moved.sid, { attributes: JSON.stringify({ type: "sales", targetTaskQueueSid: l.queue("support") }) });
  engine.tasks.update(moved.sid, { assignmentStatus: "canceled", reason: "caller hung up" });
  // Reservation timeout.
  const missed = l.createTask({ type: "support" });
  te.clock.advance(15_000);
  engine.tasks.delete(missed.sid);
  // Target timeout to the end of the workflow.
  l.setActivity("Alice", "offline");
  l.setActivity("Bob", "offline");
  l.createTask({ type: "timed" });
  te.clock.advance(20_000);
  engine.config.updateWorkspace({ friendlyName: "Routing lab 2" });
}

describe("signed callbacks", () => {
  it("delivers every event, each verified by twilio.validateRequest, with the documented fields", async () => {
    receiver = await new Receiver().listen();
    t = await startTestEmulator({ contactCentre: SMALL_CENTRE });
    const firstDelivered = t.emulator.engine.state.events.length;
    t.emulator.setEventCallbackUrl(receiver.url);
    await exerciseEverything(t);
    await t.emulator.delivery.whenIdle();

    const emitted = t.emulator.engine.state.events.slice(firstDelivered);
    expect(receiver.received.length).toBe(emitted.length);
    expect(new Set(receiver.received.map((r) => r.params.Sid))).toEqual(new Set(emitted.map((e) => e.sid)));
    expect(receiver.received.every((r) => r.valid)).toBe(true);
    expect(t.emulator.delivery.stats).toMatchObject({ sent: emitted.length, failed: 0, retried: 0, pending: 0 });

    expect([...receiver.types()].sort()).toEqual(
      [
        "activity.created",
        "activity.deleted",
        "activity.updated",
        "reservation.accepted",
        "reservation.canceled",
        "reservation.completed",
        "reservation.created",
        "reservation.rejected",
        "reservation.rescinded",
        "reservation.timeout",
        "reservation.wrapup",
        "task-channel.created",
        "task-channel.deleted",
        "task-channel.updated",
        "task-queue.created",
        "task-queue.deleted",
        "task-queue.entered",
        "task-queue.expression.updated",
        "task-queue.moved",
        "task-queue.timeout",
        "task.canceled",
        "task.completed",
        "task.created",
        "task.deleted",
        "task.updated",
        "task.wrapup",
        "worker.activity.update",
        "worker.attributes.update",
        "worker.capacity.update",
        "worker.channel.availability.update",
        "worker.created",
        "worker.deleted",
        "workflow.created",
        "workflow.deleted",
        "workflow.entered",
        "workflow.target-matched",
        "workflow.timeout",
        "workflow.updated",
        "workspace.updated",
      ].sort(),
    );
    for (const { params } of receiver.received) {
      const missing = [...COMMON, ...expectedFields(params.EventType!)].filter((field) => params[field] === undefined);
      expect({ type: params.EventType, missing }).toEqual({ type: params.EventType, missing: [] });
      expect(params.Sid).toMatch(/^EV[0-9a-f]{32}$/);
      expect(Number(params.TimestampMs)).toBeGreaterThan(0);
      expect(params.Timestamp).toBe(String(Math.floor(Number(params.TimestampMs) / 1000)));
    }
    // workspace.created happened before the callback URL was set: it is in the Events API only.
    expect(t.emulator.engine.listEvents({ minutes: 60, eventType: "workspace.created" }).length).toBe(1);
  });

  it("sends several callbacks at once", async () => {
    receiver = await new Receiver(() => 204, 30).listen();
    t = await startTestEmulator({ contactCentre: SMALL_CENTRE });
    t.emulator.setEventCallbackUrl(receiver.url);
    const l = lab(t.emulator);
    for (let i = 0; i < 10; i++) l.createTask({ type: "sales" });
    await t.emulator.delivery.whenIdle();
    expect(receiver.maxInFlight).toBeGreaterThan(1);
  });
});

describe("generous retries (an option)", () => {
  it("retries after a 503 until the receiver takes the event", async () => {
    receiver = await new Receiver((_, seen) => (seen === 1 ? 503 : 204)).listen();
    t = await startTestEmulator({ contactCentre: SMALL_CENTRE, delivery: { policy: "generous", backoffMs: 5, maxBackoffMs: 20 } });
    t.emulator.setEventCallbackUrl(receiver.url);
    lab(t.emulator).createTask({ type: "sales" });
    await t.emulator.delivery.whenIdle();
    const sids = new Set(receiver.received.map((r) => r.params.Sid));
    expect(receiver.received.length).toBe(2 * sids.size);
    expect(t.emulator.delivery.stats).toMatchObject({ sent: sids.size, retried: sids.size, failed: 0, pending: 0 });
  });

  it("never retries a 4xx", async () => {
    receiver = await new Receiver(() => 403).listen();
    t = await startTestEmulator({ contactCentre: SMALL_CENTRE, delivery: { policy: "generous", backoffMs: 5 } });
    t.emulator.setEventCallbackUrl(receiver.url);
    lab(t.emulator).createTask({ type: "sales" });
    await t.emulator.delivery.whenIdle();
    const sids = new Set(receiver.received.map((r) => r.params.Sid));
    expect(receiver.received.length).toBe(sids.size);
    expect(t.emulator.delivery.stats).toMatchObject({ sent: 0, retried: 0, failed: sids.size, pending: 0 });
  });

  it("retries refused connections a bounded number of times, then gives up", async () => {
    receiver = await new Receiver().listen();
    const deadUrl = receiver.url;
    await receiver.close();
    receiver = await new Receiver().listen();
    t = await startTestEmulator({
      contactCentre: SMALL_CENTRE,
      delivery: { policy: "generous", backoffMs: 2, maxBackoffMs: 5, maxAttempts: 3 },
    });
    t.emulator.setEventCallbackUrl(deadUrl);
    await t.emulator.delivery.whenIdle();
    expect(t.emulator.delivery.stats).toMatchObject({ sent: 0, failed: 1, retried: 2, pending: 0 });
    expect(t.emulator.delivery.stats.lastError).toMatch(/ECONNREFUSED/);
  });
});

describe("EventsFilter", () => {
  it("delivers only the listed event types", async () => {
    receiver = await new Receiver().listen();
    t = await startTestEmulator({ contactCentre: SMALL_CENTRE });
    t.emulator.engine.config.updateWorkspace({ eventsFilter: "task.created,task.canceled" });
    t.emulator.setEventCallbackUrl(receiver.url);
    const l = lab(t.emulator);
    const task = l.createTask({ type: "sales" });
    l.engine.tasks.update(task.sid, { assignmentStatus: "canceled" });
    l.setActivity("Alice", "available");
    await t.emulator.delivery.whenIdle();
    expect(receiver.received.map((r) => r.params.EventType)).toEqual(["task.created", "task.canceled"]);
    expect(t.emulator.delivery.stats.filtered).toBeGreaterThan(3);
    expect(receiver.received.every((r) => r.valid)).toBe(true);
  });
});
