import { describe, expect, it } from "vitest";
import {
  activityBands,
  agentsRows,
  arrivalsRows,
  serviceLevelAxisFloor,
  serviceLevelRows,
  tickSpacing,
  timeTicks,
  trimLeadingEmpty,
  waitingRows,
} from "@/lib/ui/charts";
import { DEFAULT_THRESHOLDS, parseThresholds } from "@/lib/ui/thresholds";
import { looksEmpty, queueRowModel, totalsModel } from "@/lib/ui/wallboard";
import { cumulative, queue, realtime, snapshot, worker } from "./fixtures";

describe("queueRowModel", () => {
  const support = queue({
    sid: "WQsupport",
    friendlyName: "Support",
    realtime: realtime({
      tasksByStatus: { pending: 3, reserved: 1, assigned: 5, wrapping: 2 },
      longestTaskWaitingAge: 50,
      longestTaskWaitingSid: "WTold",
      totalEligibleWorkers: 9,
      totalAvailableWorkers: 2,
    }),
    cumulative: cumulative({
      tasksCompleted: 41,
      tasksAbandoned: 3,
      serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, percent: 76.5 },
    }),
  });

  it("counts pending and reserved as waiting and keeps the status breakdown", () => {
    const row = queueRowModel(support, DEFAULT_THRESHOLDS);
    expect(row).toMatchObject({ waiting: 4, pending: 3, reserved: 1, assigned: 5, wrapping: 2, inAvailableActivity: 2, eligibleAgents: 9 });
    expect(row).toMatchObject({ handled: 41, abandoned: 3 });
  });

  it("colours the service level and longest wait against the thresholds", () => {
    const row = queueRowModel(support, DEFAULT_THRESHOLDS);
    expect(row.serviceLevelLevel).toBe("warn");
    expect(row.longestWaitLevel).toBe("warn");
    expect(row.level).toBe("warn");
  });

  it("keeps the longest wait ticking between pushes", () => {
    const row = queueRowModel(support, DEFAULT_THRESHOLDS, 12.7);
    expect(row.longestWaitSeconds).toBe(62);
    expect(row.longestWaitLevel).toBe("critical");
    expect(row.level).toBe("critical");
  });

  it("shows no wait and no colour when nobody waits", () => {
    const idle = queue({ sid: "WQidle", friendlyName: "Idle" });
    const row = queueRowModel(idle, DEFAULT_THRESHOLDS, 30);
    expect(row.longestWaitSeconds).toBe(0);
    expect(row.longestWaitLevel).toBe("none");
    expect(row.serviceLevelLevel).toBe("none");
  });

  it("uses the queue's override", () => {
    const parsed = parseThresholds('{"queues":{"Support":{"serviceLevel":{"targetPercent":75}}}}');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(queueRowModel(support, parsed.thresholds).serviceLevelLevel).toBe("ok");
  });
});

describe("totalsModel", () => {
  it("sums the workspace and counts agents by state", () => {
    const board = snapshot({
      workspace: {
        sid: "WS1",
        friendlyName: "Acme",
        realtime: realtime({
          tasksByStatus: { pending: 4, reserved: 2, assigned: 7, wrapping: 1 },
          longestTaskWaitingAge: 12,
          longestTaskWaitingSid: "WT1",
        }),
        cumulative: {
          ...snapshot().workspace.cumulative,
          tasksCompleted: 120,
          tasksAbandoned: 6,
          serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, percent: 91 },
        },
      },
      workers: [
        worker({ sid: "WK1", friendlyName: "a" }),
        worker({ sid: "WK2", friendlyName: "b", available: false, activityName: "Offline" }),
      ],
    });
    const totals = totalsModel(board, DEFAULT_THRESHOLDS);
    expect(totals).toMatchObject({
      waiting: 6,
      longestWaitSeconds: 12,
      longestWaitLevel: "ok",
      serviceLevelPercent: 91,
      serviceLevelLevel: "ok",
    });
    expect(totals.agents).toEqual({ ready: 1, busy: 0, away: 0, offline: 1 });
    expect(totals.agentsTotal).toBe(2);
  });
});

