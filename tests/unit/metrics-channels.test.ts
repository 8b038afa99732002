/** Per-channel figures of a queue: live counts and the window's service level, per task channel. */
import { describe, expect, it } from "vitest";
import { applyEvents, buildSnapshot, createMetricsState } from "@/lib/metrics";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import { sid, TaskScript, type TestEvent } from "@/tests/support/events";
import { config, s, SALES, SETTINGS, SUPPORT, workers } from "./metrics-fixture";

/**
 * Support, SLA 20 s (SETTINGS): voice V1 answered in 10 s and completed, voice V2 abandoned after
 * 40 s, voice V3 waiting since s(300) with priority 5; chat C1 answered in 30 s (late), chat C2
 * waiting since s(350), its task.created (the only event naming its channel) arriving last.
 */
function story(): TestEvent[] {
  const { alice, bob } = workers();
  const voice = (n: number, at: number, priority = 0) => new TaskScript(sid("WT", 0x700 + n), at, { channel: "voice", priority });
  const chat = (n: number, at: number) => new TaskScript(sid("WT", 0xc00 + n), at, { channel: "chat" });
  const events: TestEvent[] = [];
  const v1 = voice(1, s(0));
  events.push(v1.created(), v1.entered(s(0), SUPPORT));
  const r1 = v1.reserve(s(5), bob);
  events.push(r1.event, v1.accept(s(10), bob, r1.reservationSid), v1.completed(s(100)));
  const v2 = voice(2, s(50));
  events.push(v2.created(), v2.entered(s(50), SUPPORT), v2.canceled(s(90)));
  const v3 = voice(3, s(300), 5);
  events.push(v3.created(), v3.entered(s(300), SUPPORT));
  const c1 = chat(1, s(60));
  events.push(c1.created(), c1.entered(s(60), SUPPORT));
  const rc = c1.reserve(s(80), alice);
  events.push(rc.event, c1.accept(s(90), alice, rc.reservationSid));
  const c2 = chat(2, s(350));
  // Only task.created names the channel here, and it arrives after the queue event.
  events.push(c2.entered(s(350), SUPPORT, { TaskChannelUniqueName: undefined }), c2.created());
  return events;
}

const support = (snapshot: MetricsSnapshot) => snapshot.queues.find((q) => q.sid === SUPPORT)!;

describe("per-channel figures of a queue", () => {
  const events = story();

  it("splits live tasks, priorities, longest wait and service level by channel", () => {
    const state = createMetricsState(config(), SETTINGS);
    applyEvents(state, events);
    const queue = support(buildSnapshot(state, { now: s(400), window: { kind: "today" } }));
    // Listed by name, whatever order the events named them in.
    expect(queue.channels).toEqual([
      {
        channel: "chat",
        tasksByStatus: { pending: 1, reserved: 0, assigned: 1, wrapping: 0 },
        tasksByPriority: { "0": 1 },
        longestTaskWaitingAge: 50,
        tasksCompleted: 0,
        tasksAbandoned: 0,
        serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: SETTINGS.shortAbandonSeconds, percent: 0 },
      },
      {
        channel: "voice",
        tasksByStatus: { pending: 1, reserved: 0, assigned: 0, wrapping: 0 },
        tasksByPriority: { "5": 1 },
        longestTaskWaitingAge: 100,
        tasksCompleted: 1,
        tasksAbandoned: 1,
        // 1 within 20 s of 2 (one answered, one abandoned after the short-abandon limit).
        serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: SETTINGS.shortAbandonSeconds, percent: 50 },
      },
    ]);
    // The channels add up to the queue.
    const sum = (pick: (c: NonNullable<typeof queue.channels>[number]) => number) => queue.channels!.reduce((n, c) => n + pick(c), 0);
    expect(sum((c) => c.tasksByStatus.pending)).toBe(queue.realtime.tasksByStatus.pending);
    expect(sum((c) => c.tasksCompleted)).toBe(queue.cumulative.tasksCompleted);
    expect(sum((c) => c.tasksAbandoned)).toBe(queue.cumulative.tasksAbandoned);
    // A queue whose tasks never named a channel has no per-channel figures.
    expect(buildSnapshot(state, { now: s(400), window: { kind: "today" } }).queues.find((q) => q.sid === SALES)?.channels).toBeUndefined();
  });

  it("gives the same figures whatever order the events arrive in", () => {
    const inOrder = createMetricsState(config(), SETTINGS);
    applyEvents(inOrder, events);
    const reversed = createMetricsState(config(), SETTINGS);
    applyEvents(reversed, [...events].reverse());
    const channelsOf = (state: typeof inOrder) =>
      [...(support(buildSnapshot(state, { now: s(400), window: { kind: "today" } })).channels ?? [])].sort((a, b) =>
        a.channel.localeCompare(b.channel),
      );
    expect(channelsOf(reversed)).toEqual(channelsOf(inOrder));
  });

  it("keeps the window: over the last 5 minutes only the late chat answer counts", () => {
    const state = createMetricsState(config(), SETTINGS);
    applyEvents(state, events);
    const recent = support(buildSnapshot(state, { now: s(400), window: { kind: "minutes", minutes: 5 } }));
    const voice = recent.channels?.find((c) => c.channel === "voice");
    const chat = recent.channels?.find((c) => c.channel === "chat");
    // s(100)…s(400): V1's completion at s(100) is in; its acceptance (s(10)) and V2's abandon (s(90)) are not.
    expect(voice).toMatchObject({ tasksCompleted: 1, tasksAbandoned: 0, serviceLevel: { percent: null } });
    expect(chat?.serviceLevel.percent).toBe(null);
  });
});
