/** Hand-checked values for every docs/metrics.md field, one contact-centre story at a time. */
import { describe, expect, it } from "vitest";
import { supervisorCancelReason } from "@/lib/events/types";
import {
  applyEvents,
  buildSeries,
  buildSnapshot,
  createMetricsState,
  deriveTaskFactsFromRecords,
  type MetricsState,
  settleTasks,
  toTaskRecord,
  workerSnapshot,
} from "@/lib/metrics";
import { taskOutcome } from "@/lib/reports/kinds/tasks";
import type { MetricsSnapshot, QueueCumulative, WorkspaceCumulative } from "@/lib/metrics/types";
import { makeEvent, sid, TaskScript, type TestEvent, toEvent, WorkerScript } from "@/tests/support/events";
import {
  ALICE,
  AVAILABLE,
  BOB,
  BREAK,
  BROKEN,
  CAROL,
  config,
  DAVE,
  MIDNIGHT_NY,
  OFFLINE,
  s,
  SALES,
  SETTINGS,
  SUPPORT,
  T0,
  workers,
  zeroDuration,
} from "./metrics-fixture";

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

function fold(events: TestEvent[], settings = SETTINGS): MetricsState {
  const state = createMetricsState(config(), settings);
  applyEvents(state, events);
  // The tests below also read the state's entities directly, as no reader of the app does.
  settleTasks(state);
  return state;
}

const queueOf = (snapshot: MetricsSnapshot, queueSid: string) => {
  const queue = snapshot.queues.find((q) => q.sid === queueSid);
  if (!queue) throw new Error(`no queue ${queueSid}`);
  return queue;
};
const workerOf = (snapshot: MetricsSnapshot, workerSid: string) => {
  const worker = snapshot.workers.find((w) => w.sid === workerSid);
  if (!worker) throw new Error(`no worker ${workerSid}`);
  return worker;
};

const emptyCumulative: QueueCumulative = {
  tasksEntered: 0,
  tasksMoved: 0,
  tasksCompleted: 0,
  tasksCanceled: 0,
  tasksDeleted: 0,
  tasksAbandoned: 0,
  tasksShortAbandoned: 0,
  tasksCanceledBySupervisor: 0,
  tasksAccepted: 0,
  reservationsCreated: 0,
  reservationsAccepted: 0,
  reservationsRejected: 0,
  reservationsTimedOut: 0,
  reservationsCanceled: 0,
  reservationsRescinded: 0,
  transfersInitiated: 0,
  transfersCompleted: 0,
  transfersFailed: 0,
  transfersCanceled: 0,
  transferAttemptsFailed: 0,
  waitDurationUntilAccepted: zeroDuration,
  waitDurationUntilFirstAccepted: zeroDuration,
  waitDurationInQueueUntilAccepted: zeroDuration,
  waitDurationUntilCanceled: zeroDuration,
  avgTaskAcceptanceTime: 0,
  splitByWaitTime: {
    "20": {
      below: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 0 },
      above: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 0 },
    },
    "60": {
      below: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 0 },
      above: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 0 },
    },
  },
  serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, percent: null },
  handleTime: zeroDuration,
  wrapUpTime: zeroDuration,
};

const WT = (n: number) => sid("WT", n);

/** A worker channel as the snapshot shows it; `consumed`, the task counts and `free` default to 0. */
const channel = (taskChannelSid: string, uniqueName: string, capacity: number | null, available: boolean | null) => ({
  taskChannelSid,
  taskChannelUniqueName: uniqueName,
  capacity,
  consumed: 0 as number | null,
  available,
  assignedTasks: 0,
  reservedTasks: 0,
  free: 0,
});

/**
 * Support queue, 10:00 New York. t1 accepted in 10 s (within SLA), wrap-up, completed; t2 rejected
 * once, timed out once, accepted at 45 s; t3 abandoned after 3 s (short); t4 abandoned after 30 s;
 * t5 waiting (priority 5); t6 reserved for Alice.
 */
function serviceLevelStory() {
  const { alice, bob } = workers();
  const events: TestEvent[] = [];
  const t1 = new TaskScript(WT(1), s(0));
  events.push(t1.created(), t1.entered(s(1), SUPPORT));
  const r1 = t1.reserve(s(5), bob);
  events.push(r1.event, t1.accept(s(10), bob, r1.reservationSid), t1.wrapup(s(70)), t1.completed(s(100)));

  const t2 = new TaskScript(WT(2), s(20));
  events.push(t2.created(), t2.entered(s(21), SUPPORT));
  const r21 = t2.reserve(s(30), alice);
  events.push(r21.event, t2.reject(s(35), alice, r21.reservationSid));
  const r22 = t2.reserve(s(40), alice);
  events.push(r22.event, t2.reservationTimeout(s(55), alice, r22.reservationSid));
  const r23 = t2.reserve(s(60), alice);
  events.push(r23.event, t2.accept(s(65), alice, r23.reservationSid), t2.completed(s(200)));

  const t3 = new TaskScript(WT(3), s(100));
  events.push(t3.created(), t3.entered(s(101), SUPPORT), t3.canceled(s(103)));
  const t4 = new TaskScript(WT(4), s(110));
  events.push(t4.created(), t4.entered(s(111), SUPPORT), t4.canceled(s(140)));
  const t5 = new TaskScript(WT(5), s(300), { priority: 5 });
  events.push(t5.created(), t5.entered(s(301), SUPPORT));
  const t6 = new TaskScript(WT(6), s(310));
  events.push(t6.created(), t6.entered(s(311), SUPPORT));
  const r6 = t6.reserve(s(320), alice);
  events.push(r6.event);
  return { events, r6: r6.reservationSid };
}

