import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeCapacity } from "@/lib/emulator/routing";
import type { MetricsSnapshot, QueueChannelCapacity, QueueSnapshot } from "@/lib/metrics/types";
import { startTestApp, type TestApp } from "@/tests/support/app";
import { businessHoursZone } from "@/tests/support/business-hours";
import { API_AUTH } from "@/tests/support/http";

/**
 * The ground truth: a simulated stretch of a contact-centre day runs through the emulator at
 * speed; its events reach the dashboard only as signed callbacks. The centre uses TaskRouter's
 * harder features: each waiting task is offered to two agents at once (MaxReservedWorkers 2, the
 * other offer rescinded) and agents transfer a share of their calls to another queue, WARM or
 * COLD; supervisors lower, raise or switch off some agents' chat capacity for part of their shift.
 * Then, for the workspace, every queue, every workflow and every worker, the dashboard's
 * /api/metrics must equal the emulator's own statistics endpoints, which it computes from its own
 * state without any of the dashboard's code; tasks accepted and reservations accepted apart; and
 * every worker's channels and each queue's channel capacity equal what the emulator holds.
 */
const HISTORY_HOURS = 3;
const WINDOW_MINUTES = HISTORY_HOURS * 60 + 30;

type Duration = { avg: number; min: number; max: number; total: number };
type SplitCounts = { reservations_accepted: number; tasks_canceled: number; tasks_accepted: number };
type EmulatorCumulative = Record<string, unknown> & {
  wait_duration_until_accepted: Duration;
  wait_duration_until_canceled: Duration;
  handle_time: Duration;
  split_by_wait_time: Record<string, { below: SplitCounts; above: SplitCounts }>;
};

