import { describe, expect, it } from "vitest";
import { MAX_RANGE_DAYS, parseReportParams } from "@/lib/reports/params";

const NOW = Date.parse("2026-03-08T15:30:00Z");
const parse = (query: string, defaultTimezone = "UTC") => parseReportParams(new URLSearchParams(query), { defaultTimezone, now: NOW });

describe("parseReportParams", () => {
  it("reads from=D&to=D as the whole local day D in tz, on a 23-hour DST day", () => {
    const result = parse("from=2026-03-08&to=2026-03-08&tz=America/New_York");
    expect(result).toEqual({
      ok: true,
      params: {
        fromMs: Date.parse("2026-03-08T05:00:00Z"),
        toMs: Date.parse("2026-03-09T04:00:00Z"),
        timezone: "America/New_York",
        queueSids: [],
        intervalMinutes: 15,
        skipEmpty: false,
      },
    });
    if (result.ok) expect(result.params.toMs - result.params.fromMs).toBe(23 * 3_600_000);
  });

  it("includes the day of a date-only to; a datetime to stays exclusive", () => {
    const twoDays = parse("from=2026-03-08&to=2026-03-09&tz=UTC");
    expect(twoDays.ok && [twoDays.params.fromMs, twoDays.params.toMs]).toEqual([
      Date.parse("2026-03-08T00:00:00Z"),
      Date.parse("2026-03-10T00:00:00Z"),
    ]);
    const atMidnight = parse("from=2026-03-08&to=2026-03-09T00:00&tz=UTC");
    expect(atMidnight.ok && atMidnight.params.toMs).toBe(Date.parse("2026-03-09T00:00:00Z"));
    const untilNine = parse("from=2026-03-08&to=2026-03-08T09:00&tz=UTC");
    expect(untilNine.ok && untilNine.params.toMs).toBe(Date.parse("2026-03-08T09:00:00Z"));
  });

  it("reads empty=skip, defaults to include, refuses anything else", () => {
    const none = parse("");
    expect(none.ok && none.params.skipEmpty).toBe(false);
    const skip = parse("empty=skip");
    expect(skip.ok && skip.params.skipEmpty).toBe(true);
    const include = parse("empty=include");
    expect(include.ok && include.params.skipEmpty).toBe(false);
    const bad = parse("empty=drop");
    expect(!bad.ok && bad.error.field).toBe("empty");
  });

  it("reads a datetime without offset as local time, and one with an offset as that instant", () => {
    const local = parse("from=2026-10-25T00:30&to=2026-10-25T03:00&tz=Europe/London");
    expect(local.ok && local.params.fromMs).toBe(Date.parse("2026-10-24T23:30:00Z"));
    expect(local.ok && local.params.toMs).toBe(Date.parse("2026-10-25T03:00:00Z"));
    const offset = parse("from=2026-03-08T09:00:00-05:00&to=2026-03-08T20:00:00Z&tz=Asia/Kolkata");
    expect(offset.ok && offset.params.fromMs).toBe(Date.parse("2026-03-08T14:00:00Z"));
    expect(offset.ok && offset.params.toMs).toBe(Date.parse("2026-03-08T20:00:00Z"));
  });

  it("defaults to today in the dashboard's zone and one day", () => {
    const result = parse("", "Europe/London");
    expect(result.ok && result.params).toMatchObject({
      fromMs: Date.parse("2026-03-08T00:00:00Z"),
      toMs: Date.parse("2026-03-09T00:00:00Z"),
      timezone: "Europe/London",
    });
  });

  it("takes queues repeated or comma-separated, once each, and interval 15/30/60", () => {
    const result = parse("queue=WQaaa&queue=WQbbb,WQaaa&interval=30");
    expect(result.ok && result.params.queueSids).toEqual(["WQaaa", "WQbbb"]);
    expect(result.ok && result.params.intervalMinutes).toBe(30);
  });

  it.each([
    ["from=yesterday", "from"],
    ["from=2026-02-30", "from"],
    ["to=2026-13-01", "to"],
    ["from=2026-03-09&to=2026-03-08", "to"],
    ["from=2026-03-08T10:00&to=2026-03-08T10:00", "to"],
    ["from=2026-01-01&to=2026-03-01", "to"],
    ["tz=Mars/Olympus_Mons", "tz"],
    ["tz=UTC&tz=Europe/London", "tz"],
    ["queue=WQ1;DROP", "queue"],
    ["queue=WK123", "queue"],
    ["interval=20", "interval"],
    ["interval=abc", "interval"],
    ["from=0200-01-01&to=0200-01-02", "from"],
  ])("rejects %s naming %s", (query, field) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.field).toBe(field);
      expect(result.error.message).toMatch(new RegExp(field));
    }
  });

  it("accepts exactly the maximum range and rejects a minute more", () => {
    expect(parse(`from=2026-01-01&to=2026-01-31`).ok).toBe(true);
    expect(parse(`from=2026-01-01&to=2026-02-01`).ok).toBe(false);
    const over = parse(`from=2026-01-01&to=2026-02-01T00:01`);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.error.message).toContain(`${MAX_RANGE_DAYS} days`);
  });
});