describe("service level story (Support queue)", () => {
  const { events, r6 } = serviceLevelStory();
  const state = fold(events);
  const today = buildSnapshot(state, { now: s(400), window: { kind: "today" } });

  const supportToday: QueueCumulative = {
    tasksEntered: 6,
    tasksMoved: 0,
    tasksCompleted: 2,
    tasksCanceled: 2,
    tasksDeleted: 0,
    tasksAbandoned: 2,
    tasksShortAbandoned: 1,
    tasksCanceledBySupervisor: 0,
    tasksAccepted: 2,
    reservationsCreated: 5,
    reservationsAccepted: 2,
    reservationsRejected: 1,
    reservationsTimedOut: 1,
    reservationsCanceled: 0,
    reservationsRescinded: 0,
    transfersInitiated: 0,
    transfersCompleted: 0,
    transfersFailed: 0,
    transfersCanceled: 0,
    transferAttemptsFailed: 0,
    waitDurationUntilAccepted: { avg: 27.5, min: 10, max: 45, total: 55 },
    waitDurationUntilFirstAccepted: { avg: 27.5, min: 10, max: 45, total: 55 },
    waitDurationInQueueUntilAccepted: { avg: 26.5, min: 9, max: 44, total: 53 },
    waitDurationUntilCanceled: { avg: 16.5, min: 3, max: 30, total: 33 },
    avgTaskAcceptanceTime: 28,
    splitByWaitTime: {
      "20": {
        below: { tasksAccepted: 1, reservationsAccepted: 1, tasksCanceled: 1 },
        above: { tasksAccepted: 1, reservationsAccepted: 1, tasksCanceled: 1 },
      },
      "60": {
        below: { tasksAccepted: 2, reservationsAccepted: 2, tasksCanceled: 2 },
        above: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 0 },
      },
    },
    // 1 accepted within 20 s ÷ (2 accepted + 2 abandoned − 1 short abandon)
    serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, percent: 33.33 },
    handleTime: { avg: 112.5, min: 90, max: 135, total: 225 },
    wrapUpTime: { avg: 30, min: 30, max: 30, total: 30 },
  };

  it("window and header", () => {
    expect(today.generatedAt).toBe(new Date(s(400)).toISOString());
    expect(today.timezone).toBe("America/New_York");
    expect(today.window).toEqual({ from: new Date(MIDNIGHT_NY).toISOString(), to: new Date(s(400)).toISOString() });
    expect(today.workspace.sid).toBe("WS00000000000000000000000000000000");
    expect(today.workspace.friendlyName).toBe("Test Contact Centre");
  });

  it("queue cumulative: every field", () => {
    expect(queueOf(today, SUPPORT).cumulative).toStrictEqual(supportToday);
    expect(queueOf(today, SALES).cumulative).toStrictEqual(emptyCumulative);
  });

  it("workspace cumulative counts task.created instead of task-queue.entered", () => {
    const { tasksEntered: _entered, ...rest } = supportToday;
    const expected: WorkspaceCumulative = { tasksCreated: 6, ...rest, tasksTimedOutInWorkflow: 0 };
    expect(today.workspace.cumulative).toStrictEqual(expected);
  });

  it("queue realtime: every field", () => {
    expect(queueOf(today, SUPPORT).realtime).toStrictEqual({
      tasksByStatus: { pending: 1, reserved: 1, assigned: 0, wrapping: 0 },
      tasksByPriority: { "0": 1, "5": 1 },
      totalTasks: 2,
      longestTaskWaitingAge: 100,
      longestTaskWaitingSid: WT(5),
      totalEligibleWorkers: 2,
      totalAvailableWorkers: 2,
      activityStatistics: [
        { sid: AVAILABLE.sid, friendlyName: "Available", available: true, workers: 2 },
        { sid: BREAK.sid, friendlyName: "Break", available: false, workers: 0 },
        { sid: OFFLINE.sid, friendlyName: "Offline", available: false, workers: 0 },
      ],
      // t5 entered at 301 s, t6 at 311 s.
      longestRelativeTaskAgeInQueue: 99,
      longestRelativeTaskSidInQueue: WT(5),
      channelCapacity: [],
    });
    expect(queueOf(today, SALES).realtime).toMatchObject({
      totalTasks: 0,
      longestTaskWaitingAge: 0,
      longestTaskWaitingSid: null,
      totalEligibleWorkers: 2,
      totalAvailableWorkers: 1,
    });
  });

  it("a worker in several queues counts once in workspace totals", () => {
    // Alice is eligible for Sales and Support: queue sums say 2 + 2 eligible and 1 + 2 available.
    const sum = (f: "totalEligibleWorkers" | "totalAvailableWorkers") => today.queues.reduce((n, q) => n + q.realtime[f], 0);
    expect(sum("totalAvailableWorkers")).toBe(3);
    expect(today.workspace.realtime).toStrictEqual({
      tasksByStatus: { pending: 1, reserved: 1, assigned: 0, wrapping: 0 },
      tasksByPriority: { "0": 1, "5": 1 },
      totalTasks: 2,
      longestTaskWaitingAge: 100,
      longestTaskWaitingSid: WT(5),
      totalEligibleWorkers: 4,
      totalAvailableWorkers: 2,
      activityStatistics: [
        { sid: AVAILABLE.sid, friendlyName: "Available", available: true, workers: 2 },
        { sid: BREAK.sid, friendlyName: "Break", available: false, workers: 1 },
        { sid: OFFLINE.sid, friendlyName: "Offline", available: false, workers: 1 },
      ],
    });
  });

  it("a TargetWorkers that does not parse matches nobody", () => {
    const broken = queueOf(today, BROKEN);
    expect(broken.targetWorkers).toBe("skills HAS (");
    expect(broken.realtime.totalEligibleWorkers).toBe(0);
    expect(broken.realtime.activityStatistics.every((a) => a.workers === 0)).toBe(true);
  });

  it("per worker: reservations, completions, handle time, current tasks", () => {
    const alice = workerOf(today, ALICE);
    expect(alice).toMatchObject({
      friendlyName: "Alice",
      activitySid: AVAILABLE.sid,
      activityName: "Available",
      available: true,
      activitySince: null,
      queueSids: [SALES, SUPPORT],
      tasks: [{ taskSid: WT(6), taskQueueSid: SUPPORT, reservationSid: r6, status: "reserved", priority: 0, acceptedAt: null }],
      channels: [],
    });
    expect(alice.cumulative).toMatchObject({
      reservationsCreated: 4,
      reservationsAccepted: 1,
      reservationsRejected: 1,
      reservationsTimedOut: 1,
      tasksCompleted: 1,
      handleTime: { avg: 135, min: 135, max: 135, total: 135 },
    });
    const bob = workerOf(today, BOB);
    expect(bob.tasks).toEqual([]);
    expect(bob.queueSids).toEqual([SUPPORT]);
    expect(bob.cumulative).toMatchObject({
      reservationsCreated: 1,
      reservationsAccepted: 1,
      reservationsRejected: 0,
      reservationsTimedOut: 0,
      tasksCompleted: 1,
      handleTime: { avg: 90, min: 90, max: 90, total: 90 },
    });
    expect(workerOf(today, DAVE).queueSids).toEqual([]);
  });

  it("?minutes=5 counts only what happened in [now − 5 min, now]; durations count at the event that ends them", () => {
    const recent = buildSnapshot(state, { now: s(400), window: { kind: "minutes", minutes: 5 } });
    expect(recent.window).toEqual({ from: new Date(s(100)).toISOString(), to: new Date(s(400)).toISOString() });
    expect(queueOf(recent, SUPPORT).cumulative).toStrictEqual({
      ...emptyCumulative,
      tasksEntered: 4, // t3 s101, t4 s111, t5 s301, t6 s311
      tasksCompleted: 2, // t1 at s100 (the window's first instant) and t2 at s200
      tasksCanceled: 2,
      tasksAbandoned: 2,
      tasksShortAbandoned: 1,
      reservationsCreated: 1,
      waitDurationUntilCanceled: { avg: 16.5, min: 3, max: 30, total: 33 },
      splitByWaitTime: {
        "20": {
          below: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 1 },
          above: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 1 },
        },
        "60": {
          below: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 2 },
          above: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 0 },
        },
      },
      serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, percent: 0 },
      handleTime: { avg: 112.5, min: 90, max: 135, total: 225 },
      wrapUpTime: { avg: 30, min: 30, max: 30, total: 30 },
    });
  });

  it("one queue's detail: its tasks in assignment order and its eligible workers", () => {
    const detail = buildSnapshot(state, { now: s(400), window: { kind: "today" }, queueSid: SUPPORT });
    expect(detail.queues.map((q) => q.sid)).toEqual([SUPPORT]);
    expect(detail.workers.map((w) => w.sid)).toEqual([ALICE, BOB]);
    expect(detail.queues[0]?.tasks).toStrictEqual([
      {
        sid: WT(5),
        taskQueueSid: SUPPORT,
        status: "pending",
        priority: 5,
        createdAt: new Date(s(300)).toISOString(),
        enteredQueueAt: new Date(s(301)).toISOString(),
        age: 100,
        workerSid: null,
        workerName: null,
        attributes: { type: "support" },
      },
      {
        sid: WT(6),
        taskQueueSid: SUPPORT,
        status: "reserved",
        priority: 0,
        createdAt: new Date(s(310)).toISOString(),
        enteredQueueAt: new Date(s(311)).toISOString(),
        age: 90,
        workerSid: ALICE,
        workerName: "Alice",
        attributes: { type: "support" },
      },
    ]);
    expect(today.queues[0]?.tasks).toBeUndefined();
    expect(buildSnapshot(state, { now: s(400), window: { kind: "today" }, queueSid: sid("WQ", 99) })).toMatchObject({
      queues: [],
      workers: [],
    });
  });

  it("per-queue SLA overrides change T and S for that queue only", () => {
    const custom = fold(events, { ...SETTINGS, queueOverrides: { [SUPPORT]: { slaSeconds: 60, shortAbandonSeconds: 30 } } });
    const snap = buildSnapshot(custom, { now: s(400), window: { kind: "today" } });
    const support = queueOf(snap, SUPPORT);
    expect(support.slaSeconds).toBe(60);
    expect(support.shortAbandonSeconds).toBe(30);
    // 2 accepted within 60 s ÷ (2 + 2 abandoned − 2 within 30 s)
    expect(support.cumulative.serviceLevel).toEqual({ thresholdSeconds: 60, shortAbandonSeconds: 30, percent: 100 });
    expect(support.cumulative.tasksShortAbandoned).toBe(2);
    expect(Object.keys(support.cumulative.splitByWaitTime)).toEqual(["60"]);
    expect(snap.workspace.cumulative.serviceLevel.percent).toBe(33.33);
  });
});

