import { describe, expect, it } from "vitest";
import {
  formatClockTime,
  formatCount,
  formatDuration,
  formatDurationCompact,
  formatPercent,
  formatRatio,
  formatTimezoneLabel,
  formatUpdateAge,
  secondsSince,
  serverNow,
  shortSid,
  tickAge,
} from "@/lib/ui/format";

describe("formatDuration", () => {
  it.each([
    [0, "0:00"],
    [7, "0:07"],
    [59.9, "0:59"],
    [60, "1:00"],
    [754, "12:34"],
    [3599, "59:59"],
    [3600, "1:00:00"],
    [3723, "1:02:03"],
    [90_000, "25:00:00"],
  ])("shows %s s as %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it("shows a dash when there is no value, and never a negative time", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
    expect(formatDuration(-5)).toBe("0:00");
  });
});

describe("formatDurationCompact", () => {
  it.each([
    [45, "45s"],
    [720, "12m"],
    [3 * 3600 + 5 * 60, "3h 05m"],
    [2 * 86_400 + 4 * 3600, "2d 4h"],
  ])("shows %s s as %s", (seconds, text) => {
    expect(formatDurationCompact(seconds)).toBe(text);
  });
});

describe("formatPercent", () => {
  it("rounds down so that 99.6% never reads as 100%", () => {
    expect(formatPercent(99.6)).toBe("99%");
    expect(formatPercent(100)).toBe("100%");
    expect(formatPercent(87.25, 1)).toBe("87.2%");
    expect(formatPercent(0)).toBe("0%");
  });

  it("shows a dash when the service level has no divisor yet", () => {
    expect(formatPercent(null)).toBe("—");
  });

  it("formats occupancy ratios", () => {
    expect(formatRatio(0.734)).toBe("73%");
    expect(formatRatio(null)).toBe("—");
  });
});

describe("formatCount", () => {
  it("groups thousands", () => {
    expect(formatCount(12_345)).toBe("12,345");
    expect(formatCount(0)).toBe("0");
  });
});

describe("clock formatting in the dashboard timezone", () => {
  const instant = Date.UTC(2026, 10, 23, 14, 3, 27);

  it("shows 24-hour wall-clock time in the given zone", () => {
    expect(formatClockTime(instant, "UTC")).toBe("14:03");
    expect(formatClockTime(instant, "UTC", { seconds: true })).toBe("14:03:27");
    expect(formatClockTime(instant, "America/New_York")).toBe("09:03");
    expect(formatClockTime(instant, "Asia/Kolkata")).toBe("19:33");
  });

  it("falls back to UTC for an unknown zone instead of failing", () => {
    expect(formatClockTime(instant, "Not/AZone")).toBe("14:03");
  });

  it("labels the zone", () => {
    expect(formatTimezoneLabel(instant, "UTC")).toBe("UTC");
    expect(formatTimezoneLabel(instant, "America/New_York")).toMatch(/EST|GMT-5/);
  });
});

describe("formatUpdateAge", () => {
  it.each([
    [0, "just now"],
    [1999, "just now"],
    [8_000, "8 s ago"],
    [185_000, "3 min ago"],
    [7_300_000, "2 h ago"],
  ])("shows %s ms as %s", (ms, text) => {
    expect(formatUpdateAge(ms)).toBe(text);
  });
});

describe("ages that tick between pushes", () => {
  const generatedAtMs = Date.parse("2026-11-23T12:00:00.000Z");

  it("counts elapsed time on the browser clock, not its absolute value", () => {
    // The browser's clock is 1 h wrong; only what it counted since receipt matters.
    const clock = { generatedAtMs, receivedAtMs: generatedAtMs + 3_600_000 };
    expect(serverNow(clock, generatedAtMs + 3_600_000 + 4_500)).toBe(generatedAtMs + 4_500);
    expect(tickAge(30, clock, generatedAtMs + 4_500)).toBe(34);
  });

  it("never goes backwards when the browser clock steps back", () => {
    const clock = { generatedAtMs, receivedAtMs: 10_000 };
    expect(serverNow(clock, 5_000)).toBe(generatedAtMs);
  });

  it("measures seconds since an ISO time", () => {
    expect(secondsSince("2026-11-23T11:59:00.000Z", generatedAtMs)).toBe(60);
    expect(secondsSince(null, generatedAtMs)).toBeNull();
    expect(secondsSince("2026-11-23T12:00:05.000Z", generatedAtMs)).toBe(0);
  });
});

describe("shortSid", () => {
  it("keeps the prefix and the tail", () => {
    expect(shortSid("WT0123456789abcdef0123456789abcdef")).toBe("WT…abcdef");
    expect(shortSid("WT123")).toBe("WT123");
  });
});
