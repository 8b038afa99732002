/**
 * Every REST resource through the unmodified `twilio` SDK (client.taskrouter.baseUrl = emulator),
 * against the built-in contact centre.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emulator.close());

const queueSid = (key: string) => t.emulator.contactCentre!.queues[key]!;
const activitySid = (key: string) => t.emulator.contactCentre!.activities[key]!;

describe("Workspaces", () => {
  it("lists exactly the emulator's workspace and fetches it", async () => {
    const list = await t.client.taskrouter.v1.workspaces.list();
    expect(list.map((ws) => ws.sid)).toEqual([t.emulator.workspaceSid]);
    const ws = await t.ws.fetch();
    expect(ws.friendlyName).toBe("Contact Centre (emulated)");
    expect(ws.defaultActivitySid).toBe(activitySid("offline"));
    expect(ws.defaultActivityName).toBe("Offline");
    expect(ws.timeoutActivityName).toBe("Offline");
    expect(ws.url).toBe(`${t.emulator.baseUrl}/v1/Workspaces/${ws.sid}`);
  });

  it("updates EventCallbackUrl and EventsFilter", async () => {
    const ws = await t.ws.update({ eventCallbackUrl: "http://127.0.0.1:9/nowhere", eventsFilter: "task.created,task.canceled" });
    expect(ws.eventCallbackUrl).toBe("http://127.0.0.1:9/nowhere");
    expect(ws.eventsFilter).toBe("task.created,task.canceled");
    const cleared = await t.ws.update({ eventCallbackUrl: "", eventsFilter: "" });
    expect(cleared.eventCallbackUrl).toBeNull();
    expect(cleared.eventsFilter).toBeNull();
  });
});

describe("Activities", () => {
  it("lists, filters, creates, updates and deletes", async () => {
    const all = await t.ws.activities.list();
    expect(all.map((a) => a.friendlyName)).toEqual(["Offline", "Available", "Break", "Lunch", "After-call work", "Meeting"]);
    const available = await t.ws.activities.list({ available: "true" });
    expect(available.map((a) => a.friendlyName)).toEqual(["Available"]);
    const training = await t.ws.activities.create({ friendlyName: "Training", available: false });
    expect(training.sid).toMatch(/^WA[0-9a-f]{32}$/);
    expect((await t.ws.activities(training.sid).update({ friendlyName: "Coaching" })).friendlyName).toBe("Coaching");
    expect((await t.ws.activities(training.sid).fetch()).available).toBe(false);
    expect(await t.ws.activities(training.sid).remove()).toBe(true);
    expect((await t.ws.activities.list()).length).toBe(6);
  });
});

describe("TaskChannels", () => {
  it("has voice and chat, and supports the CRUD verbs", async () => {
    const channels = await t.ws.taskChannels.list();
    expect(channels.map((c) => c.uniqueName)).toEqual(["default", "voice", "chat"]);
    const byName = await t.ws.taskChannels("chat").fetch();
    expect(byName.friendlyName).toBe("Chat");
    const sms = await t.ws.taskChannels.create({ friendlyName: "SMS", uniqueName: "sms" });
    expect((await t.ws.taskChannels(sms.sid).update({ friendlyName: "Text" })).friendlyName).toBe("Text");
    expect(await t.ws.taskChannels(sms.sid).remove()).toBe(true);
  });
});

describe("Workers and WorkerChannels", () => {
  it("creates, updates, filters and deletes workers", async () => {
    const worker = await t.ws.workers.create({
      friendlyName: "Test Agent",
      attributes: JSON.stringify({ skills: ["sales"], languages: ["en"], level: 3 }),
    });
    expect(worker.activityName).toBe("Offline");
    expect(worker.available).toBe(false);
    const updated = await t.ws.workers(worker.sid).update({
      activitySid: activitySid("available"),
      attributes: JSON.stringify({ skills: ["billing"], languages: ["en"], level: 2 }),
      friendlyName: "Test Agent 2",
    });
    expect(updated.activityName).toBe("Available");
    expect(updated.friendlyName).toBe("Test Agent 2");
    expect(JSON.parse(updated.attributes)).toEqual({ skills: ["billing"], languages: ["en"], level: 2 });

    const inBilling = await t.ws.workers.list({ taskQueueSid: queueSid("billing") });
    expect(inBilling.map((w) => w.sid)).toContain(worker.sid);
    const byExpression = await t.ws.workers.list({ targetWorkersExpression: 'skills HAS "billing" AND level == 2' });
    expect(byExpression.map((w) => w.sid)).toContain(worker.sid);
    const byActivity = await t.ws.workers.list({ activityName: "Available" });
    expect(byActivity.map((w) => w.sid)).toEqual([worker.sid]);
    expect((await t.ws.workers.list({ available: "true" })).length).toBe(1);
    expect((await t.ws.workers.list({ friendlyName: "Test Agent 2" })).length).toBe(1);

    await t.ws.workers(worker.sid).update({ activitySid: activitySid("offline") });
    expect(await t.ws.workers(worker.sid).remove()).toBe(true);
  });

  it("gives each worker channels with capacity voice 1, chat 3, and updates them", async () => {
    const [worker] = await t.ws.workers.list({ limit: 1 });
    const channels = await t.ws.workers(worker!.sid).workerChannels.list();
    const capacity = Object.fromEntries(channels.map((c) => [c.taskChannelUniqueName, c.configuredCapacity]));
    expect(capacity).toEqual({ default: 1, voice: 1, chat: 3 });
    const chat = await t.ws.workers(worker!.sid).workerChannels("chat").update({ capacity: 2 });
    expect(chat.configuredCapacity).toBe(2);
    expect(chat.availableCapacityPercentage).toBe(100);
    const off = await t.ws.workers(worker!.sid).workerChannels(chat.taskChannelSid).update({ available: false });
    expect(off.available).toBe(false);
    await t.ws.workers(worker!.sid).workerChannels("chat").update({ capacity: 3, available: true });
  });
});

describe("TaskQueues", () => {
  it("creates with TargetWorkers, filters, updates and deletes", async () => {
    const queue = await t.ws.taskQueues.create({ friendlyName: "Retention", targetWorkers: 'skills HAS "sales" AND level >= 3' });
    expect(queue.targetWorkers).toBe('skills HAS "sales" AND level >= 3');
    expect(queue.taskOrder).toBe("FIFO");
    const byName = await t.ws.taskQueues.list({ friendlyName: "Retention" });
    expect(byName.map((q) => q.sid)).toEqual([queue.sid]);
    const forAttributes = await t.ws.taskQueues.list({ evaluateWorkerAttributes: JSON.stringify({ skills: ["sales"], level: 4 }) });
    expect(forAttributes.map((q) => q.friendlyName)).toEqual(["Sales", "Direct to agent", "Retention"]);
    const [salesWorker] = await t.ws.workers.list({ taskQueueSid: queueSid("sales"), limit: 1 });
    const ofWorker = await t.ws.taskQueues.list({ workerSid: salesWorker!.sid });
    expect(ofWorker.map((q) => q.friendlyName)).toContain("Sales");
    const updated = await t.ws.taskQueues(queue.sid).update({ targetWorkers: "level >= 5", friendlyName: "Retention Pro" });
    expect(updated.friendlyName).toBe("Retention Pro");
    expect((await t.ws.taskQueues(queue.sid).fetch()).targetWorkers).toBe("level >= 5");
    expect(await t.ws.taskQueues(queue.sid).remove()).toBe(true);
  });
});

describe("Workflows", () => {
  it("creates, fetches, updates and deletes", async () => {
    const configuration = JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queueSid("sales") } } });
    const workflow = await t.ws.workflows.create({ friendlyName: "Spare", configuration, taskReservationTimeout: 30 });
    expect(workflow.taskReservationTimeout).toBe(30);
    expect(JSON.parse(workflow.configuration)).toEqual(JSON.parse(configuration));
    const updated = await t.ws.workflows(workflow.sid).update({ friendlyName: "Spare 2", taskReservationTimeout: 45 });
    expect(updated.friendlyName).toBe("Spare 2");
    expect((await t.ws.workflows.list()).map((w) => w.friendlyName)).toEqual(["Inbound routing", "Spare 2"]);
    expect(await t.ws.workflows(workflow.sid).remove()).toBe(true);
  });
});

describe("Tasks and Reservations", () => {
  it("creates, lists, updates, cancels and deletes tasks", async () => {
    const workflowSid = t.emulator.contactCentre!.workflowSid;
    const created = await t.ws.tasks.create({
      workflowSid,
      taskChannel: "voice",
      priority: 3,
      timeout: 600,
      attributes: JSON.stringify({ type: "sales", language: "en" }),
    });
    expect(created.assignmentStatus).toBe("pending");
    expect(created.taskQueueSid).toBe(queueSid("sales"));
    expect(created.taskQueueFriendlyName).toBe("Sales");
    expect(created.workflowFriendlyName).toBe("Inbound routing");
    expect(created.taskChannelUniqueName).toBe("voice");
    expect(created.priority).toBe(3);
    expect(created.timeout).toBe(600);

    const fetched = await t.ws.tasks(created.sid).fetch();
    expect(fetched.sid).toBe(created.sid);
    expect((await t.ws.tasks.list({ assignmentStatus: ["pending"] })).map((x) => x.sid)).toContain(created.sid);
    expect((await t.ws.tasks.list({ taskQueueSid: queueSid("sales") })).map((x) => x.sid)).toEqual([created.sid]);
    expect((await t.ws.tasks.list({ evaluateTaskAttributes: 'type == "sales"' })).length).toBe(1);
    expect((await t.ws.tasks.list({ priority: 3 })).length).toBe(1);

    const reprioritised = await t.ws.tasks(created.sid).update({ priority: 7 });
    expect(reprioritised.priority).toBe(7);
    const retyped = await t.ws.tasks(created.sid).update({ attributes: JSON.stringify({ type: "billing" }) });
    expect(retyped.taskQueueSid).toBe(queueSid("billing"));

    const canceled = await t.ws.tasks(created.sid).update({ assignmentStatus: "canceled", reason: "test" });
    expect(canceled.assignmentStatus).toBe("canceled");
    expect(canceled.reason).toBe("test");
    expect(await t.ws.tasks(created.sid).remove()).toBe(true);
  });

  it("accepts, wraps and completes through task and worker reservations", async () => {
    const [worker] = await t.ws.workers.list({ taskQueueSid: queueSid("billing"), limit: 1 });
    await t.ws.workers(worker!.sid).update({ activitySid: activitySid("available") });
    const task = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "billing" }) });
    const reservations = await t.ws.tasks(task.sid).reservations.list();
    expect(reservations.length).toBe(1);
    const reservation = reservations[0]!;
    expect(reservation.reservationStatus).toBe("pending");
    expect(reservation.workerSid).toBe(worker!.sid);
    expect(reservation.workerName).toBe(worker!.friendlyName);

    const viaWorker = await t.ws.workers(worker!.sid).reservations.list({ reservationStatus: "pending" });
    expect(viaWorker.map((r) => r.sid)).toEqual([reservation.sid]);
    expect((await t.ws.workers(worker!.sid).reservations(reservation.sid).fetch()).taskSid).toBe(task.sid);

    const accepted = await t.ws.tasks(task.sid).reservations(reservation.sid).update({ reservationStatus: "accepted" });
    expect(accepted.reservationStatus).toBe("accepted");
    expect((await t.ws.tasks(task.sid).fetch()).assignmentStatus).toBe("assigned");
    const voice = await t.ws.workers(worker!.sid).workerChannels("voice").fetch();
    expect(voice.assignedTasks).toBe(1);
    expect(voice.availableCapacityPercentage).toBe(0);

    expect((await t.ws.tasks(task.sid).update({ assignmentStatus: "wrapping" })).assignmentStatus).toBe("wrapping");
    const completed = await t.ws.tasks(task.sid).update({ assignmentStatus: "completed", reason: "done" });
    expect(completed.assignmentStatus).toBe("completed");
    expect((await t.ws.workers(worker!.sid).reservations(reservation.sid).fetch()).reservationStatus).toBe("completed");
    expect((await t.ws.workers(worker!.sid).workerChannels("voice").fetch()).assignedTasks).toBe(0);
    await t.ws.workers(worker!.sid).update({ activitySid: activitySid("offline") });
  });
});

describe("Events", () => {
  it("lists with the spec's filters and fetches one", async () => {
    t.clock.advance(1000);
    const recent = await t.ws.events.list({ minutes: 60, pageSize: 1000 });
    expect(recent.length).toBeGreaterThan(100);
    expect(recent[0]!.eventDate.getTime()).toBeGreaterThanOrEqual(recent[recent.length - 1]!.eventDate.getTime());
    const created = await t.ws.events.list({ minutes: 60, eventType: "task.created" });
    expect(created.length).toBe(2);
    const taskSid = created[0]!.resourceSid;
    const forTask = await t.ws.events.list({ minutes: 60, taskSid });
    expect(new Set(forTask.map((e) => e.eventType))).toEqual(
      new Set([
        "task.created",
        "workflow.entered",
        "workflow.target-matched",
        "task-queue.entered",
        "reservation.created",
        "reservation.accepted",
        "task.wrapup",
        "reservation.wrapup",
        "task.completed",
        "reservation.completed",
      ]),
    );
    const billing = await t.ws.events.list({ minutes: 60, taskQueueSid: queueSid("billing") });
    expect(billing.every((e) => e.eventData.task_queue_sid === queueSid("billing"))).toBe(true);
    const [reservationEvent] = await t.ws.events.list({ minutes: 60, eventType: "reservation.accepted" });
    expect(reservationEvent!.resourceType).toBe("Reservation");
    const byWorker = await t.ws.events.list({ minutes: 60, workerSid: reservationEvent!.eventData.worker_sid as string });
    expect(byWorker.some((e) => e.eventType === "worker.activity.update")).toBe(true);
    const byReservation = await t.ws.events.list({ minutes: 60, reservationSid: reservationEvent!.eventData.reservation_sid as string });
    expect(byReservation.length).toBeGreaterThanOrEqual(3);
    const window = await t.ws.events.list({
      startDate: new Date(t.clock.now() - 3_600_000),
      endDate: new Date(t.clock.now()),
      eventType: "task.created",
    });
    expect(window.length).toBe(2);
    const one = await t.ws.events(reservationEvent!.sid).fetch();
    expect(one.eventType).toBe("reservation.accepted");
    // event_date_ms is the callback's TimestampMs (a top-level field, not in event_data).
    expect(one.eventDateMs).toBe(Number(t.emulator.engine.state.events.find((e) => e.sid === one.sid)!.params.TimestampMs));
  });

  it("defaults to the last 15 minutes", async () => {
    t.clock.advance(16 * 60_000);
    expect(await t.ws.events.list({ eventType: "task.created" })).toEqual([]);
  });
});

describe("Paging", () => {
  it("pages with pageSize, each() and meta URLs that point at the emulator", async () => {
    const listed = await t.ws.workers.list({ pageSize: 7 });
    expect(listed.length).toBe(40);
    expect(new Set(listed.map((w) => w.sid)).size).toBe(40);
    const seen: string[] = [];
    await t.ws.workers.each({ pageSize: 6 }, (worker) => {
      seen.push(worker.sid);
    });
    expect(seen).toEqual(listed.map((w) => w.sid));
    const page = await t.ws.workers.page({ pageSize: 10 });
    expect(page.instances.length).toBe(10);
    expect(page.nextPageUrl).toMatch(new RegExp(`^${t.emulator.baseUrl}/v1/Workspaces/WS[0-9a-f]{32}/Workers\\?`));
    const second = await page.nextPage();
    expect(second?.instances[0]?.sid).toBe(listed[10]!.sid);
    const limited = await t.ws.events.list({ minutes: 120, limit: 25, pageSize: 10 });
    expect(limited.length).toBe(25);
  });
});

describe("Statistics", () => {
  it("answers every statistics endpoint through the SDK", async () => {
    const sales = queueSid("sales");
    const workflowSid = t.emulator.contactCentre!.workflowSid;
    const realtime = await t.ws.taskQueues(sales).realTimeStatistics().fetch({ taskChannel: "voice" });
    expect(realtime.totalEligibleWorkers).toBe(9);
    expect(realtime.activityStatistics.length).toBe(6);
    expect(realtime.tasksByStatus).toEqual({ pending: 0, reserved: 0, assigned: 0, wrapping: 0 });
    const cumulative = await t.ws.taskQueues(sales).cumulativeStatistics().fetch({ minutes: 120, splitByWaitTime: "20,60" });
    expect(cumulative.tasksEntered).toBe(1);
    expect(Object.keys(cumulative.splitByWaitTime)).toEqual(["20", "60"]);
    const both = await t.ws.taskQueues(sales).statistics().fetch({ minutes: 120 });
    expect(both.cumulative.tasks_entered).toBe(1);
    expect(both.realtime.total_eligible_workers).toBe(9);
    const list = await t.ws.taskQueues.statistics.list({ minutes: 120 });
    expect(list.length).toBe(7);
    const bulk = await t.ws.taskQueues.bulkRealTimeStatistics.create([{ task_queue_sid: sales }, { task_queue_sid: queueSid("chat") }]);
    expect(bulk.taskQueueResponseCount).toBe(2);
    expect((bulk.taskQueueData as { task_queue_sid: string }[]).map((q) => q.task_queue_sid)).toEqual([sales, queueSid("chat")]);
    const wf = await t.ws.workflows(workflowSid).cumulativeStatistics().fetch({ minutes: 120 });
    expect(wf.tasksEntered).toBe(2);
    expect((await t.ws.workflows(workflowSid).realTimeStatistics().fetch()).totalTasks).toBe(0);
    expect((await t.ws.workflows(workflowSid).statistics().fetch({ minutes: 120 })).cumulative.tasks_completed).toBe(1);
    const wsCumulative = await t.ws.cumulativeStatistics().fetch({ minutes: 120 });
    expect(wsCumulative.tasksCreated).toBe(2);
    expect(wsCumulative.tasksCompleted).toBe(1);
    expect(wsCumulative.tasksCanceled).toBe(1);
    expect((await t.ws.realTimeStatistics().fetch()).totalWorkers).toBe(40);
    expect((await t.ws.statistics().fetch({ minutes: 120 })).realtime.total_workers).toBe(40);
    expect((await t.ws.workers.realTimeStatistics().fetch()).totalWorkers).toBe(40);
    const workersCumulative = await t.ws.workers.cumulativeStatistics().fetch({ minutes: 120 });
    expect(workersCumulative.reservationsAccepted).toBe(1);
    expect(workersCumulative.activityDurations.length).toBe(6);
    const workersBoth = await t.ws.workers.statistics().fetch({ minutes: 120, taskQueueSid: sales });
    expect(workersBoth.realtime.total_workers).toBe(9);
    const [billingWorker] = await t.ws.workers.list({ taskQueueSid: queueSid("billing"), limit: 1 });
    const one = await t.ws.workers(billingWorker!.sid).statistics().fetch({ minutes: 120 });
    expect(one.cumulative.reservations_accepted).toBe(1);
    expect(one.cumulative.tasks_completed).toBe(1);
  });
});

describe("Reservation rejection", () => {
  it("rejects through the worker's reservations with a new activity, and the task waits again", async () => {
    const [worker] = await t.ws.workers.list({ taskQueueSid: queueSid("vip"), limit: 1 });
    await t.ws.workers(worker!.sid).update({ activitySid: activitySid("available") });
    const task = await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "support", vip: true }) });
    expect(task.taskQueueSid).toBe(queueSid("vip"));
    const [reservation] = await t.ws.workers(worker!.sid).reservations.list({ reservationStatus: "pending" });
    const rejected = await t.ws
      .workers(worker!.sid)
      .reservations(reservation!.sid)
      .update({
        reservationStatus: "rejected",
        workerActivitySid: activitySid("break"),
      });
    expect(rejected.reservationStatus).toBe("rejected");
    expect((await t.ws.workers(worker!.sid).fetch()).activityName).toBe("Break");
    const waiting = await t.ws.tasks(task.sid).fetch();
    expect(waiting.assignmentStatus).toBe("pending");
    expect(waiting.priority).toBe(10);
    await t.ws.tasks(task.sid).update({ assignmentStatus: "canceled" });
    await t.ws.workers(worker!.sid).update({ activitySid: activitySid("offline") });
  });
});