describe("a task canceled through the dashboard is not an abandon", () => {
  // Support: t1 accepted at 10 s (within SLA); t2's caller hangs up after 30 s; a supervisor cancels t3 after 40 s.
  const { bob } = workers();
  const t1 = new TaskScript(WT(1), s(0));
  const r1 = t1.reserve(s(5), bob);
  const t2 = new TaskScript(WT(2), s(20));
  const t3 = new TaskScript(WT(3), s(30));
  const events: TestEvent[] = [
    t1.created(),
    t1.entered(s(1), SUPPORT),
    r1.event,
    t1.accept(s(10), bob, r1.reservationSid),
    t2.created(),
    t2.entered(s(21), SUPPORT),
    t2.canceled(s(50)),
    t3.created(),
    t3.entered(s(31), SUPPORT),
    t3.canceled(s(70), supervisorCancelReason("duplicate")),
  ];
  const state = fold(events);
  const today = buildSnapshot(state, { now: s(400), window: { kind: "today" } });

  it("counts in tasksCanceled and tasksCanceledBySupervisor, not in abandons, their waits, the split or the service level", () => {
    const support = queueOf(today, SUPPORT).cumulative;
    expect(support).toMatchObject({
      tasksCanceled: 2,
      tasksAbandoned: 1,
      tasksShortAbandoned: 0,
      tasksCanceledBySupervisor: 1,
      waitDurationUntilCanceled: { avg: 30, min: 30, max: 30, total: 30 },
      splitByWaitTime: {
        "20": {
          below: { tasksAccepted: 1, reservationsAccepted: 1, tasksCanceled: 0 },
          above: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 1 },
        },
        "60": {
          below: { tasksAccepted: 1, reservationsAccepted: 1, tasksCanceled: 1 },
          above: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 0 },
        },
      },
    });
    // 1 accepted within 20 s ÷ (1 accepted + 1 abandoned): 33.33 if the supervisor's cancel were an abandon.
    expect(support.serviceLevel.percent).toBe(50);
    expect(today.workspace.cumulative).toMatchObject({ tasksCanceled: 2, tasksAbandoned: 1, tasksCanceledBySupervisor: 1 });
    expect(today.workspace.cumulative.serviceLevel.percent).toBe(50);
  });

  it("the chart's service level and the tasks export agree", () => {
    const series = buildSeries(state, { now: s(400), fromMs: s(0), toMs: s(120), stepMs: 60_000, queueSid: SUPPORT });
    expect(series.serviceLevel.at(-1)).toMatchObject({ percent: 50, tasksAbandoned: 1 });
    const outcome = (task: TaskScript) =>
      taskOutcome(deriveTaskFactsFromRecords(task.sid, events.filter((e) => e.taskSid === task.sid).map(toTaskRecord)));
    expect([outcome(t2), outcome(t3)]).toEqual(["abandoned", "canceled by supervisor"]);
  });
});

describe("assigned and wrapping tasks in realtime", () => {
  it("counts each task by the status on its latest event", () => {
    const { alice, bob } = workers();
    const a = new TaskScript(WT(21), s(0));
    const b = new TaskScript(WT(22), s(0), { priority: 2 });
    const ra = a.reserve(s(5), alice);
    const rb = b.reserve(s(6), bob);
    const events = [a.created(), a.entered(s(1), SUPPORT), ra.event, a.accept(s(8), alice, ra.reservationSid)];
    events.push(b.created(), b.entered(s(1), SUPPORT), rb.event, b.accept(s(9), bob, rb.reservationSid), b.wrapup(s(50)));
    const snap = buildSnapshot(fold(events), { now: s(60), window: { kind: "today" } });
    expect(queueOf(snap, SUPPORT).realtime).toMatchObject({
      tasksByStatus: { pending: 0, reserved: 0, assigned: 1, wrapping: 1 },
      tasksByPriority: {},
      totalTasks: 2,
      longestTaskWaitingAge: 0,
      longestTaskWaitingSid: null,
    });
    expect(workerOf(snap, ALICE).tasks).toEqual([
      {
        taskSid: WT(21),
        taskQueueSid: SUPPORT,
        reservationSid: ra.reservationSid,
        status: "assigned",
        priority: 0,
        acceptedAt: new Date(s(8)).toISOString(),
      },
    ]);
    expect(workerOf(snap, BOB).tasks).toEqual([
      {
        taskSid: WT(22),
        taskQueueSid: SUPPORT,
        reservationSid: rb.reservationSid,
        status: "wrapping",
        priority: 2,
        acceptedAt: new Date(s(9)).toISOString(),
      },
    ]);
  });

  it("takes the latest TaskVersion even when an older event has a later timestamp", () => {
    const t = new TaskScript(WT(23), s(0), { priority: 1 });
    const created = t.created();
    const entered = t.entered(s(1), SUPPORT);
    const update = t.updatePriority(s(2), 9);
    // A stale callback: priority 1, version 0, but stamped later.
    const stale = toEvent({
      ...entered.params,
      Sid: sid("EV", 999_001),
      EventType: "task.updated",
      TimestampMs: String(s(5)),
      TaskVersion: "0",
    });
    const snap = buildSnapshot(fold([created, entered, update, stale]), { now: s(10), window: { kind: "today" } });
    expect(queueOf(snap, SUPPORT).realtime.tasksByPriority).toEqual({ "9": 1 });
  });
});

describe("a task moved between queues", () => {
  const { bob } = workers();
  const moved = new TaskScript(WT(11), s(0));
  const timedOut = new TaskScript(WT(12), s(0));
  const r = (() => {
    const events = [moved.created(), moved.entered(s(1), SALES), moved.moved(s(31)), moved.entered(s(31), SUPPORT)];
    const res = moved.reserve(s(35), bob);
    events.push(res.event, moved.accept(s(40), bob, res.reservationSid), moved.completed(s(100)));
    events.push(timedOut.created(), timedOut.entered(s(2), SUPPORT), timedOut.queueTimeout(s(62)), timedOut.entered(s(62), SALES));
    return events;
  })();
  const state = fold(r);
  const snap = buildSnapshot(state, { now: s(120), window: { kind: "today" } });

  it("counts tasksMoved for the queue left (task-queue.moved and task-queue.timeout)", () => {
    expect(queueOf(snap, SALES).cumulative).toMatchObject({ tasksEntered: 2, tasksMoved: 1, tasksCompleted: 0, reservationsAccepted: 0 });
    expect(queueOf(snap, SUPPORT).cumulative).toMatchObject({
      tasksEntered: 2,
      tasksMoved: 1,
      tasksCompleted: 1,
      reservationsAccepted: 1,
      waitDurationUntilAccepted: { avg: 40, min: 40, max: 40, total: 40 },
      waitDurationInQueueUntilAccepted: { avg: 9, min: 9, max: 9, total: 9 },
      handleTime: { avg: 60, min: 60, max: 60, total: 60 },
    });
    expect(snap.workspace.cumulative).toMatchObject({ tasksCreated: 2, tasksMoved: 2, tasksCompleted: 1 });
  });

  it("the task is in the queue it entered last", () => {
    expect(queueOf(snap, SALES).realtime).toMatchObject({
      tasksByStatus: { pending: 1, reserved: 0, assigned: 0, wrapping: 0 },
      longestTaskWaitingSid: WT(12),
      longestTaskWaitingAge: 120,
    });
    expect(queueOf(snap, SUPPORT).realtime.totalTasks).toBe(0);
    expect(state.tasks.get(WT(11))?.facts.queueVisits).toEqual([
      { queueSid: SALES, enteredMs: s(1), leftMs: s(31), leftBy: "moved" },
      { queueSid: SUPPORT, enteredMs: s(31), leftMs: s(100), leftBy: "ended" },
    ]);
  });
});

describe("reservations canceled and rescinded, tasks deleted", () => {
  it("counts each reservation status and ends membership on deletion", () => {
    const { alice, bob } = workers();
    const multi = new TaskScript(WT(31), s(0));
    const ra = multi.reserve(s(5), alice);
    const rb = multi.reserve(s(5), bob);
    const events = [
      multi.created(),
      multi.entered(s(1), SUPPORT),
      ra.event,
      rb.event,
      multi.accept(s(8), bob, rb.reservationSid),
      multi.rescind(s(8), alice, ra.reservationSid),
    ];
    const gone = new TaskScript(WT(32), s(0));
    const rg = gone.reserve(s(5), alice);
    events.push(
      gone.created(),
      gone.entered(s(1), SALES),
      rg.event,
      gone.cancelReservation(s(9), alice, rg.reservationSid),
      gone.canceled(s(9)),
    );
    const deleted = new TaskScript(WT(33), s(0));
    events.push(deleted.created(), deleted.entered(s(1), SALES), deleted.deleted(s(20)));
    const expired = new TaskScript(WT(34), s(0));
    events.push(expired.created(), expired.entered(s(1), SALES), expired.systemDeleted(s(30)));

    const snap = buildSnapshot(fold(events), { now: s(60), window: { kind: "today" } });
    expect(queueOf(snap, SUPPORT).cumulative).toMatchObject({
      reservationsCreated: 2,
      reservationsAccepted: 1,
      reservationsRescinded: 1,
      tasksAbandoned: 0,
    });
    expect(queueOf(snap, SALES).cumulative).toMatchObject({
      reservationsCreated: 1,
      reservationsCanceled: 1,
      tasksCanceled: 1,
      tasksAbandoned: 1,
      tasksShortAbandoned: 0,
      tasksDeleted: 2,
      waitDurationUntilCanceled: { avg: 9, min: 9, max: 9, total: 9 },
    });
    expect(queueOf(snap, SALES).realtime.totalTasks).toBe(0);
    expect(workerOf(snap, ALICE).cumulative).toMatchObject({ reservationsCreated: 2, reservationsAccepted: 0 });
    expect(workerOf(snap, ALICE).tasks).toEqual([]);
    expect(workerOf(snap, BOB).tasks.map((t) => t.taskSid)).toEqual([WT(31)]);
  });
});