describe("looksEmpty", () => {
  it("is true for configuration without any event", () => {
    expect(looksEmpty(snapshot({ workers: [worker({ sid: "WK1", friendlyName: "a", activitySince: null })] }))).toBe(true);
  });

  it("is false once an agent changed activity or a task arrived", () => {
    expect(looksEmpty(snapshot({ workers: [worker({ sid: "WK1", friendlyName: "a" })] }))).toBe(false);
  });
});

describe("chart rows", () => {
  const series = {
    waitingTasks: [{ t: 1, total: 3, byQueue: { WQ1: 3 } }],
    serviceLevel: [
      { t: 1, percent: null, tasksAccepted: 0, tasksAcceptedWithinThreshold: 0, tasksAbandoned: 0, tasksShortAbandoned: 0 },
      { t: 2, percent: 87.456, tasksAccepted: 8, tasksAcceptedWithinThreshold: 7, tasksAbandoned: 0, tasksShortAbandoned: 0 },
    ],
    activities: [
      { sid: "WAoff", friendlyName: "Offline", available: false },
      { sid: "WAbrk", friendlyName: "Break", available: false },
      { sid: "WAav", friendlyName: "Available", available: true },
    ],
    agentsByActivity: [{ t: 1, byActivity: { WAav: 4, WAoff: 9 } }],
    arrivalsHandled: [{ from: 0, to: 900_000, arrivals: 12, handled: 10 }],
  };

  it("flattens each series for recharts", () => {
    expect(waitingRows(series)).toEqual([{ t: 1, total: 3 }]);
    expect(serviceLevelRows(series)).toEqual([
      { t: 1, percent: null },
      { t: 2, percent: 87.5 },
    ]);
    expect(agentsRows(series)).toEqual([{ t: 1, WAbrk: 0, WAav: 4 }]);
    expect(agentsRows(series, { includeOffline: true })).toEqual([{ t: 1, WAoff: 9, WAbrk: 0, WAav: 4 }]);
    expect(arrivalsRows(series)).toEqual([{ t: 0, to: 900_000, arrivals: 12, handled: 10 }]);
  });

  it("stacks available activities first and Offline last", () => {
    expect(activityBands(series.activities).map((band) => band.name)).toEqual(["Available", "Break", "Offline"]);
    expect(activityBands(series.activities).map((band) => band.label)).toEqual(["Available (ready or busy)", "Break (away)", "Offline"]);
  });

  it("places time ticks on round times", () => {
    const minute = 60_000;
    expect(timeTicks(7 * minute, 47 * minute, 15 * minute)).toEqual([15 * minute, 30 * minute, 45 * minute]);
    expect(tickSpacing(60 * minute)).toBe(15 * minute);
    expect(tickSpacing(12 * 60 * minute)).toBe(180 * minute);
  });
});

describe("trimLeadingEmpty", () => {
  const hour = 3_600_000;
  const rows = [0, 1, 2, 3, 4, 5, 6].map((h) => ({ t: h * hour, value: h >= 5 ? 1 : 0 }));

  it("starts a day chart one step before its first data, keeping a minimum span", () => {
    expect(trimLeadingEmpty(rows, (row) => row.value === 0, { toMs: 6 * hour, minSpanMs: 2 * hour })).toEqual({
      rows: rows.slice(4),
      fromMs: 4 * hour,
    });
    expect(trimLeadingEmpty(rows, (row) => row.value === 0, { toMs: 6 * hour, minSpanMs: 4 * hour }).fromMs).toBe(2 * hour);
  });

  it("keeps the minimum span when there is no data at all, and never starts before the first row", () => {
    expect(trimLeadingEmpty(rows, () => true, { toMs: 6 * hour, minSpanMs: 2 * hour }).fromMs).toBe(4 * hour);
    expect(trimLeadingEmpty(rows, () => false, { toMs: 6 * hour, minSpanMs: 2 * hour }).fromMs).toBe(0);
  });
});

describe("serviceLevelAxisFloor", () => {
  it("starts the axis under the target and the lowest value, in tens", () => {
    expect(serviceLevelAxisFloor([{ percent: 92 }, { percent: 88 }], 80)).toBe(60);
    expect(serviceLevelAxisFloor([{ percent: 41 }, { percent: null }], 80)).toBe(20);
    expect(serviceLevelAxisFloor([{ percent: 5 }], 80)).toBe(0);
    expect(serviceLevelAxisFloor([], 99)).toBe(70);
  });
});
