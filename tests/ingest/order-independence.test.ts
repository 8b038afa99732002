import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import { postSignedCallback, startTestApp, type TestApp } from "@/tests/support/app";
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

describe("the same events in any order, with duplicates, give the same /api/metrics", () => {
  let inOrder: TestApp;
  let scrambled: TestApp;
  beforeAll(async () => {
    [inOrder, scrambled] = await Promise.all([startTestApp(), startTestApp()]);
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
      expect(entered).toEqual([1, 1]);
      expect(expected.workspace.cumulative.tasksCompleted).toBe(2);
      expect(expected.workspace.cumulative.handleTime.total).toBe(2 * (130 - 12));
    } finally {
      vi.useRealTimers();
    }
  });
});