/**
 * A WARM transfer to Sales, then done: created at 0, in Support at 1; Alice reserved at 5, accepts
 * at 10; at 70 she transfers to Sales; Dave is offered it (71) and rejects (75, an attempt fails);
 * Bob is offered it (76) and accepts (80): the transfer completes, Alice hands over. Bob wraps up
 * at 180 and completes at 200.
 */
describe("a WARM transfer: each worker's part, the completion to whoever finished", () => {
  const { alice, bob, dave } = workers();
  const t = new TaskScript(WT(80), s(0));
  const events: TestEvent[] = [t.created(), t.entered(s(1), SUPPORT)];
  const ra = t.reserve(s(5), alice);
  events.push(ra.event, t.accept(s(10), alice, ra.reservationSid), t.transfer(s(70), "initiated"));
  // The transfer's offers are made from Sales; the task stays assigned to Alice meanwhile.
  const rd = t.reserve(s(71), dave, { TaskQueueSid: SALES, TaskAssignmentStatus: "assigned" });
  events.push(rd.event, t.reject(s(75), dave, rd.reservationSid, { TaskQueueSid: SALES, TaskAssignmentStatus: "assigned" }));
  events.push(t.transfer(s(75), "attempt-failed"));
  const rb = t.reserve(s(76), bob, { TaskQueueSid: SALES, TaskAssignmentStatus: "assigned" });
  events.push(rb.event, t.accept(s(80), bob, rb.reservationSid, { TaskQueueSid: SALES }));
  events.push(t.transfer(s(80), "completed"), t.handOver(s(80), alice, ra.reservationSid, "assigned"));
  events.push(t.wrapup(s(180)), t.reservationWrapup(s(180), bob, rb.reservationSid), t.completed(s(200)));
  events.push(t.reservationCompleted(s(200), bob, rb.reservationSid));
  const snap = buildSnapshot(fold(events), { now: s(300), window: { kind: "today" } });

  it("Support: the task's first acceptance, completion, transfers; Sales: the transfer's offers", () => {
    expect(queueOf(snap, SUPPORT).cumulative).toMatchObject({
      tasksEntered: 1,
      tasksAccepted: 1,
      reservationsCreated: 1,
      reservationsAccepted: 1,
      tasksCompleted: 1,
      transfersInitiated: 1,
      transfersCompleted: 1,
      transferAttemptsFailed: 1,
      waitDurationUntilAccepted: { avg: 10, min: 10, max: 10, total: 10 },
      // first acceptance (10 s) → completion (200 s)
      handleTime: { avg: 190, min: 190, max: 190, total: 190 },
    });
    expect(queueOf(snap, SALES).cumulative).toMatchObject({
      tasksEntered: 0,
      tasksAccepted: 0,
      reservationsCreated: 2,
      reservationsRejected: 1,
      reservationsAccepted: 1,
      // Twilio: a transfer's acceptance waited from the task's creation (80 s), in queue from entering Support (79 s).
      waitDurationUntilAccepted: { avg: 80, min: 80, max: 80, total: 80 },
      waitDurationInQueueUntilAccepted: { avg: 79, min: 79, max: 79, total: 79 },
      splitByWaitTime: {
        "20": {
          below: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 0 },
          above: { tasksAccepted: 0, reservationsAccepted: 1, tasksCanceled: 0 },
        },
        "60": {
          below: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 0 },
          above: { tasksAccepted: 0, reservationsAccepted: 1, tasksCanceled: 0 },
        },
      },
    });
  });

  it("workspace and workflow: one task accepted, two reservations accepted", () => {
    const expected = {
      tasksAccepted: 1,
      reservationsAccepted: 2,
      tasksCompleted: 1,
      transfersInitiated: 1,
      waitDurationUntilAccepted: { avg: 45, min: 10, max: 80, total: 90 },
      // How long the caller waited to be answered: once, 10 s.
      waitDurationUntilFirstAccepted: { avg: 10, min: 10, max: 10, total: 10 },
      avgTaskAcceptanceTime: 45,
      splitByWaitTime: {
        "20": {
          below: { tasksAccepted: 1, reservationsAccepted: 1, tasksCanceled: 0 },
          above: { tasksAccepted: 0, reservationsAccepted: 1, tasksCanceled: 0 },
        },
        "60": {
          below: { tasksAccepted: 1, reservationsAccepted: 1, tasksCanceled: 0 },
          above: { tasksAccepted: 0, reservationsAccepted: 1, tasksCanceled: 0 },
        },
      },
      // The task was answered within 20 s: the transfer does not serve the caller twice.
      serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, percent: 100 },
      handleTime: { avg: 190, min: 190, max: 190, total: 190 },
    };
    expect(snap.workspace.cumulative).toMatchObject({ tasksCreated: 1, ...expected });
    expect(snap.workflows).toHaveLength(1);
    expect(snap.workflows[0]).toMatchObject({ sid: sid("WW", 1), friendlyName: "Default" });
    expect(snap.workflows[0]!.cumulative).toMatchObject({ tasksEntered: 1, ...expected });
  });

  it("Alice: her 70 s and the transfer; Bob: his 120 s and the completion; Dave: the rejection", () => {
    expect(workerOf(snap, ALICE).cumulative).toMatchObject({
      reservationsAccepted: 1,
      tasksCompleted: 0,
      transfersInitiated: 1,
      handleTime: { avg: 70, min: 70, max: 70, total: 70 },
      // She hands over without wrapping up: all of her part is talk.
      talkTime: { avg: 70, min: 70, max: 70, total: 70 },
    });
    expect(workerOf(snap, BOB).cumulative).toMatchObject({
      reservationsCreated: 1,
      reservationsAccepted: 1,
      tasksCompleted: 1,
      transfersInitiated: 0,
      handleTime: { avg: 120, min: 120, max: 120, total: 120 },
      // 80 s → wrap-up at 180 s.
      talkTime: { avg: 100, min: 100, max: 100, total: 100 },
    });
    expect(workerOf(snap, DAVE).cumulative).toMatchObject({ reservationsRejected: 1, reservationsAccepted: 0, handleTime: zeroDuration });
  });

  it("the handle time of a worker whose reservation.completed is missing ends with the task", () => {
    const withoutBobsEnd = events.filter((e) => !(e.eventType === "reservation.completed" && e.workerSid === BOB));
    const again = buildSnapshot(fold(withoutBobsEnd), { now: s(300), window: { kind: "today" } });
    expect(workerOf(again, BOB).cumulative).toMatchObject({ tasksCompleted: 1, handleTime: { avg: 120, min: 120, max: 120, total: 120 } });
  });
});

/**
 * A COLD transfer to Sales: Alice accepts at 10 in Support, transfers COLD at 50 (her reservation
 * completes, the task leaves Support for Sales, pending again); Bob accepts at 60, completes at 100.
 */
