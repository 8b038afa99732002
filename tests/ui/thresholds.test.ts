import { describe, expect, it } from "vitest";
import {
  DEFAULT_THRESHOLDS,
  longestWaitLevel,
  longestWaitLimits,
  parseThresholds,
  serviceLevelLevel,
  thresholdsForQueue,
  thresholdsProblem,
  waitingLevel,
  withQueueOverrides,
  worstLevel,
} from "@/lib/ui/thresholds";

describe("serviceLevelLevel", () => {
  const limits = { targetPercent: 80, criticalBelowPercent: 70 };

  it.each([
    [100, "ok"],
    [80, "ok"],
    [79.9, "warn"],
    [70, "warn"],
    [69.9, "critical"],
    [0, "critical"],
  ] as const)("%s%% is %s", (percent, level) => {
    expect(serviceLevelLevel(percent, limits)).toBe(level);
  });

  it("judges nothing before the first answered or abandoned task", () => {
    expect(serviceLevelLevel(null, limits)).toBe("none");
  });
});

describe("longestWaitLevel", () => {
  const defaults = DEFAULT_THRESHOLDS.longestWait;

  it("warns at the queue's service-level threshold and is critical at three times it", () => {
    expect(longestWaitLimits(defaults, 20)).toEqual({ warnAtSeconds: 20, criticalAtSeconds: 60 });
    expect(longestWaitLevel(19, true, defaults, 20)).toBe("ok");
    expect(longestWaitLevel(20, true, defaults, 20)).toBe("warn");
    expect(longestWaitLevel(59, true, defaults, 20)).toBe("warn");
    expect(longestWaitLevel(60, true, defaults, 20)).toBe("critical");
  });

  it("follows each queue's own threshold", () => {
    expect(longestWaitLevel(45, true, defaults, 60)).toBe("ok");
    expect(longestWaitLevel(45, true, defaults, 10)).toBe("critical");
  });

  it("uses absolute seconds when configured", () => {
    const limits = { warnAtSeconds: 30, criticalAtSeconds: 90 };
    expect(longestWaitLevel(29, true, limits, 20)).toBe("ok");
    expect(longestWaitLevel(30, true, limits, 20)).toBe("warn");
    expect(longestWaitLevel(90, true, limits, 20)).toBe("critical");
  });

  it("keeps critical at or above warn when only warn is configured", () => {
    expect(longestWaitLimits({ warnAtSeconds: 120, criticalAtSeconds: null }, 20)).toEqual({ warnAtSeconds: 120, criticalAtSeconds: 120 });
  });

  it("is neutral when nobody waits", () => {
    expect(longestWaitLevel(0, false, defaults, 20)).toBe("none");
  });
});

describe("worstLevel", () => {
  it("orders none < ok < warn < critical", () => {
    expect(worstLevel()).toBe("none");
    expect(worstLevel("ok", "none")).toBe("ok");
    expect(worstLevel("ok", "warn")).toBe("warn");
    expect(worstLevel("critical", "warn", "ok")).toBe("critical");
  });
});