describe("dashboard metrics equal the emulator's statistics after a simulated day", () => {
  let app: TestApp;
  let snapshot: MetricsSnapshot;
  let stats: (path: string, query?: Record<string, string>) => Promise<Record<string, unknown>>;
  let windowQuery: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp({
      // The simulated centre's day follows this zone: its replayed hours are busy ones whenever the test runs.
      DASHBOARD_TIMEZONE: businessHoursZone(),
      SIMULATOR: "on",
      SIMULATOR_HISTORY_HOURS: String(HISTORY_HOURS),
      SIMULATOR_SPEED: "400",
      SIMULATOR_SEED: "7",
      SIMULATOR_MAX_RESERVED_WORKERS: "2",
      SIMULATOR_TRANSFER_SHARE: "0.2",
      SIMULATOR_CAPACITY_CHANGES: "on",
    });
    const embedded = app.services.embedded!;
    const { emulator } = embedded;
    // Wait until the replay has caught up with the wall clock, then stop the traffic.
    const deadline = Date.now() + 150_000;
    while (Date.now() - emulator.clock.now() > 2_000) {
      if (Date.now() > deadline) throw new Error("the simulator did not catch up with the wall clock in time");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    embedded.simulator()!.stop();

    const { client, workspaceSid } = app.services.twilio;
    stats = async (path, query = {}) => {
      const uri = new URL(`${emulator.baseUrl}/v1/Workspaces/${workspaceSid}${path}`);
      for (const [key, value] of Object.entries(query)) uri.searchParams.set(key, value);
      const response = await client.request({ method: "get", uri: uri.toString() });
      expect(response.statusCode).toBe(200);
      return response.body as Record<string, unknown>;
    };

    // Freeze the emulator: no timer (reservation timeout, TTL) fires after this, so both sides
    // are read over the same, final set of events once every callback is delivered.
    emulator.clock.close();
    await emulator.delivery.whenIdle();
    const response = await fetch(`${app.url}/api/metrics?minutes=${WINDOW_MINUTES}`, {
      headers: API_AUTH,
    });
    expect(response.status).toBe(200);
    snapshot = (await response.json()) as MetricsSnapshot;
    windowQuery = { StartDate: snapshot.window.from, EndDate: snapshot.window.to, SplitByWaitTime: "20" };
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it("simulated a believable day", () => {
    expect(snapshot.workspace.cumulative.tasksCreated).toBeGreaterThan(100);
    expect(snapshot.workspace.cumulative.tasksCompleted).toBeGreaterThan(50);
    expect(snapshot.workspace.cumulative.reservationsRejected + snapshot.workspace.cumulative.reservationsTimedOut).toBeGreaterThan(0);
    expect(snapshot.workspace.cumulative.tasksAbandoned).toBeGreaterThan(0);
    expect(snapshot.workspace.cumulative.tasksMoved).toBeGreaterThan(0);
    // The features are in play: offers rescinded, transfers made and accepted.
    const c = snapshot.workspace.cumulative;
    expect(c.reservationsRescinded).toBeGreaterThan(0);
    expect(c.transfersInitiated).toBeGreaterThan(0);
    expect(c.transfersCompleted).toBeGreaterThan(0);
    // Both kinds: to a queue and to a named agent.
    const transfers = app.services.embedded!.emulator.engine.state.events.filter((e) => e.type === "task.transfer-initiated");
    for (const to of [/ to WQ/, / to WK/]) expect(transfers.some((e) => to.test(e.description))).toBe(true);
    // So tasks accepted and reservations accepted differ, and neither is read for the other.
    expect(c.reservationsAccepted).toBeGreaterThan(c.tasksAccepted);
    expect(snapshot.workers.some((w) => w.cumulative.transfersInitiated > 0 && w.cumulative.handleTime.total > 0)).toBe(true);
    // Capacities changed both ways, and channels switched off and on.
    const changes = app.services.embedded!.emulator.engine.state.events.filter((e) => e.type === "worker.capacity.update");
    const previous = changes.map((e) => Number(e.params.WorkerChannelPreviousCapacity));
    const now = changes.map((e) => Number(e.params.WorkerChannelAvailableCapacity) + Number(e.params.WorkerChannelTaskCount));
    expect(now.some((c, i) => c > previous[i]!)).toBe(true);
    expect(now.some((c, i) => c < previous[i]!)).toBe(true);
    const availability = app.services.embedded!.emulator.engine.state.events.filter((e) => e.type === "worker.channel.availability.update");
    expect(availability.length).toBeGreaterThan(0);
  });

  const expectDuration = (actual: Duration, expected: Duration) => {
    expect(actual.total).toBeCloseTo(expected.total, 0);
    expect(actual.min).toBeCloseTo(expected.min, 0);
    expect(actual.max).toBeCloseTo(expected.max, 0);
    expect(actual.avg).toBeCloseTo(expected.avg, 0);
  };

  const expectCumulative = (
    ours: Omit<QueueSnapshot["cumulative"], "tasksEntered" | "waitDurationInQueueUntilAccepted">,
    theirs: EmulatorCumulative,
  ) => {
    const counters = [
      "tasksAccepted",
      "tasksMoved",
      "tasksCompleted",
      "tasksCanceled",
      "tasksDeleted",
      "tasksAbandoned",
      "tasksShortAbandoned",
      "reservationsCreated",
      "reservationsAccepted",
      "reservationsRejected",
      "reservationsTimedOut",
      "reservationsCanceled",
      "reservationsRescinded",
      "transfersInitiated",
      "transfersCompleted",
      "transfersFailed",
      "transfersCanceled",
      "transferAttemptsFailed",
    ] as const;
    const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    for (const name of counters) expect({ [name]: ours[name] }).toEqual({ [name]: theirs[snake(name)] });
    expectDuration(ours.waitDurationUntilAccepted, theirs.wait_duration_until_accepted);
    expectDuration(ours.waitDurationUntilFirstAccepted, theirs.wait_duration_until_first_accepted as Duration);
    expectDuration(ours.waitDurationUntilCanceled, theirs.wait_duration_until_canceled);
    expectDuration(ours.handleTime, theirs.handle_time);
    expect(ours.avgTaskAcceptanceTime).toBe(theirs.avg_task_acceptance_time);
    const split = ours.splitByWaitTime["20"]!;
    const theirSplit = theirs.split_by_wait_time["20"]!;
    const fromTheirs = (c: SplitCounts) => ({
      tasksAccepted: c.tasks_accepted,
      reservationsAccepted: c.reservations_accepted,
      tasksCanceled: c.tasks_canceled,
    });
    expect(split).toEqual({ below: fromTheirs(theirSplit.below), above: fromTheirs(theirSplit.above) });
    const theirLevel = theirs.service_level as { percent: number | null };
    if (theirLevel.percent === null) expect(ours.serviceLevel.percent).toBeNull();
    // The dashboard reports the percentage to two decimals.
    else expect(ours.serviceLevel.percent).toBeCloseTo(theirLevel.percent, 1);
  };

  it("agrees for the workspace", async () => {
    const cumulative = (await stats("/CumulativeStatistics", windowQuery)) as EmulatorCumulative;
    expect(snapshot.workspace.cumulative.tasksCreated).toBe(cumulative.tasks_created);
    expect(snapshot.workspace.cumulative.tasksTimedOutInWorkflow).toBe(cumulative.tasks_timed_out_in_workflow);
    expectCumulative(snapshot.workspace.cumulative, cumulative);

    const realtime = await stats("/RealTimeStatistics");
    expect(snapshot.workspace.realtime.tasksByStatus).toEqual(
      Object.fromEntries(
        Object.entries(realtime.tasks_by_status as object).filter(([status]) => status in snapshot.workspace.realtime.tasksByStatus),
      ),
    );
    expect(snapshot.workspace.realtime.totalTasks).toBe(realtime.total_tasks);
    const activity = (realtime.activity_statistics as { sid: string; workers: number }[]).map((a) => [a.sid, a.workers]);
    expect(snapshot.workspace.realtime.activityStatistics.map((a) => [a.sid, a.workers]).sort()).toEqual(activity.sort());
  });

  it("agrees for every queue", async () => {
    expect(snapshot.queues.length).toBeGreaterThanOrEqual(4);
    for (const queue of snapshot.queues) {
      const cumulative = (await stats(`/TaskQueues/${queue.sid}/CumulativeStatistics`, windowQuery)) as EmulatorCumulative;
      expect({ queue: queue.friendlyName, tasksEntered: queue.cumulative.tasksEntered }).toEqual({
        queue: queue.friendlyName,
        tasksEntered: cumulative.tasks_entered,
      });
      expectCumulative(queue.cumulative, cumulative);
      expectDuration(queue.cumulative.waitDurationInQueueUntilAccepted, cumulative.wait_duration_in_queue_until_accepted as Duration);

      const realtime = await stats(`/TaskQueues/${queue.sid}/RealTimeStatistics`);
      const byStatus = realtime.tasks_by_status as Record<string, number>;
      expect({ queue: queue.friendlyName, ...queue.realtime.tasksByStatus }).toEqual({
        queue: queue.friendlyName,
        pending: byStatus.pending,
        reserved: byStatus.reserved,
        assigned: byStatus.assigned,
        wrapping: byStatus.wrapping,
      });
      expect(queue.realtime.totalEligibleWorkers).toBe(realtime.total_eligible_workers);
      expect(queue.realtime.totalAvailableWorkers).toBe(realtime.total_available_workers);
      expect(queue.realtime.tasksByPriority).toEqual(realtime.tasks_by_priority);
      expect(queue.realtime.longestTaskWaitingSid).toBe(realtime.longest_task_waiting_sid ?? null);
      expect(queue.realtime.longestRelativeTaskSidInQueue).toBe(realtime.longest_relative_task_sid_in_queue ?? null);
    }
  });

  it("agrees for every workflow", async () => {
    expect(snapshot.workflows.length).toBeGreaterThanOrEqual(1);
    for (const workflow of snapshot.workflows) {
      const cumulative = (await stats(`/Workflows/${workflow.sid}/CumulativeStatistics`, windowQuery)) as EmulatorCumulative;
      expect({ workflow: workflow.friendlyName, tasksEntered: workflow.cumulative.tasksEntered }).toEqual({
        workflow: workflow.friendlyName,
        tasksEntered: cumulative.tasks_entered,
      });
      expect(workflow.cumulative.tasksTimedOutInWorkflow).toBe(cumulative.tasks_timed_out_in_workflow);
      expectCumulative(workflow.cumulative, cumulative);

      const realtime = await stats(`/Workflows/${workflow.sid}/RealTimeStatistics`);
      const byStatus = realtime.tasks_by_status as Record<string, number>;
      expect(workflow.realtime.tasksByStatus).toEqual({
        pending: byStatus.pending,
        reserved: byStatus.reserved,
        assigned: byStatus.assigned,
        wrapping: byStatus.wrapping,
      });
      expect(workflow.realtime.totalTasks).toBe(realtime.total_tasks);
      expect(workflow.realtime.tasksByPriority).toEqual(realtime.tasks_by_priority);
      expect(workflow.realtime.longestTaskWaitingSid).toBe(realtime.longest_task_waiting_sid ?? null);
    }
  });

  it("agrees for every worker: reservations, completions to whoever finished, each worker's handle time across transfers", async () => {
    expect(snapshot.workers.length).toBeGreaterThanOrEqual(10);
    for (const worker of snapshot.workers) {
      const body = await stats(`/Workers/${worker.sid}/Statistics`, windowQuery);
      const theirs = body.cumulative as Record<string, unknown> & { handle_time: Duration; talk_time: Duration };
      const ours = worker.cumulative;
      expect({
        worker: worker.friendlyName,
        reservationsCreated: ours.reservationsCreated,
        reservationsAccepted: ours.reservationsAccepted,
        reservationsRejected: ours.reservationsRejected,
        reservationsTimedOut: ours.reservationsTimedOut,
        reservationsCanceled: ours.reservationsCanceled,
        reservationsRescinded: ours.reservationsRescinded,
        tasksCompleted: ours.tasksCompleted,
        transfersInitiated: ours.transfersInitiated,
      }).toEqual({
        worker: worker.friendlyName,
        reservationsCreated: theirs.reservations_created,
        reservationsAccepted: theirs.reservations_accepted,
        reservationsRejected: theirs.reservations_rejected,
        reservationsTimedOut: theirs.reservations_timed_out,
        reservationsCanceled: theirs.reservations_canceled,
        reservationsRescinded: theirs.reservations_rescinded,
        tasksCompleted: theirs.tasks_completed,
        transfersInitiated: theirs.transfers_initiated,
      });
      expectDuration(ours.handleTime, theirs.handle_time);
      expectDuration(ours.talkTime, theirs.talk_time);
    }
  });

  it("agrees for every worker's channels and each queue's channel capacity", async () => {
    const { emulator } = app.services.embedded!;
    const state = emulator.engine.state;
    // Channels no event ever described (capacity never changed) come, as in connected mode, from
    // TaskRouter's REST lists at start: the same bootstrap, run now.
    await app.services.sync.bootstrap();
    const response = await fetch(`${app.url}/api/metrics?minutes=${WINDOW_MINUTES}`, { headers: API_AUTH });
    const after = (await response.json()) as MetricsSnapshot;
    const { client, workspaceSid } = app.services.twilio;
    const ws = client.taskrouter.v1.workspaces(workspaceSid);
    let changed = 0;
    let held = 0;
    for (const worker of after.workers) {
      const theirs = await ws.workers(worker.sid).workerChannels.list();
      const engineWorker = state.workers.get(worker.sid)!;
      const ready = state.activities.get(engineWorker.activitySid)?.available === true;
      expect(theirs.length).toBeGreaterThan(0);
      for (const channel of theirs) {
        const engineChannel = engineWorker.channels.get(channel.taskChannelSid)!;
        const ours = worker.channels.find((c) => c.taskChannelSid === channel.taskChannelSid);
        expect({ worker: worker.friendlyName, channel: channel.taskChannelUniqueName, ...ours }).toMatchObject({
          worker: worker.friendlyName,
          channel: channel.taskChannelUniqueName,
          capacity: channel.configuredCapacity,
          available: channel.available,
          assignedTasks: channel.assignedTasks,
          reservedTasks: engineChannel.reserved,
          free: ready ? freeCapacity(engineChannel) : 0,
        });
        if (channel.configuredCapacity !== state.taskChannels.get(channel.taskChannelSid)!.defaultCapacity || !channel.available)
          changed += 1;
        held += channel.assignedTasks;
      }
    }
    // Some channels end the day changed, and some agents still hold tasks: neither side is trivially 0.
    expect(changed + held).toBeGreaterThan(0);

    for (const queue of after.queues) {
      const totals = new Map<string, QueueChannelCapacity>();
      for (const workerSid of state.membership.get(queue.sid) ?? []) {
        const worker = state.workers.get(workerSid)!;
        const ready = state.activities.get(worker.activitySid)?.available === true;
        for (const channel of worker.channels.values()) {
          const taskChannel = state.taskChannels.get(channel.taskChannelSid)!;
          const total = totals.get(taskChannel.uniqueName) ?? {
            taskChannelSid: taskChannel.sid,
            taskChannelUniqueName: taskChannel.uniqueName,
            workers: 0,
            capacity: 0,
            free: 0,
          };
          total.workers += 1;
          total.capacity += channel.capacity;
          total.free += ready ? freeCapacity(channel) : 0;
          totals.set(taskChannel.uniqueName, total);
        }
      }
      const expected = [...totals.values()].sort((a, b) => (a.taskChannelUniqueName < b.taskChannelUniqueName ? -1 : 1));
      expect({ queue: queue.friendlyName, channels: queue.realtime.channelCapacity }).toEqual({
        queue: queue.friendlyName,
        channels: expected,
      });
    }
  });
});