describe("a COLD transfer to a queue", () => {
  const { alice, bob } = workers();
  const t = new TaskScript(WT(81), s(0));
  const events: TestEvent[] = [t.created(), t.entered(s(1), SUPPORT)];
  const ra = t.reserve(s(5), alice);
  events.push(ra.event, t.accept(s(10), alice, ra.reservationSid), t.transfer(s(50), "initiated"));
  events.push(t.handOver(s(50), alice, ra.reservationSid, "pending"), t.moved(s(50)), t.entered(s(50), SALES));
  const rb = t.reserve(s(55), bob);
  events.push(rb.event, t.accept(s(60), bob, rb.reservationSid), t.transfer(s(60), "completed"), t.completed(s(100)));
  events.push(t.reservationCompleted(s(100), bob, rb.reservationSid));
  const snap = buildSnapshot(fold(events), { now: s(300), window: { kind: "today" } });

  it("the wait in Sales runs from entering Sales; each worker has their part", () => {
    expect(queueOf(snap, SUPPORT).cumulative).toMatchObject({ tasksEntered: 1, tasksMoved: 1, tasksAccepted: 1, transfersInitiated: 1 });
    expect(queueOf(snap, SALES).cumulative).toMatchObject({
      tasksEntered: 1,
      tasksAccepted: 0,
      reservationsAccepted: 1,
      tasksCompleted: 1,
      transfersCompleted: 1,
      waitDurationUntilAccepted: { avg: 60, min: 60, max: 60, total: 60 },
      waitDurationInQueueUntilAccepted: { avg: 10, min: 10, max: 10, total: 10 },
    });
    expect(workerOf(snap, ALICE).cumulative).toMatchObject({
      transfersInitiated: 1,
      tasksCompleted: 0,
      handleTime: { total: 40, avg: 40 },
    });
    expect(workerOf(snap, BOB).cumulative).toMatchObject({ transfersInitiated: 0, tasksCompleted: 1, handleTime: { total: 40, avg: 40 } });
  });

  it("a caller who hangs up after a COLD transfer: canceled in the split (as Twilio counts), not an abandon", () => {
    const u = new TaskScript(WT(85), s(0));
    const more: TestEvent[] = [u.created(), u.entered(s(1), SUPPORT)];
    const r = u.reserve(s(5), alice);
    more.push(r.event, u.accept(s(10), alice, r.reservationSid), u.transfer(s(50), "initiated"));
    more.push(u.handOver(s(50), alice, r.reservationSid, "pending"), u.moved(s(50)), u.entered(s(50), SALES));
    more.push(u.canceled(s(90)), u.transfer(s(90), "failed"));
    const sales = queueOf(buildSnapshot(fold(more), { now: s(300), window: { kind: "today" } }), SALES).cumulative;
    expect(sales).toMatchObject({ tasksCanceled: 1, tasksAbandoned: 0, transfersFailed: 1, waitDurationUntilCanceled: zeroDuration });
    expect(sales.splitByWaitTime["60"]).toEqual({
      below: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 0 },
      above: { tasksAccepted: 0, reservationsAccepted: 0, tasksCanceled: 1 },
    });
  });
});

describe("several reservations per task and a workflow timeout", () => {
  const { alice, bob } = workers();
  const t = new TaskScript(WT(82), s(0));
  const events: TestEvent[] = [t.created(), t.entered(s(1), SUPPORT)];
  // MaxReservedWorkers 2: both offered at once, Bob accepts, Alice's offer is rescinded.
  const ra = t.reserve(s(2), alice);
  const rb = t.reserve(s(2), bob);
  events.push(ra.event, rb.event, t.accept(s(8), bob, rb.reservationSid), t.rescind(s(8), alice, ra.reservationSid));
  events.push(t.completed(s(40)));
  const late = new TaskScript(WT(83), s(100));
  events.push(late.created(), late.entered(s(100), SUPPORT), late.queueTimeout(s(160)), late.workflowTimeout(s(160)));
  events.push(late.canceled(s(160), "Workflow Timeout"));
  const snap = buildSnapshot(fold(events), { now: s(300), window: { kind: "today" } });

  it("tasks accepted and reservations counted apart; the timeout counted for the workflow and workspace", () => {
    const expected = { tasksAccepted: 1, reservationsCreated: 2, reservationsAccepted: 1, reservationsRescinded: 1, tasksCanceled: 1 };
    expect(queueOf(snap, SUPPORT).cumulative).toMatchObject(expected);
    expect(snap.workspace.cumulative).toMatchObject({ ...expected, tasksTimedOutInWorkflow: 1 });
    expect(snap.workflows[0]!.cumulative).toMatchObject({ ...expected, tasksEntered: 2, tasksTimedOutInWorkflow: 1 });
    expect(workerOf(snap, ALICE).cumulative).toMatchObject({ reservationsCreated: 1, reservationsRescinded: 1, reservationsAccepted: 0 });
  });

  it("workflow real time: its live tasks", () => {
    const waiting = new TaskScript(WT(84), s(200), { priority: 3 });
    const more = [...events, waiting.created(), waiting.entered(s(201), SUPPORT)];
    const now = buildSnapshot(fold(more), { now: s(300), window: { kind: "today" } });
    expect(now.workflows[0]!.realtime).toStrictEqual({
      tasksByStatus: { pending: 1, reserved: 0, assigned: 0, wrapping: 0 },
      tasksByPriority: { "3": 1 },
      totalTasks: 1,
      longestTaskWaitingAge: 100,
      longestTaskWaitingSid: WT(84),
    });
  });
});

describe("channel capacity: a chat capacity raised and lowered while tasks are held", () => {
  const VOICE = { sid: sid("TC", 1), uniqueName: "voice" };
  const CHAT = { sid: sid("TC", 2), uniqueName: "chat" };
  const { alice, bob, carol } = workers();
  // The documented fields only: configured capacity = WorkerChannelAvailableCapacity + WorkerChannelTaskCount.
  const capacity = (w: WorkerScript, at: number, c: typeof CHAT, available: number, tasks: number, previous: number) =>
    w.channel(at, "worker.capacity.update", {
      TaskChannelSid: c.sid,
      TaskChannelUniqueName: c.uniqueName,
      WorkerChannelAvailable: true,
      WorkerChannelAvailableCapacity: available,
      WorkerChannelTaskCount: tasks,
      WorkerChannelPreviousCapacity: previous,
    });
  const events: TestEvent[] = [
    capacity(alice, s(1), CHAT, 2, 0, 1),
    capacity(bob, s(1), CHAT, 1, 0, 1),
    capacity(bob, s(2), VOICE, 1, 0, 1),
    capacity(carol, s(1), CHAT, 2, 0, 1),
  ];
  // A: chat, accepted by Alice. B: chat, offered to Alice (pending). C: chat, Bob's, in wrap-up.
  const a = new TaskScript(WT(91), s(10), { channel: CHAT });
  const ra = a.reserve(s(11), alice);
  events.push(a.created(), a.entered(s(10), SUPPORT), ra.event, a.accept(s(12), alice, ra.reservationSid));
  const b = new TaskScript(WT(92), s(20), { channel: CHAT });
  const rb = b.reserve(s(21), alice);
  events.push(b.created(), b.entered(s(20), SUPPORT), rb.event);
  // Alice's chat capacity 2 → 3 with A assigned: 2 still available, 1 task.
  events.push(capacity(alice, s(30), CHAT, 2, 1, 2));
  const c = new TaskScript(WT(93), s(40), { channel: CHAT });
  const rc = c.reserve(s(41), bob);
  events.push(c.created(), c.entered(s(40), SUPPORT), rc.event, c.accept(s(42), bob, rc.reservationSid), c.wrapup(s(50)));
  events.push(
    bob.channel(s(45), "worker.channel.availability.update", {
      TaskChannelSid: VOICE.sid,
      TaskChannelUniqueName: VOICE.uniqueName,
      WorkerChannelAvailable: false,
      WorkerChannelAvailableCapacity: 1,
      WorkerChannelTaskCount: 0,
      WorkerChannelPreviousCapacity: 1,
    }),
  );
  const raised = events.slice();
  // And back 3 → 2 (A still assigned: 1 available, 1 task).
  const lowered = [...raised, capacity(alice, s(70), CHAT, 1, 1, 3)];

  const snapAt = (list: TestEvent[], now: number) => buildSnapshot(fold(list), { now, window: { kind: "today" } });

  it("per worker: capacity from the events, tasks held now, free capacity", () => {
    const snap = snapAt(raised, s(60));
    expect(workerOf(snap, ALICE).channels).toEqual([
      { ...channel(CHAT.sid, "chat", 3, true), consumed: 1, assignedTasks: 1, reservedTasks: 1, free: 1 },
    ]);
    expect(workerOf(snap, BOB).channels).toEqual([
      { ...channel(CHAT.sid, "chat", 1, true), assignedTasks: 1, free: 0 },
      channel(VOICE.sid, "voice", 1, false),
    ]);
    // Offline: capacity configured, none free.
    expect(workerOf(snap, CAROL).channels).toEqual([channel(CHAT.sid, "chat", 2, true)]);
  });

  it("per queue: configured and free capacity over the eligible workers", () => {
    const snap = snapAt(raised, s(60));
    expect(queueOf(snap, SUPPORT).realtime.channelCapacity).toEqual([
      { taskChannelSid: CHAT.sid, taskChannelUniqueName: "chat", workers: 2, capacity: 4, free: 1 },
      { taskChannelSid: VOICE.sid, taskChannelUniqueName: "voice", workers: 1, capacity: 1, free: 0 },
    ]);
    expect(queueOf(snap, SALES).realtime.channelCapacity).toEqual([
      { taskChannelSid: CHAT.sid, taskChannelUniqueName: "chat", workers: 2, capacity: 5, free: 1 },
    ]);
    expect(queueOf(snap, BROKEN).realtime.channelCapacity).toEqual([]);
  });

  it("lowered again, then a break: nothing free", () => {
    let snap = snapAt(lowered, s(80));
    expect(workerOf(snap, ALICE).channels).toEqual([
      { ...channel(CHAT.sid, "chat", 2, true), consumed: 1, assignedTasks: 1, reservedTasks: 1, free: 0 },
    ]);
    expect(queueOf(snap, SALES).realtime.channelCapacity[0]).toMatchObject({ capacity: 4, free: 0 });
    // B accepted: still two tasks held on a capacity of 2.
    snap = snapAt([...lowered, b.accept(s(85), alice, rb.reservationSid)], s(86));
    expect(workerOf(snap, ALICE).channels[0]).toMatchObject({ assignedTasks: 2, reservedTasks: 0, free: 0 });
    // A completed frees one; a break (the last event built: it changes Alice's script) takes it away.
    const done = [...lowered, b.accept(s(85), alice, rb.reservationSid), a.wrapup(s(86)), a.completed(s(87))];
    snap = snapAt(done, s(88));
    expect(workerOf(snap, ALICE).channels[0]).toMatchObject({ capacity: 2, assignedTasks: 1, free: 1 });
    snap = snapAt([...done, alice.setActivity(s(90), BREAK)], s(91));
    expect(workerOf(snap, ALICE).channels[0]).toMatchObject({ capacity: 2, assignedTasks: 1, free: 0 });
    expect(queueOf(snap, SUPPORT).realtime.channelCapacity[0]).toMatchObject({ capacity: 3, free: 0 });
  });

  it("any arrival order gives the same channels", () => {
    const expected = snapAt(lowered, s(80));
    const pick = (snap: MetricsSnapshot) => ({
      workers: snap.workers.map((w) => [w.sid, w.channels]),
      queues: snap.queues.map((q) => [q.sid, q.realtime.channelCapacity]),
    });
    const orders = [
      [...lowered].reverse(),
      lowered.filter((_, i) => i % 2 === 1).concat(lowered.filter((_, i) => i % 2 === 0)),
      lowered.slice(7).concat(lowered.slice(0, 7)),
    ];
    for (const order of orders) expect(pick(snapAt(order, s(80)))).toEqual(pick(expected));
  });
});

