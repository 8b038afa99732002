import { describe, expect, it } from "vitest";
import { eventTimeMs, parseCallback, toTypedEvent } from "@/lib/events/parse";

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
    expect(result.value.event).toMatchObject({
      sid: "EV1",
      eventType: "worker.activity.update",
      timeMs: 1_700_000_000_000,
      workerSid: "WK1",
      taskQueueSid: null,
    });
    expect(result.value.stored.params.Extra).toBe("kept");
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

describe("parseCallback types the event once", () => {
  const nowMs = Date.UTC(2026, 11, 1, 12);
  const at = String(nowMs - 60_000);
  const parse = (params: Record<string, string>) => parseCallback({ Sid: "EV1", TimestampMs: at, ...params }, { nowMs });

  it("gives numbers, instants and attributes by the event type's family", () => {
    const result = parse({
      EventType: "reservation.accepted",
      TaskVersion: "4",
      TaskPriority: " 7 ",
      TaskAssignmentStatus: "Assigned",
      TaskDateCreated: String((nowMs - 90_000) / 1000),
      TaskAttributes: '{"type":"support"}',
      ReservationVersion: "2",
      WorkerTimeInPreviousActivity: "12",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { event } = result.value;
    expect(event.kind).toBe("reservation");
    if (event.kind !== "reservation") return;
    expect(event.reservationVersion).toBe(2);
    expect(event.task).toMatchObject({
      version: 4,
      priority: 7,
      assignmentStatus: "assigned",
      dateCreatedMs: nowMs - 90_000,
      attributes: { value: { type: "support" } },
    });
    expect(event.worker.timeInPreviousActivityMs).toBe(12_000);
  });

  it("reads a worker channel from the fields Twilio's channel events carry", () => {
    const result = parse({
      EventType: "worker.capacity.update",
      WorkerSid: "WK1",
      TaskChannelUniqueName: "chat",
      WorkerChannelAvailable: "true",
      WorkerChannelAvailableCapacity: "2",
      WorkerChannelPreviousCapacity: "1",
      WorkerChannelTaskCount: "1",
    });
    expect(result.ok).toBe(true);
    if (!result.ok || result.value.event.kind !== "worker") return;
    expect(result.value.event.channel).toMatchObject({ uniqueName: "chat", capacity: 3, consumed: 1, available: true });
  });

  it("keeps unknown event types, untyped but stored", () => {
    const result = parse({ EventType: "task.some-future-event" });
    expect(result.ok && result.value.event.kind).toBe("unknown");
  });

  it("reads text that is not of the expected form as absent, as TaskRouter never sends it", () => {
    const result = parse({ EventType: "task.updated", TaskPriority: "high", TaskAttributes: "[1]", TaskDateCreated: "yesterday" });
    expect(result.ok && result.value.event.task).toMatchObject({ priority: null, attributes: null, dateCreatedMs: null });
  });

  it.each([
    ["TaskDateCreated", { TaskDateCreated: "1" }],
    ["TaskDateCreated", { TaskDateCreated: "3000-01-01T00:00:00Z" }],
    ["TimestampMs", { TimestampMs: String(nowMs + 2 * 86_400_000) }],
    ["TimestampMs", { TimestampMs: "8640000000000001" }],
    ["WorkerTimeInPreviousActivityMs", { WorkerTimeInPreviousActivityMs: String(nowMs) }],
    ["TaskVersion", { TaskVersion: "9007199254740993" }],
    ["TaskAttributes", { TaskAttributes: "\u0000" }],
    ["TaskSid", { TaskSid: "WT".padEnd(65, "0") }],
  ])("refuses an implausible or unstorable %s, naming it", (field, params) => {
    const result = parse({ EventType: "task.updated", ...params });
    expect(result.ok ? null : result.error.field).toBe(field);
  });

  it("types a stored row as it typed the callback", () => {
    const params = { Sid: "EV2", EventType: "worker.activity.update", TimestampMs: at, WorkerSid: "WK1", WorkerActivitySid: "WA1" };
    const callback = parseCallback(params, { nowMs });
    expect(callback.ok).toBe(true);
    if (!callback.ok) return;
    const row = toTypedEvent(callback.value.stored, { nowMs });
    expect(row).toEqual({ ok: true, value: callback.value.event });
  });
});
