import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import { postSignedCallback, startTestApp, type TestApp } from "@/tests/support/app";
import { businessHoursZone } from "@/tests/support/business-hours";
import { taskLifecycle } from "@/tests/support/lifecycle";
import { API_AUTH } from "@/tests/support/http";

/** Deterministic shuffle (mulberry32) so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** A task Worker A accepts (5 s) and transfers WARM to Worker B in another queue (30 s), who accepts (40 s) and completes it (100 s). */
function warmTransfer(options: {
  startMs: number;
  taskSid: string;
  from: { queueSid: string; workerSid: string };
  to: { queueSid: string; workerSid: string };
}): Record<string, string>[] {
  const { startMs, taskSid, from, to } = options;
  let n = 0;
  let version = 0;
  const event = (eventType: string, seconds: number, status: string, fields: Record<string, string> = {}) => {
    const atMs = startMs + seconds * 1000;
    return {
      Sid: `EVc${String(++n).padStart(31, "0")}`,
      EventType: eventType,
      AccountSid: "AC00000000000000000000000000000000",
      Timestamp: String(Math.floor(atMs / 1000)),
      TimestampMs: String(atMs),
      TaskSid: taskSid,
      TaskAssignmentStatus: status,
      TaskPriority: "0",
      TaskAttributes: '{"type":"support"}',
      TaskDateCreated: String(Math.floor(startMs / 1000)),
      TaskVersion: String(version++),
      TaskQueueSid: from.queueSid,
      WorkflowSid: "WW00000000000000000000000000000001",
      ...fields,
    };
  };
  const reservation = (worker: { queueSid: string; workerSid: string }, sid: string, version: string) => ({
    TaskQueueSid: worker.queueSid,
    WorkerSid: worker.workerSid,
    ReservationSid: sid,
    ReservationVersion: version,
  });
  const first = `WR${"a".repeat(32)}`;
  const second = `WR${"b".repeat(32)}`;
  return [
    event("task.created", 0, "pending", { TaskQueueSid: "" }),
    event("task-queue.entered", 1, "pending"),
    event("reservation.created", 3, "reserved", reservation(from, first, "0")),
    event("reservation.accepted", 5, "assigned", reservation(from, first, "1")),
    event("task.transfer-initiated", 30, "assigned"),
    event("reservation.created", 31, "assigned", reservation(to, second, "0")),
    event("reservation.accepted", 40, "assigned", reservation(to, second, "1")),
    event("task.transfer-completed", 40, "assigned"),
    event("reservation.completed", 40, "assigned", reservation(from, first, "2")),
    event("task.completed", 100, "completed"),
    event("reservation.completed", 100, "completed", reservation(to, second, "2")),
  ];
}

describe("the same events in any order, with duplicates, give the same /api/metrics", () => {
  let inOrder: TestApp;
  let scrambled: TestApp;
  beforeAll(async () => {
    // The tasks below start half an hour ago: in this zone that is today whenever the test runs.
    const env = { DASHBOARD_TIMEZONE: businessHoursZone() };
    [inOrder, scrambled] = await Promise.all([startTestApp(env), startTestApp(env)]);
  });
  afterAll(async () => {
    await Promise.all([inOrder?.close(), scrambled?.close()]);
  });

  it("folds a shuffled, duplicated signed sequence to the in-order metrics", async () => {
    const config = inOrder.services.live.snapshot({ now: Date.now(), window: { kind: "today" } });
    const [queueA, queueB] = config.queues;
    const activities = config.workspace.realtime.activityStatistics;
    const toActivity = (a: { sid: string; friendlyName: string }) => ({ sid: a.sid, name: a.friendlyName });
    const available = toActivity(activities.find((a) => a.available)!);
    const busy = toActivity(activities.find((a) => !a.available)!);
    const [workerA, workerB] = config.workers;
    expect(queueA && queueB && workerA && workerB && available && busy).toBeTruthy();

    const startMs = Date.now() - 30 * 60_000;
    const events = [
      ...taskLifecycle({
        startMs,
        taskSid: "WT0000000000000000000000000000000a",
        queueSid: queueA!.sid,
        worker: { sid: workerA!.sid, name: workerA!.friendlyName, availableActivity: available, busyActivity: busy },
        sidPrefix: "a",
      }),
      ...taskLifecycle({
        startMs: startMs + 45_000,
        taskSid: "WT0000000000000000000000000000000b",
        queueSid: queueB!.sid,
        worker: { sid: workerB!.sid, name: workerB!.friendlyName, availableActivity: available, busyActivity: busy },
        sidPrefix: "b",
      }),
      ...warmTransfer({
        startMs: startMs + 90_000,
        taskSid: "WT0000000000000000000000000000000c",
        from: { queueSid: queueA!.sid, workerSid: workerA!.sid },
        to: { queueSid: queueB!.sid, workerSid: workerB!.sid },
      }),
    ];
    // Event-time order for one instance…
    for (const params of [...events].sort((x, y) => Number(x.TimestampMs) - Number(y.TimestampMs))) {
      expect((await postSignedCallback(inOrder, params)).status).toBe(204);
    }
    // …a shuffled log with every third event repeated, some concurrently, for the other.
    const withDuplicates = shuffled([...events, ...events.filter((_, i) => i % 3 === 0)], 7);
    const statuses = await Promise.all(withDuplicates.map((params) => postSignedCallback(scrambled, params).then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([204]));

    // Freeze the clock of this process (both servers run in it) so "now" is the same for both reads.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now());
    try {
      const read = async (app: TestApp) => {
        const response = await fetch(`${app.url}/api/metrics`, { headers: API_AUTH });
        expect(response.status).toBe(200);
        return (await response.json()) as MetricsSnapshot;
      };
      const [expected, actual] = await Promise.all([read(inOrder), read(scrambled)]);
      // Each instance runs its own emulator, a workspace of its own; everything else must be equal.
      expect(actual.workspace.sid).not.toBe(expected.workspace.sid);
      expect({ ...actual, workspace: { ...actual.workspace, sid: "" } }).toEqual({
        ...expected,
        workspace: { ...expected.workspace, sid: "" },
      });
      // And the fold saw what happened: both tasks entered and completed today.
      const entered = expected.queues.filter((q) => [queueA!.sid, queueB!.sid].includes(q.sid)).map((q) => q.cumulative.tasksEntered);
      expect(entered).toEqual([2, 1]);
      const workspace = expected.workspace.cumulative;
      expect(workspace.tasksCompleted).toBe(3);
      // The transferred task's handle time is its own (5 s → 100 s); each worker has their part of it.
      expect(workspace.handleTime.total).toBe(2 * (130 - 12) + 95);
      expect([workspace.tasksAccepted, workspace.reservationsAccepted, workspace.transfersInitiated]).toEqual([3, 4, 1]);
      const worker = (sid: string) => expected.workers.find((w) => w.sid === sid)!.cumulative;
      expect([worker(workerA!.sid).transfersInitiated, worker(workerA!.sid).tasksCompleted]).toEqual([1, 1]);
      expect([worker(workerB!.sid).tasksCompleted, worker(workerB!.sid).handleTime.total]).toEqual([2, 130 - 12 + 60]);
      expect(worker(workerA!.sid).handleTime.total).toBe(130 - 12 + 35);
    } finally {
      vi.useRealTimers();
    }
  });
});
