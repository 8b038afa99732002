import { describe, expect, it } from "vitest";
import { eventTimeMs, parseCallback } from "@/lib/events/parse";

describe("eventTimeMs", () => {
  it("prefers TimestampMs, then Timestamp in seconds or ISO-8601", () => {
    expect(eventTimeMs({ TimestampMs: "1700000000123", Timestamp: "1" })).toBe(1_700_000_000_123);
    expect(eventTimeMs({ TimestampMs: "1700000000123.6" })).toBe(1_700_000_000_124);
    expect(eventTimeMs({ Timestamp: "1700000000" })).toBe(1_700_000_000_000);
    expect(eventTimeMs({ Timestamp: "1700000000.5" })).toBe(1_700_000_000_500);
    expect(eventTimeMs({ Timestamp: "2026-11-23T10:00:00Z" })).toBe(Date.UTC(2026, 10, 23, 10));
    expect(eventTimeMs({ Timestamp: "yesterday" })).toBeNull();
    expect(eventTimeMs({})).toBeNull();
  });
});

describe("parseCallback", () => {
  const base = { Sid: "EV1", EventType: "worker.activity.update", TimestampMs: "1700000000000" };

  it("keeps every parameter and lifts the indexed sids", () => {
    const result = parseCallback({ ...base, WorkerSid: "WK1", TaskQueueSid: " ", Extra: "kept" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event).toMatchObject({
      sid: "EV1",
      eventType: "worker.activity.update",
      timeMs: 1_700_000_000_000,
      workerSid: "WK1",
      taskQueueSid: null,
    });
    expect(result.event.params.Extra).toBe("kept");
  });

  it("names the missing field", () => {
    const missing = (params: Record<string, string>) => {
      const result = parseCallback(params);
      return result.ok ? null : result.error.field;
    };
    expect(missing({ EventType: "x", TimestampMs: "1" })).toBe("Sid");
    expect(missing({ Sid: "EV1", TimestampMs: "1" })).toBe("EventType");
    expect(missing({ Sid: "EV1", EventType: "x" })).toBe("TimestampMs");
  });
});
