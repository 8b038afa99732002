/** The per-entity derivations that the live fold and the CSV reports share. */
import { describe, expect, it } from "vitest";
import {
  activityAt,
  deriveTaskFacts,
  deriveTaskFactsFromRecords,
  deriveWorkerIntervals,
  summarizeWorkerWindow,
  toTaskRecord,
} from "@/lib/metrics";
import { epochMs } from "@/lib/events/parse";
import { makeEvent, sid, TaskScript } from "@/tests/support/events";
import { ALICE, AVAILABLE, BOB, BREAK, OFFLINE, s, SALES, SUPPORT, workers } from "./metrics-fixture";

describe("epochMs reads TaskDateCreated defensively", () => {
  it("accepts epoch seconds, epoch milliseconds and ISO-8601", () => {
    expect(epochMs("1768489200")).toBe(1768489200000);
    expect(epochMs("1768489200.5")).toBe(1768489200500);
    expect(epochMs("1768489200123")).toBe(1768489200123);
    expect(epochMs("2026-01-15T15:00:00Z")).toBe(Date.UTC(2026, 0, 15, 15));
    expect(epochMs("2026-01-15T10:00:00-05:00")).toBe(Date.UTC(2026, 0, 15, 15));
    expect(epochMs(" ")).toBeNull();
    expect(epochMs("yesterday")).toBeNull();
    expect(epochMs(undefined)).toBeNull();
  });

  it("gives the same creation time whichever format the callback used", () => {
    const created = (format: "seconds" | "ms" | "iso") => {
      const t = new TaskScript(sid("WT", 1), s(0), { dateCreated: format });
      // The task.created callback arrives in a later second: TaskDateCreated stands, in any format.
      return deriveTaskFacts([t.created(s(0) + 1700)])?.createdMs;
    };
    expect(created("seconds")).toBe(s(0));
    expect(created("ms")).toBe(s(0));
    expect(created("iso")).toBe(s(0));
  });
});

describe("millisecond instants", () => {
  it("task.created within TaskDateCreated's second gives the creation its millisecond", () => {
    for (const format of ["seconds", "iso"] as const) {
      const t = new TaskScript(sid("WT", 2), s(0) + 300, { dateCreated: format });
      expect(deriveTaskFacts([t.created()])).toMatchObject({ createdMs: s(0) + 300, createdFrom: "TaskDateCreated" });
    }
  });

  it("task-queue.entered within TaskQueueEnteredDate's second gives the wait in queue its millisecond", () => {
    const { bob } = workers();
    const t = new TaskScript(sid("WT", 3), s(0) + 300);
    const r = t.reserve(s(3), bob);
    const facts = deriveTaskFacts([
      t.created(),
      t.entered(s(1) + 400, SALES),
      r.event,
      t.accept(s(4) + 900, bob, r.reservationSid, { TaskQueueEnteredDate: String(Math.floor(s(1) / 1000)) }),
    ]);
    expect(facts?.accepted).toMatchObject({ waitMs: 4600, waitInQueueMs: 3500 });
  });
});

