/**
 * The simulator: deterministic for a seed, and the emulator's statistics agree with counts recomputed
 * here from the Events list (two independent computations over the same run).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, startEmulator, VirtualClock, type Emulator } from "@/lib/emulator";
import { startSimulator, type TwilioFeatures } from "@/lib/simulator";
import { businessHoursZone } from "@/tests/support/business-hours";
import { ACCOUNT_SID, AUTH_TOKEN, startTestEmulator, type TestEmulator } from "./helpers";
import { callbackParams } from "@/lib/sync/events-api";

const START = Date.UTC(2026, 0, 5, 8, 0, 0);

async function simulate(seed: number, hours: number, features?: TwilioFeatures): Promise<{ emulator: Emulator; sequence: string[] }> {
  const clock = new ManualClock(START);
  const emulator = await startEmulator({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, clock, seed });
  const simulator = startSimulator({ emulator, seed, log: null, ...(features ? { features } : {}) });
  clock.advance(hours * 3_600_000);
  simulator.stop();
  const sequence = emulator.engine.state.events.map((e) => `${e.type} ${e.taskSid ?? ""}`);
  return { emulator, sequence };
}

describe("determinism", () => {
  it("gives the same event sequence (types and task sids) for the same seed", async () => {
    const a = await simulate(42, 1);
    const b = await simulate(42, 1);
    const c = await simulate(43, 1);
    await Promise.all([a.emulator.close(), b.emulator.close(), c.emulator.close()]);
    expect(a.sequence.length).toBeGreaterThan(300);
    expect(b.sequence).toEqual(a.sequence);
    expect(c.sequence).not.toEqual(a.sequence);
  });

  it("with features on: several offers per task and transfers, deterministic too; off by default", async () => {
    const features = { maxReservedWorkers: 2, transferShare: 0.2 };
    const a = await simulate(42, 2, features);
    const b = await simulate(42, 2, features);
    const plain = await simulate(42, 2);
    await Promise.all([a.emulator.close(), b.emulator.close(), plain.emulator.close()]);
    expect(b.sequence).toEqual(a.sequence);
    const types = (sequence: string[]) => new Set(sequence.map((line) => line.split(" ")[0]));
    const on = types(a.sequence);
    for (const type of ["task.transfer-initiated", "task.transfer-completed", "reservation.rescinded"]) expect(on).toContain(type);
    // Rescinded offers come from several reservations per task (nothing else rescinds in the simulation).
    const off = types(plain.sequence);
    for (const type of ["task.transfer-initiated", "reservation.rescinded"]) expect(off).not.toContain(type);
    const offers = a.emulator.engine.listEvents({ startDate: START, endDate: START + 2 * 3_600_000, eventType: "reservation.created" });
    const tasksOffered = new Set(offers.map((event) => event.taskSid));
    expect(offers.length).toBeGreaterThan(tasksOffered.size);
  });

  it("keeps configuration sids across restarts, but a restart is a new workspace that never reuses task or event sids", async () => {
    const first = await simulate(42, 0.25);
    const clock = new ManualClock(START + 86_400_000);
    const restarted = await startEmulator({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, clock, seed: 42 });
    const simulator = startSimulator({ emulator: restarted, seed: 42, log: null });
    clock.advance(0.25 * 3_600_000);
    simulator.stop();
    // Its state starts empty, so it is not the workspace whose tasks a dashboard may still hold open.
    expect(restarted.workspaceSid).not.toBe(first.emulator.workspaceSid);
    expect({ ...restarted.contactCentre, workspaceSid: null }).toEqual({ ...first.emulator.contactCentre, workspaceSid: null });
    const sids = (e: Emulator) => new Set(e.engine.state.events.flatMap((event) => [event.sid, event.taskSid ?? ""]).filter(Boolean));
    const before = sids(first.emulator);
    expect([...sids(restarted)].filter((sid) => before.has(sid))).toEqual([]);
    await Promise.all([first.emulator.close(), restarted.close()]);
  });

  it("stops cleanly: nothing happens after stop()", async () => {
    const clock = new ManualClock(START);
    const emulator = await startEmulator({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, clock, seed: 5 });
    const simulator = startSimulator({ emulator, seed: 5, log: null });
    clock.advance(30 * 60_000);
    simulator.stop();
    expect(simulator.summary().tasksCreated).toBeGreaterThan(10);
    const count = emulator.engine.state.events.length;
    clock.advance(60 * 60_000);
    // No customer arrives and no agent acts any more; only the emulator's own timers (TTL, timeouts) run.
    const later = emulator.engine.state.events.slice(count).map((e) => e.type);
    expect(later).not.toContain("task.created");
    expect(later).not.toContain("reservation.accepted");
    expect(later).not.toContain("task.completed");
    await emulator.close();
  });
});

describe.each([
  { name: "default traffic", features: undefined },
  { name: "several offers per task and transfers", features: { maxReservedWorkers: 2, transferShare: 0.2 } },
])("statistics agree with the Events list ($name)", ({ features }) => {
  let t: TestEmulator;
  let events: { eventType: string; eventData: Record<string, string> }[];
  let window: { startDate: Date; endDate: Date };

  beforeAll(async () => {
    t = await startTestEmulator({ seed: 11 });
    t.clock.advanceTo(START);
    const simulator = startSimulator({ emulator: t.emulator, seed: 11, log: null, ...(features ? { features } : {}) });
    t.clock.advance(3 * 3_600_000);
    simulator.stop();
    window = { startDate: new Date(START + 30 * 60_000), endDate: new Date(t.clock.now()) };
    const listed = await t.ws.events.list({ ...window, pageSize: 1000 });
    // event_data names parameters in snake_case: read them under their callback names.
    events = listed.map((e) => ({ eventType: e.eventType, eventData: callbackParams(e) ?? {} })).reverse();
  });
  afterAll(() => t.emulator.close());

  /** Raw JSON (our docs/metrics.md extras are not in the SDK's instances). */
  async function raw(path: string, query: Record<string, string>): Promise<Record<string, unknown>> {
    const url = `${t.emulator.baseUrl}/v1/Workspaces/${t.emulator.workspaceSid}/${path}?${new URLSearchParams(query)}`;
    const response = await fetch(url, {
      headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}` },
    });
    return (await response.json()) as Record<string, unknown>;
  }

  /** docs/metrics.md's cumulative fields recomputed from events (already in the window). */
  function recompute(filter: (data: Record<string, string>) => boolean) {
    const count = (...types: string[]) => events.filter((e) => types.includes(e.eventType) && filter(e.eventData)).length;
    const accepted = new Set<string>();
    const waits: number[] = [];
    const abandonWaits: number[] = [];
    let acceptedWithin20 = 0;
    let tasksAccepted = 0;
    let abandonsAfter5 = 0;
    let shortAbandons = 0;
    // Acceptances before the window count too: take them from the full history of the task.
    // A task is created at its task.created event, to the millisecond (TaskDateCreated is whole seconds).
    const createdMs = new Map<string, number>();
    for (const e of t.emulator.engine.state.events) {
      if (e.type === "reservation.accepted" && e.timeMs < window.startDate.getTime()) accepted.add(e.taskSid!);
      if (e.type === "task.created") createdMs.set(e.taskSid!, e.timeMs);
    }
    for (const { eventType, eventData: d } of events) {
      const wait = (Number(d.TimestampMs) - (createdMs.get(d.TaskSid!) ?? Number(d.TaskDateCreated) * 1000)) / 1000;
      if (eventType === "reservation.accepted") {
        // Twilio: a transfer's acceptance is a wait too, "counted from the moment the Task was created";
        // the service level counts a task once.
        const first = !accepted.has(d.TaskSid!);
        accepted.add(d.TaskSid!);
        if (!filter(d)) continue;
        waits.push(wait);
        if (first && wait <= 20) acceptedWithin20 += 1;
        if (first) tasksAccepted += 1;
      }
      if (eventType === "task.canceled" && filter(d) && !accepted.has(d.TaskSid!)) {
        abandonWaits.push(wait);
        if (wait <= 5) shortAbandons += 1;
        else abandonsAfter5 += 1;
      }
    }
    const total = waits.reduce((a, b) => a + b, 0);
    return {
      tasksCreated: count("task.created"),
      tasksEntered: count("task-queue.entered"),
      tasksMoved: count("task-queue.moved", "task-queue.timeout"),
      tasksCompleted: count("task.completed"),
      tasksCanceled: count("task.canceled"),
      reservationsCreated: count("reservation.created"),
      reservationsAccepted: count("reservation.accepted"),
      reservationsRejected: count("reservation.rejected"),
      reservationsTimedOut: count("reservation.timeout"),
      reservationsRescinded: count("reservation.rescinded"),
      waitAvg: waits.length ? total / waits.length : 0,
      waitMax: waits.length ? Math.max(...waits) : 0,
      waitTotal: total,
      abandoned: abandonWaits.length,
      shortAbandons,
      tasksAccepted,
      serviceLevel: tasksAccepted + abandonsAfter5 === 0 ? null : (100 * acceptedWithin20) / (tasksAccepted + abandonsAfter5),
    };
  }

  it("per queue, for Twilio's fields and docs/metrics.md's", async () => {
    expect(events.length).toBeGreaterThan(1000);
    for (const [key, sid] of Object.entries(t.emulator.contactCentre!.queues)) {
      const expected = recompute((d) => d.TaskQueueSid === sid);
      const stats = await t.ws.taskQueues(sid).cumulativeStatistics().fetch(window);
      const actual = {
        tasksEntered: stats.tasksEntered,
        tasksMoved: stats.tasksMoved,
        tasksCompleted: stats.tasksCompleted,
        tasksCanceled: stats.tasksCanceled,
        reservationsCreated: stats.reservationsCreated,
        reservationsAccepted: stats.reservationsAccepted,
        reservationsRejected: stats.reservationsRejected,
        reservationsTimedOut: stats.reservationsTimedOut,
        reservationsRescinded: stats.reservationsRescinded,
      };
      const { waitAvg, waitMax, waitTotal, abandoned, shortAbandons, serviceLevel, tasksAccepted, tasksCreated: _c, ...counts } = expected;
      expect({ key, ...actual }).toEqual({ key, ...counts });
      const wait = stats.waitDurationUntilAccepted as { avg: number; max: number; total: number };
      expect(wait.avg).toBeCloseTo(waitAvg, 3);
      expect(wait.max).toBeCloseTo(waitMax, 3);
      expect(wait.total).toBeCloseTo(waitTotal, 3);
      expect(stats.avgTaskAcceptanceTime).toBe(Math.round(waitAvg));
      const extras = await raw(`TaskQueues/${sid}/CumulativeStatistics`, {
        StartDate: window.startDate.toISOString(),
        EndDate: window.endDate.toISOString(),
      });
      expect({ key, abandoned: extras.tasks_abandoned, short: extras.tasks_short_abandoned, accepted: extras.tasks_accepted }).toEqual({
        key,
        abandoned,
        short: shortAbandons,
        accepted: tasksAccepted,
      });
      const level = (extras.service_level as { percent: number | null }).percent;
      if (serviceLevel === null) expect(level).toBeNull();
      else expect(level).toBeCloseTo(serviceLevel, 6);
    }
  });

  it("for the workspace and the workflow", async () => {
    const expected = recompute(() => true);
    const ws = await t.ws.cumulativeStatistics().fetch(window);
    expect(ws.tasksCreated).toBe(expected.tasksCreated);
    expect(ws.tasksCompleted).toBe(expected.tasksCompleted);
    expect(ws.tasksCanceled).toBe(expected.tasksCanceled);
    expect(ws.tasksMoved).toBe(expected.tasksMoved);
    expect(ws.reservationsAccepted).toBe(expected.reservationsAccepted);
    expect(ws.reservationsTimedOut).toBe(expected.reservationsTimedOut);
    expect((ws.waitDurationUntilAccepted as { avg: number }).avg).toBeCloseTo(expected.waitAvg, 3);
    const wf = await t.ws.workflows(t.emulator.contactCentre!.workflowSid).cumulativeStatistics().fetch(window);
    expect(wf.tasksEntered).toBe(expected.tasksCreated);
    expect(wf.tasksCompleted).toBe(expected.tasksCompleted);
    expect(expected.tasksCompleted).toBeGreaterThan(100);
    expect(expected.abandoned).toBeGreaterThan(0);
  });

  it("real time: tasks by status match the Tasks list, workers by activity the Workers list", async () => {
    for (const sid of Object.values(t.emulator.contactCentre!.queues)) {
      const open = await t.ws.tasks.list({
        taskQueueSid: sid,
        assignmentStatus: ["pending", "reserved", "assigned", "wrapping"],
        pageSize: 1000,
      });
      const byStatus = { pending: 0, reserved: 0, assigned: 0, wrapping: 0 };
      for (const task of open) byStatus[task.assignmentStatus as keyof typeof byStatus] += 1;
      const realtime = await t.ws.taskQueues(sid).realTimeStatistics().fetch();
      expect(realtime.tasksByStatus).toEqual(byStatus);
      expect(realtime.totalTasks).toBe(open.length);
      const waiting = open.filter((task) => task.assignmentStatus === "pending" || task.assignmentStatus === "reserved");
      const oldest = Math.max(0, ...waiting.map((task) => Math.floor((t.clock.now() - task.dateCreated.getTime()) / 1000)));
      expect(realtime.longestTaskWaitingAge).toBe(oldest);
    }
    const workers = await t.ws.workers.list({ pageSize: 100 });
    const byActivity = new Map<string, number>();
    for (const worker of workers) byActivity.set(worker.activityName, (byActivity.get(worker.activityName) ?? 0) + 1);
    const realtime = await t.ws.workers.realTimeStatistics().fetch();
    for (const activity of realtime.activityStatistics as { friendly_name: string; workers: number }[]) {
      expect(activity.workers).toBe(byActivity.get(activity.friendly_name) ?? 0);
    }
  });
});

describe("clocks and history replay", () => {
  it("a VirtualClock runs at speed until it reaches the wall clock, never beyond", async () => {
    const clock = new VirtualClock({ startMs: Date.now() - 60_000, speed: 121 });
    const fired: number[] = [];
    clock.setTimer(clock.now() + 30_000, () => fired.push(clock.now()));
    expect(clock.caughtUp).toBe(false);
    await clock.whenCaughtUp();
    expect(fired.length).toBe(1);
    for (let i = 0; i < 5; i++) expect(clock.now()).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - clock.now()).toBeLessThan(50);
    clock.close();
  });

  it("replays history on the emulator's default clock: every event time is in the past", async () => {
    const emulator = await startEmulator({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, seed: 3 });
    const before = Date.now();
    const simulator = startSimulator({ emulator, seed: 3, historyHours: 0.5, speed: 1800, timezone: businessHoursZone(), log: null });
    await (emulator.clock as VirtualClock).whenCaughtUp();
    simulator.stop();
    const times = emulator.engine.state.events.map((e) => e.timeMs);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(before - 30 * 60_000 - 1000);
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.now());
    expect(simulator.summary().tasksCreated).toBeGreaterThan(5);
    await emulator.close();
  });
});
