/**
 * The bootstrap's observations are ordinary events to the fold: a task the log never saw gets the
 * status TaskRouter lists, a task the log knows keeps the status its own (versioned) events give,
 * and real events that arrive later win, in whatever order everything is folded.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCallback } from "@/lib/events/parse";
import type { TypedEvent } from "@/lib/events/types";
import { LiveMetrics } from "@/lib/live/live-metrics";
import { type OpenTask, taskObservations, workerObservations } from "@/lib/sync/bootstrap";
import { makeEvent, sid, WORKSPACE_SID } from "@/tests/support/events";
import { ALICE, AVAILABLE, BREAK, config, SALES, SETTINGS } from "./metrics-fixture";

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const TASK = sid("WT", 7);
const RESERVATION = sid("WR", 7);

function openTask(status: OpenTask["status"], overrides: Partial<OpenTask> = {}): OpenTask {
  return {
    sid: TASK,
    status,
    queueSid: SALES,
    queueName: "Sales",
    workflowSid: sid("WW", 1),
    workflowName: "Default",
    priority: 5,
    attributes: "{}",
    channelSid: null,
    channelUniqueName: "voice",
    // REST dates are whole seconds; the steps here all fall in one second.
    createdMs: T0,
    updatedMs: T0,
    queueEnteredMs: T0,
    reservations:
      status === "pending"
        ? []
        : [
            {
              sid: RESERVATION,
              status: status === "reserved" ? "pending" : "accepted",
              workerSid: ALICE,
              workerName: "Alice",
              createdMs: T0,
              updatedMs: T0,
            },
          ],
    ...overrides,
  };
}

const typed = (params: Record<string, string>): TypedEvent => {
  const parsed = parseCallback(params, { nowMs: T0 + 3_600_000 });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.event;
};

function fold(events: readonly TypedEvent[]): LiveMetrics {
  const live = new LiveMetrics(config(), SETTINGS);
  for (const event of events) live.apply(event);
  return live;
}

const salesStatus = (live: LiveMetrics) =>
  live.snapshot({ now: T0 + 60_000, window: { kind: "today" } }).queues.find((q) => q.sid === SALES)!.realtime.tasksByStatus;

describe("bootstrap observations", () => {
  for (const status of ["pending", "reserved", "assigned", "wrapping"] as const) {
    it(`put a ${status} task the log never saw into its queue as ${status}, in any fold order`, () => {
      const observed = taskObservations(openTask(status), null, WORKSPACE_SID).map(typed);
      const times = observed.map((e) => e.timeMs);
      expect(new Set(times).size).toBe(times.length);
      fc.assert(
        fc.property(fc.shuffledSubarray(observed, { minLength: observed.length }), (order) => {
          expect(salesStatus(fold(order))[status]).toBe(1);
        }),
        { numRuns: 30 },
      );
    });
  }

  it("give a task the log knows only the queue entry it lacks; its own events keep its status", () => {
    const accepted = makeEvent("reservation.accepted", T0 + 5_000, {
      TaskSid: TASK,
      TaskVersion: 3,
      TaskAssignmentStatus: "assigned",
      TaskQueueSid: SALES,
      ReservationSid: RESERVATION,
      WorkerSid: ALICE,
    });
    const before = fold([accepted]);
    expect(salesStatus(before).assigned).toBe(0);
    const observed = taskObservations(openTask("assigned"), before.knownTask(TASK), WORKSPACE_SID);
    expect(observed.map((p) => p.EventType)).toEqual(["task.created", "task-queue.entered"]);
    expect(salesStatus(fold([accepted, ...observed.map(typed)])).assigned).toBe(1);
  });

  it("yield to the real events that follow: a completion ends the observed task", () => {
    const observed = taskObservations(openTask("assigned"), null, WORKSPACE_SID).map(typed);
    const completed = makeEvent("task.completed", T0 + 30_000, {
      TaskSid: TASK,
      TaskVersion: 4,
      TaskAssignmentStatus: "completed",
      TaskQueueSid: SALES,
    });
    fc.assert(
      fc.property(fc.shuffledSubarray([...observed, completed], { minLength: observed.length + 1 }), (order) => {
        expect(salesStatus(fold(order))).toEqual({ pending: 0, reserved: 0, assigned: 0, wrapping: 0 });
      }),
      { numRuns: 30 },
    );
  });

  it("date a worker's activity from date_status_changed unless the log holds that change", () => {
    const worker = { sid: ALICE, name: "Alice", activitySid: BREAK.sid, activityName: BREAK.name, statusChangedMs: T0, channels: [] };
    const live = fold([]);
    const observed = workerObservations(worker, live.knownWorker(ALICE), WORKSPACE_SID);
    expect(observed.map((p) => p.EventType)).toEqual(["worker.activity.update"]);
    const after = fold(observed.map(typed));
    const alice = after.worker(ALICE, T0 + 60_000)!;
    expect({ activity: alice.activitySid, since: alice.activitySince }).toEqual({ activity: BREAK.sid, since: new Date(T0).toISOString() });

    const logged = fold([
      makeEvent("worker.activity.update", T0 + 400, {
        WorkerSid: ALICE,
        WorkerActivitySid: BREAK.sid,
        WorkerPreviousActivitySid: AVAILABLE.sid,
      }),
    ]);
    expect(workerObservations(worker, logged.knownWorker(ALICE), WORKSPACE_SID)).toEqual([]);
  });
});