describe("parseThresholds (DASHBOARD_THRESHOLDS)", () => {
  it("gives the defaults when unset or blank", () => {
    expect(parseThresholds(undefined)).toEqual({ ok: true, thresholds: DEFAULT_THRESHOLDS });
    expect(parseThresholds("  ")).toEqual({ ok: true, thresholds: DEFAULT_THRESHOLDS });
  });

  it("merges a partial override over the defaults", () => {
    const result = parseThresholds('{"serviceLevel":{"targetPercent":90},"longestWait":{"criticalAtSeconds":120}}');
    expect(result).toEqual({
      ok: true,
      thresholds: {
        serviceLevel: { targetPercent: 90, criticalBelowPercent: 70 },
        longestWait: { warnAtSeconds: null, criticalAtSeconds: 120 },
        waiting: { warnAt: null, criticalAt: null },
        queues: {},
      },
    });
  });

  it("applies per-queue overrides by sid first, then by friendly name", () => {
    const result = parseThresholds(
      JSON.stringify({
        serviceLevel: { targetPercent: 85 },
        queues: { Billing: { serviceLevel: { targetPercent: 95 } }, WQsales: { longestWait: { warnAtSeconds: 5 } } },
      }),
    );
    if (!result.ok) throw new Error(result.message);
    const { thresholds } = result;
    expect(thresholdsForQueue(thresholds, { sid: "WQbilling", friendlyName: "Billing" }).serviceLevel).toEqual({
      targetPercent: 95,
      criticalBelowPercent: 70,
    });
    expect(thresholdsForQueue(thresholds, { sid: "WQsales", friendlyName: "Sales" })).toEqual({
      serviceLevel: { targetPercent: 85, criticalBelowPercent: 70 },
      longestWait: { warnAtSeconds: 5, criticalAtSeconds: null },
      waiting: { warnAt: null, criticalAt: null },
    });
    expect(thresholdsForQueue(thresholds, { sid: "WQother", friendlyName: "Other" }).serviceLevel.targetPercent).toBe(85);
  });

  it.each([
    ["{not json", /^DASHBOARD_THRESHOLDS is not valid JSON/],
    ['{"serviceLevel":{"targetPercent":120}}', /^DASHBOARD_THRESHOLDS\.serviceLevel\.targetPercent must be at most 100$/],
    ['{"longestWait":{"warnAtSeconds":"30"}}', /^DASHBOARD_THRESHOLDS\.longestWait\.warnAtSeconds must be a number/],
    ['{"longestWait":{"warnAtSeconds":1.5}}', /^DASHBOARD_THRESHOLDS\.longestWait\.warnAtSeconds /],
    ['{"serviceLevel":{"target":80}}', /^DASHBOARD_THRESHOLDS\.serviceLevel has unknown field\(s\): target$/],
    [
      '{"queues":{"Billing":{"serviceLevel":{"targetPercent":-1}}}}',
      /^DASHBOARD_THRESHOLDS\.queues\.Billing\.serviceLevel\.targetPercent must be at least 0$/,
    ],
    [
      '{"serviceLevel":{"targetPercent":60,"criticalBelowPercent":70}}',
      /criticalBelowPercent \(70\) must not be above targetPercent \(60\)/,
    ],
    [
      '{"queues":{"Billing":{"longestWait":{"warnAtSeconds":60,"criticalAtSeconds":30}}}}',
      /queues\.Billing\.longestWait\.criticalAtSeconds \(30\) must not be below/,
    ],
  ])("rejects %s with a message naming the field", (raw, message) => {
    const result = parseThresholds(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe("stored per-queue overrides and the waiting count", () => {
  it("lay admins' values over the configured ones, field by field, and judge the waiting count", () => {
    const parsed = parseThresholds('{"queues":{"WQsales":{"serviceLevel":{"targetPercent":90}}}}');
    if (!parsed.ok) throw new Error(parsed.message);
    const merged = withQueueOverrides(parsed.thresholds, {
      WQsales: { longestWait: { criticalAtSeconds: 45 }, waiting: { warnAt: 3, criticalAt: 6 } },
    });
    const sales = thresholdsForQueue(merged, { sid: "WQsales", friendlyName: "Sales" });
    expect(sales.serviceLevel.targetPercent).toBe(90);
    expect(sales.longestWait.criticalAtSeconds).toBe(45);
    expect([2, 3, 6].map((count) => waitingLevel(count, sales.waiting))).toEqual(["ok", "warn", "critical"]);
    expect(waitingLevel(50, DEFAULT_THRESHOLDS.waiting)).toBe("none");
    expect(thresholdsProblem(withQueueOverrides(merged, { WQsales: { waiting: { warnAt: 9, criticalAt: 2 } } }))).toMatch(
      /waiting\.criticalAt \(2\) must not be below warnAt \(9\)/,
    );
  });
});