describe("deriveTaskFacts", () => {
  const { bob, alice } = workers();
  const t = new TaskScript(sid("WT", 7), s(0), { priority: 3, attributes: { type: "billing", customer: "c-1" } });
  const r1 = t.reserve(s(12), alice);
  const events = [
    t.created(),
    t.entered(s(2), SALES),
    r1.event,
    t.reject(s(15), alice, r1.reservationSid),
    t.moved(s(30)),
    t.entered(s(30), SUPPORT),
  ];
  const r2 = t.reserve(s(40), bob);
  events.push(r2.event, t.accept(s(45), bob, r2.reservationSid), t.wrapup(s(100)), t.completed(s(130), "resolved"));
  const facts = deriveTaskFacts(events);

  it("creation, visits, reservations, acceptance, outcome, handle and wrap-up", () => {
    expect(facts).toMatchObject({
      taskSid: sid("WT", 7),
      createdMs: s(0),
      createdFrom: "TaskDateCreated",
      workflowSid: sid("WW", 1),
      status: "completed",
      priority: 3,
      endedMs: s(130),
      currentQueueSid: null,
      attributes: { type: "billing", customer: "c-1" },
      queueVisits: [
        { queueSid: SALES, enteredMs: s(2), leftMs: s(30), leftBy: "moved" },
        { queueSid: SUPPORT, enteredMs: s(30), leftMs: s(130), leftBy: "ended" },
      ],
      reservations: expect.arrayContaining([
        {
          reservationSid: r1.reservationSid,
          workerSid: ALICE,
          queueSid: SALES,
          status: "rejected",
          createdMs: s(12),
          acceptedMs: null,
          releasedMs: null,
        },
        {
          reservationSid: r2.reservationSid,
          workerSid: BOB,
          queueSid: SUPPORT,
          status: "accepted",
          createdMs: s(40),
          acceptedMs: s(45),
          releasedMs: s(130),
        },
      ]),
      accepted: {
        reservationSid: r2.reservationSid,
        workerSid: BOB,
        queueSid: SUPPORT,
        atMs: s(45),
        waitMs: 45_000,
        waitInQueueMs: 15_000,
      },
      outcome: { kind: "completed", atMs: s(130), queueSid: SUPPORT, reason: "resolved", abandoned: false },
      abandoned: null,
      handle: { atMs: s(130), ms: 85_000, queueSid: SUPPORT, workerSid: BOB },
      wrapUp: { atMs: s(130), ms: 30_000, queueSid: SUPPORT, workerSid: BOB },
      busy: [{ taskSid: sid("WT", 7), reservationSid: r2.reservationSid, workerSid: BOB, fromMs: s(45), toMs: s(130) }],
      waiting: [
        { taskSid: sid("WT", 7), queueSid: SALES, fromMs: s(2), toMs: s(30) },
        { taskSid: sid("WT", 7), queueSid: SUPPORT, fromMs: s(30), toMs: s(45) },
      ],
    });
  });

  it("lists every contribution with the time it counts at", () => {
    const summary = facts?.facts.map((f) => [f.kind, f.atMs - s(0), f.queueSid, f.workerSid, f.valueMs]);
    expect(summary).toEqual([
      ["tasksCreated", 0, null, null, 0],
      ["tasksEntered", 2_000, SALES, null, 0],
      ["reservationsCreated", 12_000, SALES, ALICE, 0],
      ["reservationsRejected", 15_000, SALES, ALICE, 0],
      ["tasksMoved", 30_000, SALES, null, 0],
      ["tasksEntered", 30_000, SUPPORT, null, 0],
      ["reservationsCreated", 40_000, SUPPORT, BOB, 0],
      ["reservationsAccepted", 45_000, SUPPORT, BOB, 0],
      ["tasksCompleted", 130_000, SUPPORT, BOB, 0],
      ["accepted", 45_000, SUPPORT, null, 45_000],
      ["reservationAccepted", 45_000, SUPPORT, null, 45_000],
      ["handle", 130_000, SUPPORT, BOB, 85_000],
      ["wrapUp", 130_000, SUPPORT, BOB, 30_000],
      // Bob's own part (no reservation.completed in this log: it ends with the task).
      ["workerHandle", 130_000, null, BOB, 85_000],
      // …of which talk until the task's wrap-up at 100 s.
      ["workerTalk", 130_000, null, BOB, 55_000],
    ]);
  });

  it("a task record carries the id of its counter fact, for the live fold and the reports alike", () => {
    for (const event of [...events, makeEvent("task.updated", s(5), { TaskSid: sid("WT", 7), TaskPriority: "x" })]) {
      const counter = facts?.facts.find(
        (f) =>
          f.id.endsWith(`:${event.sid}`) &&
          !f.id.startsWith("accepted") &&
          !f.id.startsWith("reservationAccepted") &&
          !f.id.startsWith("handle"),
      );
      expect(toTaskRecord(event).factId).toBe(counter?.id ?? null);
    }
  });

  it("any order and duplicates give the same facts", () => {
    const scrambled = [...events].reverse().flatMap((e, i) => (i % 2 ? [e, e] : [e]));
    expect(deriveTaskFacts(scrambled)).toStrictEqual(facts);
    expect(deriveTaskFactsFromRecords(sid("WT", 7), scrambled.map(toTaskRecord))).toStrictEqual(
      deriveTaskFactsFromRecords(sid("WT", 7), events.map(toTaskRecord)),
    );
  });

  it("abandoned, canceled after acceptance, deleted: outcomes with reasons", () => {
    const a = new TaskScript(sid("WT", 8), s(0));
    expect(deriveTaskFacts([a.created(), a.entered(s(1), SALES), a.canceled(s(4), "Customer hung up")])).toMatchObject({
      outcome: { kind: "canceled", atMs: s(4), queueSid: SALES, reason: "Customer hung up", abandoned: true },
      abandoned: { atMs: s(4), ms: 4_000, queueSid: SALES, workerSid: null },
      endedMs: s(4),
    });
    const c = new TaskScript(sid("WT", 9), s(0));
    const rc = c.reserve(s(2), alice);
    expect(
      deriveTaskFacts([
        c.created(),
        c.entered(s(1), SALES),
        rc.event,
        c.accept(s(3), alice, rc.reservationSid),
        c.canceled(s(60), "Agent dropped"),
      ]),
    ).toMatchObject({
      outcome: { kind: "canceled", abandoned: false, reason: "Agent dropped" },
      abandoned: null,
      handle: null,
      busy: [{ workerSid: ALICE, fromMs: s(3), toMs: s(60) }],
    });
    const d = new TaskScript(sid("WT", 10), s(0));
    expect(deriveTaskFacts([d.created(), d.entered(s(1), SALES), d.systemDeleted(s(90))])?.outcome).toMatchObject({
      kind: "deleted",
      atMs: s(90),
    });
    expect(deriveTaskFacts([])).toBeNull();
  });

  it("a live task: current queue, open waiting interval, no outcome", () => {
    const live = new TaskScript(sid("WT", 11), s(0));
    expect(deriveTaskFacts([live.created(), live.entered(s(1), SUPPORT)])).toMatchObject({
      currentQueueSid: SUPPORT,
      endedMs: null,
      outcome: null,
      waiting: [{ queueSid: SUPPORT, fromMs: s(1), toMs: null }],
    });
  });
});