describe("out-of-order arrival", () => {
  it("task.created after reservation.accepted: the wait is recomputed from the creation time", () => {
    const { bob } = workers();
    // No TaskDateCreated: the creation time is the task.created event's own time.
    const t = new TaskScript(WT(41), s(0), { dateCreated: "none" });
    const created = t.created(s(0));
    const entered = t.entered(s(2), SUPPORT);
    const r = t.reserve(s(10), bob);
    const accepted = t.accept(s(30), bob, r.reservationSid);
    const state = fold([accepted, r.event, entered]);
    // Before task.created arrives the earliest event stands in for it.
    expect(state.tasks.get(WT(41))?.facts).toMatchObject({ createdFrom: "first-event", createdMs: s(2) });
    let support = queueOf(buildSnapshot(state, { now: s(60), window: { kind: "today" } }), SUPPORT).cumulative;
    expect(support.waitDurationUntilAccepted.total).toBe(28);

    applyEvents(state, [created]);
    support = queueOf(buildSnapshot(state, { now: s(60), window: { kind: "today" } }), SUPPORT).cumulative;
    expect(support.waitDurationUntilAccepted).toEqual({ avg: 30, min: 30, max: 30, total: 30 });
    expect(support.serviceLevel.percent).toBe(0);
    expect(buildSnapshot(state, { now: s(60), window: { kind: "today" } })).toStrictEqual(
      buildSnapshot(fold([created, entered, r.event, accepted]), { now: s(60), window: { kind: "today" } }),
    );
  });

  it("task.canceled before reservation.accepted arrives: not an abandon once the acceptance is known", () => {
    const { bob } = workers();
    const t = new TaskScript(WT(42), s(0));
    const r = t.reserve(s(3), bob);
    const events = [t.created(), t.entered(s(1), SUPPORT), r.event];
    const accepted = t.accept(s(4), bob, r.reservationSid);
    const canceled = t.canceled(s(50));
    const state = fold([...events, canceled]);
    expect(queueOf(buildSnapshot(state, { now: s(60), window: { kind: "today" } }), SUPPORT).cumulative.tasksAbandoned).toBe(1);
    applyEvents(state, [accepted]);
    const support = queueOf(buildSnapshot(state, { now: s(60), window: { kind: "today" } }), SUPPORT).cumulative;
    expect(support).toMatchObject({
      tasksAbandoned: 0,
      tasksCanceled: 1,
      waitDurationUntilCanceled: zeroDuration,
      serviceLevel: { percent: 100 },
    });
  });

  it("a duplicate Sid is folded once", () => {
    const t = new TaskScript(WT(43), s(0));
    const created = t.created();
    const state = createMetricsState(config(), SETTINGS);
    expect(applyEvents(state, [created, created, { ...created }])).toBe(1);
    expect(buildSnapshot(state, { now: s(1), window: { kind: "today" } }).workspace.cumulative.tasksCreated).toBe(1);
  });
});

describe("windows: local midnight and ?minutes=N edges", () => {
  function createdAt(times: number[], settings = SETTINGS): MetricsState {
    return fold(
      times.map((at, i) => new TaskScript(WT(100 + i), at).created()),
      settings,
    );
  }

  it("today starts at local midnight in America/New_York (05:00Z in winter)", () => {
    const state = createdAt([MIDNIGHT_NY - 1, MIDNIGHT_NY, T0]);
    const snap = buildSnapshot(state, { now: T0, window: { kind: "today" } });
    expect(snap.window.from).toBe("2026-01-15T05:00:00.000Z");
    expect(snap.workspace.cumulative.tasksCreated).toBe(2);
  });

  it("today starts at the right midnight on the day DST begins (23-hour day)", () => {
    // 2026-03-08: clocks go 02:00 EST → 03:00 EDT. Midnight is still EST (05:00Z); noon is EDT (16:00Z).
    const midnight = Date.UTC(2026, 2, 8, 5, 0, 0);
    const noon = Date.UTC(2026, 2, 8, 16, 0, 0);
    const state = createdAt([midnight - 1, midnight, noon - 1]);
    const snap = buildSnapshot(state, { now: noon, window: { kind: "today" } });
    expect(snap.window.from).toBe("2026-03-08T05:00:00.000Z");
    expect(snap.workspace.cumulative.tasksCreated).toBe(2);
    // The day after, midnight is EDT (04:00Z).
    const next = buildSnapshot(state, { now: Date.UTC(2026, 2, 9, 4, 0, 0), window: { kind: "today" } });
    expect(next.window.from).toBe("2026-03-09T04:00:00.000Z");
    expect(next.workspace.cumulative.tasksCreated).toBe(0);
  });

  it("today starts at the right midnight on the day DST ends (25-hour day)", () => {
    const midnight = Date.UTC(2026, 10, 1, 4, 0, 0); // 2026-11-01 00:00 EDT
    const state = createdAt([midnight - 1, midnight, Date.UTC(2026, 10, 2, 4, 59, 59)]);
    const late = buildSnapshot(state, { now: Date.UTC(2026, 10, 2, 4, 59, 59, 999), window: { kind: "today" } });
    expect(late.window.from).toBe("2026-11-01T04:00:00.000Z");
    expect(late.workspace.cumulative.tasksCreated).toBe(2);
  });

  it("another zone, another midnight: Asia/Kolkata (+05:30)", () => {
    const settings = { ...SETTINGS, timezone: "Asia/Kolkata" };
    const midnight = Date.UTC(2026, 0, 14, 18, 30, 0);
    const snap = buildSnapshot(createdAt([midnight - 1, midnight], settings), { now: T0, window: { kind: "today" } });
    expect(snap.timezone).toBe("Asia/Kolkata");
    expect(snap.window.from).toBe("2026-01-14T18:30:00.000Z");
    expect(snap.workspace.cumulative.tasksCreated).toBe(1);
  });

  it("?minutes=N includes both ends and nothing after now", () => {
    const now = T0 + 123_456;
    const from = now - 15 * 60_000;
    const state = createdAt([from - 1, from, from + 30_000, now, now + 1]);
    const snap = buildSnapshot(state, { now, window: { kind: "minutes", minutes: 15 } });
    expect(snap.window).toEqual({ from: new Date(from).toISOString(), to: new Date(now).toISOString() });
    expect(snap.workspace.cumulative.tasksCreated).toBe(3);
    expect(buildSnapshot(state, { now, window: { kind: "minutes", minutes: 1 } }).workspace.cumulative.tasksCreated).toBe(1);
  });

  it("rejects an unknown timezone and a non-positive window", () => {
    expect(() => createMetricsState(config(), { ...SETTINGS, timezone: "Mars/Olympus" })).toThrow(RangeError);
    expect(() => buildSnapshot(fold([]), { now: T0, window: { kind: "minutes", minutes: 0 } })).toThrow(RangeError);
  });
});

