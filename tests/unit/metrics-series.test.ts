import { describe, expect, it } from "vitest";
import { applyEvents, buildSeries, createMetricsState } from "@/lib/metrics";
import { sid, TaskScript } from "@/tests/support/events";
import { ALICE, AVAILABLE, BREAK, config, OFFLINE, s, SALES, SETTINGS, SUPPORT, workers } from "./metrics-fixture";

/**
 * tA waits in Support 0–180 s (accepted at 180: outside the 20 s SLA); tB waits in Sales 60–300 s
 * then abandons; tD is accepted in 10 s at 210 and completed at 400; tC waits in Support from 500.
 * Bob goes from Available to Break at 90 s.
 */
function story() {
  const ws = workers(s(-600));
  const tA = new TaskScript(sid("WT", 1), s(0));
  const rA = tA.reserve(s(120), ws.alice);
  const tB = new TaskScript(sid("WT", 2), s(60));
  const tD = new TaskScript(sid("WT", 4), s(200));
  const rD = tD.reserve(s(205), ws.alice);
  const tC = new TaskScript(sid("WT", 3), s(500));
  const events = [
    tA.created(),
    tA.entered(s(0), SUPPORT),
    rA.event,
    tA.accept(s(180), ws.alice, rA.reservationSid),
    tB.created(),
    tB.entered(s(60), SALES),
    tB.canceled(s(300)),
    ws.bob.setActivity(s(90), BREAK),
    tD.created(),
    tD.entered(s(200), SUPPORT),
    rD.event,
    tD.accept(s(210), ws.alice, rD.reservationSid),
    tD.completed(s(400)),
    tC.created(),
    tC.entered(s(500), SUPPORT),
  ];
  const state = createMetricsState(config(), SETTINGS);
  applyEvents(state, events);
  return state;
}

const minutes = (n: number) => Array.from({ length: n }, (_, i) => s(i * 60));

describe("buildSeries", () => {
  const state = story();
  const series = buildSeries(state, { now: s(600), fromMs: s(0), toMs: s(600), stepMs: 60_000, intervalMs: 300_000 });

  it("describes its range, thresholds and legend", () => {
    expect(series).toMatchObject({
      queueSid: null,
      from: s(0),
      to: s(600),
      stepMs: 60_000,
      intervalMs: 300_000,
      thresholdSeconds: 20,
      shortAbandonSeconds: 5,
    });
    expect(series.queues.map((q) => q.friendlyName)).toEqual(["Sales", "Support", "Broken"]);
    expect(series.activities).toEqual([
      { sid: AVAILABLE.sid, friendlyName: "Available", available: true },
      { sid: BREAK.sid, friendlyName: "Break", available: false },
      { sid: OFFLINE.sid, friendlyName: "Offline", available: false },
    ]);
  });

  it("waiting tasks (pending + reserved) per queue at each step", () => {
    expect(series.waitingTasks.map((p) => p.t)).toEqual(minutes(11));
    expect(series.waitingTasks.map((p) => p.byQueue[SUPPORT])).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(series.waitingTasks.map((p) => p.byQueue[SALES])).toEqual([0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(series.waitingTasks.map((p) => p.total)).toEqual([1, 2, 2, 1, 1, 0, 0, 0, 0, 1, 1]);
  });

  it("service level cumulated from the start of the series", () => {
    const at = (seconds: number) => series.serviceLevel.find((p) => p.t === s(seconds));
    expect(at(120)).toEqual({
      t: s(120),
      percent: null,
      tasksAccepted: 0,
      tasksAcceptedWithinThreshold: 0,
      tasksAbandoned: 0,
      tasksShortAbandoned: 0,
    });
    expect(at(180)?.percent).toBe(0);
    expect(at(240)).toMatchObject({ percent: 50, tasksAccepted: 2, tasksAcceptedWithinThreshold: 1 });
    expect(at(300)).toMatchObject({ percent: 33.33, tasksAbandoned: 1 });
    expect(at(600)?.percent).toBe(33.33);
  });

  it("agents by activity over time, from each worker's activity history", () => {
    const at = (seconds: number) => series.agentsByActivity.find((p) => p.t === s(seconds))?.byActivity;
    expect(at(60)).toEqual({ [AVAILABLE.sid]: 2, [BREAK.sid]: 1, [OFFLINE.sid]: 1 });
    expect(at(120)).toEqual({ [AVAILABLE.sid]: 1, [BREAK.sid]: 2, [OFFLINE.sid]: 1 });
  });

  it("arrivals and handled per interval; the last interval ends at toMs inclusive", () => {
    expect(series.arrivalsHandled).toEqual([
      { from: s(0), to: s(300), arrivals: 3, handled: 0 },
      { from: s(300), to: s(600), arrivals: 1, handled: 1 },
    ]);
  });

  it("one queue: its arrivals are task-queue.entered, its workers the eligible ones", () => {
    const support = buildSeries(state, {
      now: s(600),
      fromMs: s(0),
      toMs: s(600),
      stepMs: 300_000,
      intervalMs: 300_000,
      queueSid: SUPPORT,
    });
    expect(support.queues.map((q) => q.sid)).toEqual([SUPPORT]);
    expect(support.arrivalsHandled.map((i) => i.arrivals)).toEqual([2, 1]);
    // Alice and Bob are eligible for Support; Bob is on Break from 90 s.
    expect(support.agentsByActivity.map((p) => p.byActivity[AVAILABLE.sid])).toEqual([2, 1, 1]);
    expect(support.serviceLevel.map((p) => p.percent)).toEqual([null, 50, 50]);
  });

  it("adds toMs as a last sample when the steps do not land on it", () => {
    const odd = buildSeries(state, { now: s(600), fromMs: s(0), toMs: s(150), stepMs: 60_000 });
    expect(odd.waitingTasks.map((p) => p.t)).toEqual([s(0), s(60), s(120), s(150)]);
    expect(odd.arrivalsHandled).toEqual([{ from: s(0), to: s(150), arrivals: 2, handled: 0 }]);
  });

  it("refuses ranges that would be too many points, or backwards", () => {
    expect(() => buildSeries(state, { now: s(0), fromMs: 0, toMs: s(0), stepMs: 1000 })).toThrow(RangeError);
    expect(() => buildSeries(state, { now: s(0), fromMs: s(10), toMs: s(0), stepMs: 1000 })).toThrow(RangeError);
    expect(() => buildSeries(state, { now: s(0), fromMs: s(0), toMs: s(10), stepMs: 0 })).toThrow(RangeError);
  });

  it("does not depend on anything but the state and its arguments", () => {
    expect(buildSeries(story(), { now: s(600), fromMs: s(0), toMs: s(600), stepMs: 60_000, intervalMs: 300_000 })).toStrictEqual(series);
    expect(state.workers.get(ALICE)).toBeDefined();
  });
});