describe("deriveWorkerIntervals and summarizeWorkerWindow", () => {
  it("activity intervals from WorkerTimeInPreviousActivityMs; busy closed by reservation.completed", () => {
    const { bob } = workers(s(-3600));
    const t = new TaskScript(sid("WT", 20), s(0));
    const r = t.reserve(s(5), bob);
    const accepted = t.accept(s(10), bob, r.reservationSid);
    const events = [
      bob.setActivity(s(0), BREAK),
      bob.setActivity(s(300), AVAILABLE),
      r.event,
      accepted,
      t.reservationCompleted(s(70), bob, r.reservationSid),
    ];
    const intervals = deriveWorkerIntervals(BOB, [...events, ...events]);
    expect(intervals.activity).toEqual([
      { activitySid: AVAILABLE.sid, fromMs: s(-3600), toMs: s(0) },
      { activitySid: BREAK.sid, fromMs: s(0), toMs: s(300) },
      { activitySid: AVAILABLE.sid, fromMs: s(300), toMs: null },
    ]);
    expect(intervals.busy).toEqual([
      { taskSid: sid("WT", 20), reservationSid: r.reservationSid, workerSid: BOB, fromMs: s(10), toMs: s(70) },
    ]);

    const summary = summarizeWorkerWindow(intervals.activity, intervals.busy, s(-60), s(360), (a) => a === AVAILABLE.sid);
    expect(Object.fromEntries(summary.activityMs)).toEqual({ [AVAILABLE.sid]: 120_000, [BREAK.sid]: 300_000 });
    // Busy 60 s during Break: the denominator is available 120 s + busy 60 s.
    expect(summary).toMatchObject({ busyMs: 60_000, availableOrBusyMs: 180_000, occupancy: 1 / 3 });
  });

  it("without WorkerTimeInPreviousActivityMs the previous change gives the start", () => {
    const { alice } = workers(null);
    const first = alice.setActivity(s(0), BREAK);
    const second = makeEvent("worker.activity.update", s(50), {
      ...alice.fields(),
      WorkerActivitySid: OFFLINE.sid,
      WorkerPreviousActivitySid: BREAK.sid,
    });
    expect(deriveWorkerIntervals(ALICE, [second, first]).activity).toEqual([
      { activitySid: BREAK.sid, fromMs: s(0), toMs: s(50) },
      { activitySid: OFFLINE.sid, fromMs: s(50), toMs: null },
    ]);
  });

  it("activityAt: before the first change, the activity it left; after deletion, none", () => {
    const { carol } = workers(s(-100));
    const events = [carol.setActivity(s(0), AVAILABLE), carol.deleted(s(100))];
    const changes = events.map((e) => ({
      sid: e.sid,
      timeMs: e.timeMs,
      kind: e.eventType === "worker.deleted" ? ("deleted" as const) : ("update" as const),
      activitySid: e.params.WorkerActivitySid ?? null,
      previousActivitySid: e.params.WorkerPreviousActivitySid ?? null,
      previousDurationMs: null,
    }));
    expect(activityAt(changes, s(-1), null)).toBe(OFFLINE.sid);
    expect(activityAt(changes, s(0), null)).toBe(AVAILABLE.sid);
    expect(activityAt(changes, s(100), null)).toBeNull();
    expect(activityAt([], s(0), BREAK.sid)).toBe(BREAK.sid);
  });
});