describe("worker time: activity durations, occupancy, time in state", () => {
  // Bob: Offline 01:00–09:00, Available 09:00–10:03:20, Break since 10:03:20; busy 10:00:10–10:01:40.
  // Carol: Offline since 20:00 yesterday until 08:00, then Available.
  const ws = workers();
  ws.bob.activity = OFFLINE;
  ws.bob.activitySinceMs = s(-3600 - 8 * 3600);
  ws.carol.activitySinceMs = T0 - 14 * 3600_000;
  const t = new TaskScript(WT(51), s(0));
  const r = t.reserve(s(5), ws.bob);
  const events = [
    ws.bob.setActivity(s(-3600), AVAILABLE),
    ws.carol.setActivity(s(-7200), AVAILABLE),
    t.created(),
    t.entered(s(1), SUPPORT),
    r.event,
    t.accept(s(10), ws.bob, r.reservationSid),
    t.completed(s(100)),
    ws.bob.setActivity(s(200), BREAK),
  ];
  const state = fold(events);
  const durations = (snapshot: MetricsSnapshot, workerSid: string) =>
    Object.fromEntries(workerOf(snapshot, workerSid).cumulative.activityDurations.map((a) => [a.friendlyName, a.seconds]));

  it("today: intervals clipped to [local midnight, now], open interval until now", () => {
    const snap = buildSnapshot(state, { now: s(400), window: { kind: "today" } });
    expect(durations(snap, BOB)).toEqual({ Available: 3800, Break: 200, Offline: 28_800 });
    // Carol's Offline began yesterday 20:00: only midnight–08:00 counts today.
    expect(durations(snap, CAROL)).toEqual({ Available: 7600, Break: 0, Offline: 28_800 });
    // busy 90 s inside 3,800 s available
    expect(workerOf(snap, BOB).cumulative.occupancy).toBe(0.0237);
    expect(workerOf(snap, CAROL).cumulative.occupancy).toBe(0);
    expect(workerOf(snap, DAVE).cumulative.occupancy).toBeNull();
    expect(workerOf(snap, BOB)).toMatchObject({
      activitySid: BREAK.sid,
      activityName: "Break",
      available: false,
      activitySince: new Date(s(200)).toISOString(),
    });
  });

  it("?minutes=5: only the last five minutes of each interval", () => {
    const snap = buildSnapshot(state, { now: s(400), window: { kind: "minutes", minutes: 5 } });
    expect(durations(snap, BOB)).toEqual({ Available: 100, Break: 200, Offline: 0 });
    expect(workerOf(snap, BOB).cumulative.occupancy).toBe(0);
    expect(workerOf(snap, BOB).cumulative.tasksCompleted).toBe(1);
  });

  it("occupancy counts busy time in an unavailable activity in the denominator too", () => {
    const w = workers(s(-600)).alice;
    const task = new TaskScript(WT(52), s(0));
    const res = task.reserve(s(1), w);
    const evs = [
      task.created(),
      task.entered(s(0), SUPPORT),
      res.event,
      task.accept(s(10), w, res.reservationSid),
      w.setActivity(s(10), BREAK),
      task.completed(s(70)),
      w.setActivity(s(70), AVAILABLE),
    ];
    const snap = buildSnapshot(fold(evs), { now: s(130), window: { kind: "minutes", minutes: 2 } });
    // window [s10, s130]: busy 60 s (in Break), available 60 s → 60 ÷ 120
    expect(workerOf(snap, ALICE).cumulative.occupancy).toBe(0.5);
    expect(durations(snap, ALICE)).toEqual({ Available: 60, Break: 60, Offline: 0 });
  });

  it("snapshots read every few seconds follow new events, the clock and activities becoming available", () => {
    const w = workers(s(-600));
    const task = new TaskScript(WT(53), s(20));
    const res = task.reserve(s(25), w.bob);
    const becomesAvailable = makeEvent("activity.updated", s(80), {
      ActivitySid: BREAK.sid,
      ActivityName: "Break",
      ActivityAvailable: "true",
    });
    // Bob goes on Break at s(0) and takes a task while on it; then Break becomes an available activity.
    const steps: [TestEvent[], number[]][] = [
      [[w.bob.setActivity(s(0), BREAK)], [s(10), s(10), s(15)]],
      [
        [task.created(), task.entered(s(20), SUPPORT), res.event, task.accept(s(30), w.bob, res.reservationSid)],
        [s(40), s(50), s(50)],
      ],
      [[becomesAvailable], [s(90), s(95)]],
      [[task.completed(s(100))], [s(110), s(120)]],
      [[w.bob.setActivity(s(130), OFFLINE)], [s(130), s(140)]],
    ];
    const live = fold([]);
    const applied: TestEvent[] = [];
    const occupancies: (number | null)[] = [];
    for (const [events, nows] of steps) {
      applyEvents(live, events);
      applied.push(...events);
      for (const now of nows) {
        const snap = buildSnapshot(live, { now, window: { kind: "today" } });
        expect(snap).toStrictEqual(buildSnapshot(fold(applied), { now, window: { kind: "today" } }));
        expect(workerSnapshot(live, BOB, now)).toStrictEqual(workerOf(snap, BOB));
        occupancies.push(workerOf(snap, BOB).cumulative.occupancy);
      }
    }
    // Busy 10 s of 610 s available-or-busy at s(40); Break counted as available from the change on.
    expect(occupancies.slice(3, 5)).toEqual([round4(10 / 610), round4(20 / 620)]);
    expect(occupancies[6]).toBe(round4(60 / 690));
  });

  it("workerSnapshot gives the same worker as the full snapshot", () => {
    const snap = buildSnapshot(state, { now: s(400), window: { kind: "today" } });
    expect(workerSnapshot(state, BOB, s(400))).toStrictEqual(workerOf(snap, BOB));
    expect(workerSnapshot(state, sid("WK", 99), s(400))).toBeNull();
  });
});

describe("configuration kept current from events", () => {
  it("queue expression updates, worker attributes, created and deleted workers, activities", () => {
    const { carol } = workers();
    const lunch = { sid: sid("WA", 9), name: "Lunch" };
    const events: TestEvent[] = [
      // Broken queue gets a valid expression: Alice and Carol have "sales".
      expressionUpdate(BROKEN, "skills HAS 'sales'", s(1)),
      carol.setAttributes(s(2), { skills: ["sales", "support"] }),
      activity("activity.created", lunch.sid, "Lunch", false, s(3)),
      activity("activity.updated", lunch.sid, "Long lunch", false, s(4)),
      // After the rename, worker events carry the new name.
      carol.setActivity(s(5), { sid: lunch.sid, name: "Long lunch" }),
      activity("activity.deleted", BREAK.sid, "Break", false, s(6)),
    ];
    const erin = new WorkerScript(sid("WK", 5), "Erin", { activity: AVAILABLE, attributes: { skills: ["support"] } });
    events.push(erin.created(s(7)));
    const daveDeleted = workers().dave.deleted(s(8));
    events.push(daveDeleted);
    const snap = buildSnapshot(fold(events), { now: s(10), window: { kind: "today" } });

    expect(queueOf(snap, BROKEN)).toMatchObject({ targetWorkers: "skills HAS 'sales'", realtime: { totalEligibleWorkers: 2 } });
    expect(queueOf(snap, SUPPORT).realtime.totalEligibleWorkers).toBe(4); // Alice, Bob, Carol, Erin
    expect(snap.workers.map((w) => w.friendlyName)).toEqual(["Alice", "Bob", "Carol", "Erin"]);
    expect(snap.workspace.realtime.activityStatistics).toEqual([
      { sid: AVAILABLE.sid, friendlyName: "Available", available: true, workers: 3 },
      { sid: OFFLINE.sid, friendlyName: "Offline", available: false, workers: 0 },
      { sid: lunch.sid, friendlyName: "Long lunch", available: false, workers: 1 },
    ]);
    expect(workerOf(snap, CAROL)).toMatchObject({ activityName: "Long lunch", queueSids: [SALES, SUPPORT, BROKEN] });
  });

  it("task-queue.created and deleted", () => {
    const queue = sid("WQ", 7);
    const created = makeQueueEvent("task-queue.created", queue, "Billing", "skills HAS 'support'", s(1));
    let snap = buildSnapshot(fold([created]), { now: s(2), window: { kind: "today" } });
    expect(queueOf(snap, queue)).toMatchObject({ friendlyName: "Billing", realtime: { totalEligibleWorkers: 2 } });
    snap = buildSnapshot(fold([created, makeQueueEvent("task-queue.deleted", queue, "Billing", "skills HAS 'support'", s(3))]), {
      now: s(4),
      window: { kind: "today" },
    });
    expect(snap.queues.map((q) => q.sid)).toEqual([SALES, SUPPORT, BROKEN]);
    expect(workerOf(snap, ALICE).queueSids).toEqual([SALES, SUPPORT]);
  });

  it("worker channels from capacity and availability updates", () => {
    const { alice } = workers();
    const events = [
      alice.channel(s(1), "worker.capacity.update", {
        TaskChannelSid: sid("TC", 1),
        TaskChannelUniqueName: "voice",
        WorkerChannelCapacity: 1,
        WorkerChannelTaskCount: 0,
        WorkerChannelAvailable: true,
      }),
      alice.channel(s(2), "worker.capacity.update", {
        TaskChannelSid: sid("TC", 2),
        TaskChannelUniqueName: "chat",
        WorkerChannelCapacity: 3,
        WorkerChannelPreviousCapacity: 2,
        WorkerChannelTaskCount: 2,
      }),
      alice.channel(s(3), "worker.channel.availability.update", {
        TaskChannelSid: sid("TC", 2),
        TaskChannelUniqueName: "chat",
        WorkerChannelAvailable: false,
      }),
    ];
    const snap = buildSnapshot(fold(events), { now: s(4), window: { kind: "today" } });
    expect(workerOf(snap, ALICE).channels).toEqual([
      // Alice holds no task the log knows of: nothing assigned now, whatever the last task count said.
      { ...channel(sid("TC", 2), "chat", 3, false), consumed: 2, free: 0 },
      { ...channel(sid("TC", 1), "voice", 1, true), consumed: 0, free: 1 },
    ]);
  });

  it("unknown event types are ignored but their Sid is taken", () => {
    const state = createMetricsState(config(), SETTINGS);
    const odd = toEvent({ ...new TaskScript(WT(60), s(0)).created().params, EventType: "task.teleported" });
    expect(applyEvents(state, [odd, odd])).toBe(1);
    expect(state.tasks.size).toBe(0);
  });
});

function expressionUpdate(queueSid: string, expression: string, at: number): TestEvent {
  return makeEvent("task-queue.expression.updated", at, { TaskQueueSid: queueSid, TaskQueueTargetExpression: expression });
}

function makeQueueEvent(type: string, queueSid: string, name: string, expression: string, at: number): TestEvent {
  return makeEvent(type, at, { TaskQueueSid: queueSid, TaskQueueName: name, TaskQueueTargetExpression: expression });
}

function activity(type: string, activitySid: string, name: string, available: boolean, at: number): TestEvent {
  return makeEvent(type, at, { ActivitySid: activitySid, ActivityName: name, ActivityAvailable: available });
}

describe("decisions where docs/metrics.md is silent", () => {
  it("workspace realtime counts every live task, also one not yet in a queue", () => {
    const t = new TaskScript(WT(70), s(0));
    const snap = buildSnapshot(fold([t.created()]), { now: s(30), window: { kind: "today" } });
    expect(snap.workspace.realtime).toMatchObject({
      tasksByStatus: { pending: 1, reserved: 0, assigned: 0, wrapping: 0 },
      longestTaskWaitingAge: 30,
      longestTaskWaitingSid: WT(70),
    });
    expect(snap.queues.every((q) => q.realtime.totalTasks === 0)).toBe(true);
  });

  it("a worker's activity is the one on its highest WorkerVersion", () => {
    const { bob } = workers(s(-60));
    const newer = bob.setActivity(s(0), BREAK); // version 1
    const stale = toEvent({
      ...newer.params,
      Sid: sid("EV", 999_101),
      TimestampMs: String(s(10)),
      WorkerVersion: "0",
      WorkerActivitySid: AVAILABLE.sid,
    });
    const snap = buildSnapshot(fold([stale, newer]), { now: s(20), window: { kind: "today" } });
    expect(workerOf(snap, BOB)).toMatchObject({ activitySid: BREAK.sid, available: false });
  });

  it("TaskQueueEnteredDate on the accepted reservation sets the wait in queue", () => {
    const { bob } = workers();
    const t = new TaskScript(WT(71), s(0));
    const r = t.reserve(s(20), bob);
    const events = [
      t.created(),
      t.entered(s(5), SUPPORT),
      r.event,
      t.accept(s(30), bob, r.reservationSid, { TaskQueueEnteredDate: new Date(s(10)).toISOString() }),
    ];
    const support = queueOf(buildSnapshot(fold(events), { now: s(40), window: { kind: "today" } }), SUPPORT).cumulative;
    expect(support.waitDurationInQueueUntilAccepted).toEqual({ avg: 20, min: 20, max: 20, total: 20 });
    expect(support.waitDurationUntilAccepted.total).toBe(30);
  });

  it("a reservation event without TaskSid still counts for its queue and worker", () => {
    const { alice } = workers();
    const orphan = makeEvent("reservation.rejected", s(3), { ...alice.fields(), TaskQueueSid: SALES, ReservationSid: sid("WR", 77) });
    const snap = buildSnapshot(fold([orphan]), { now: s(4), window: { kind: "today" } });
    expect(queueOf(snap, SALES).cumulative.reservationsRejected).toBe(1);
    expect(workerOf(snap, ALICE).cumulative.reservationsRejected).toBe(1);
    expect(snap.workspace.cumulative.reservationsRejected).toBe(1);
  });

  it("milliseconds count: a wait of 20.001 s is outside a 20 s threshold", () => {
    const { bob } = workers();
    const t = new TaskScript(WT(72), s(0), { dateCreated: "ms" });
    const r = t.reserve(s(10), bob);
    const events = [t.created(), t.entered(s(1), SUPPORT), r.event, t.accept(s(20) + 1, bob, r.reservationSid)];
    const support = queueOf(buildSnapshot(fold(events), { now: s(40), window: { kind: "today" } }), SUPPORT).cumulative;
    expect(support.waitDurationUntilAccepted.max).toBe(20.001);
    expect(support.serviceLevel.percent).toBe(0);
    expect(support.splitByWaitTime["20"]?.above.tasksAccepted).toBe(1);
  });
});

describe("waits exactly on the thresholds (T = 20 s, S = 5 s), timed from task.created to the millisecond", () => {
  it("a task accepted exactly T after its creation is within the service level", () => {
    const { bob } = workers();
    // TaskDateCreated is the whole second before creation; a wait from it would be 20.3 s.
    const t = new TaskScript(WT(90), s(0) + 300);
    const r = t.reserve(s(10), bob);
    const events = [t.created(), t.entered(s(0) + 300, SUPPORT), r.event, t.accept(s(20) + 300, bob, r.reservationSid)];
    const support = queueOf(buildSnapshot(fold(events), { now: s(30), window: { kind: "today" } }), SUPPORT).cumulative;
    expect(support.waitDurationUntilAccepted.total).toBe(20);
    expect(support.splitByWaitTime["20"]?.below).toMatchObject({ tasksAccepted: 1 });
    expect(support.serviceLevel.percent).toBe(100);
  });

  it("a task canceled exactly S after its creation is a short abandon", () => {
    const t = new TaskScript(WT(91), s(0) + 300);
    const events = [t.created(), t.entered(s(0) + 300, SUPPORT), t.canceled(s(5) + 300, "hung up")];
    const support = queueOf(buildSnapshot(fold(events), { now: s(30), window: { kind: "today" } }), SUPPORT).cumulative;
    expect(support.waitDurationUntilCanceled.total).toBe(5);
    expect(support).toMatchObject({ tasksAbandoned: 1, tasksShortAbandoned: 1 });
    expect(support.serviceLevel.percent).toBeNull();
  });
});
