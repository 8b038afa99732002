/**
 * The invariant of docs/metrics.md: folding any permutation of a set of events, with any duplicates,
 * gives exactly the metrics of folding the distinct events in event-time order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareEvents } from "@/lib/events/parse";
import {
  applyEvent,
  applyEvents,
  buildSeries,
  buildSnapshot,
  createMetricsState,
  deriveTaskFactsFromRecords,
  type MetricsState,
  settleTasks,
  startOfLocalDay,
  workerSnapshot,
} from "@/lib/metrics";
import {
  type Activity,
  type DateCreatedFormat,
  makeEvent,
  sid,
  TaskScript,
  toEvent,
  WorkerScript,
  type TestEvent,
} from "@/tests/support/events";
import {
  ALICE,
  AVAILABLE,
  BOB,
  BREAK,
  BROKEN,
  CAROL,
  config,
  DAVE,
  MIDNIGHT_NY,
  OFFLINE,
  SALES,
  SETTINGS,
  SUPPORT,
} from "./metrics-fixture";

/** A queue that only events tell about. */
const BILLING = sid("WQ", 4);
const ERIN = sid("WK", 5);
const QUEUES = [SALES, SUPPORT, BROKEN, BILLING];
const ACTIVITIES: Activity[] = [AVAILABLE, BREAK, OFFLINE];
/** Half an hour after local midnight, so tasks fall on both sides of it. */
const BASE = MIDNIGHT_NY + 30 * 60_000;

const ending = fc.constantFrom(
  "completed",
  "completed-after-wrapup",
  "reservation-completed-only",
  "abandoned",
  "canceled-after-accept",
  "deleted",
  "system-deleted",
  "still-waiting",
  "still-assigned",
);
type Ending = typeof ending extends fc.Arbitrary<infer T> ? T : never;

const taskPlan = fc.record({
  startS: fc.integer({ min: -3 * 3600, max: 3 * 3600 }),
  startMs: fc.integer({ min: 0, max: 999 }),
  priority: fc.integer({ min: 0, max: 3 }),
  dateCreated: fc.constantFrom<DateCreatedFormat>("seconds", "ms", "iso", "none"),
  queues: fc.array(fc.constantFrom(...QUEUES), { minLength: 1, maxLength: 3 }),
  leaveBy: fc.array(fc.constantFrom("moved" as const, "timeout" as const), { minLength: 2, maxLength: 2 }),
  attempts: fc.array(
    fc.record({ worker: fc.integer({ min: 0, max: 3 }), outcome: fc.constantFrom("reject", "timeout", "rescind", "cancel") }),
    { maxLength: 3 },
  ),
  acceptedBy: fc.integer({ min: 0, max: 3 }),
  // A transfer of the accepted task (WARM or COLD, to a worker through a queue), before it ends.
  transfer: fc.option(
    fc.record({
      mode: fc.constantFrom("WARM" as const, "COLD" as const),
      to: fc.integer({ min: 0, max: 3 }),
      queue: fc.constantFrom(...QUEUES),
      result: fc.constantFrom("completed" as const, "failed" as const, "canceled" as const),
    }),
    { nil: undefined },
  ),
  priorityChange: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
  ending,
  // Zero delays put several events of one task on the same millisecond.
  delays: fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 16, maxLength: 16 }),
});

const workerPlan = fc.array(fc.record({ delayS: fc.integer({ min: 1, max: 3600 }), activity: fc.integer({ min: 0, max: 2 }) }), {
  maxLength: 5,
});

const logPlan = fc.record({
  tasks: fc.array(taskPlan, { minLength: 1, maxLength: 10 }),
  workers: fc.array(workerPlan, { minLength: 4, maxLength: 4 }),
  extras: fc.subarray(["expression", "attributes", "rename", "new-worker", "delete-worker", "capacity", "new-queue", "delete-queue"]),
  /** Drop TaskVersion / WorkerVersion from every third event: versioned and unversioned writes mix. */
  stripVersions: fc.boolean(),
});

type LogPlan = typeof logPlan extends fc.Arbitrary<infer T> ? T : never;

function buildLog(plan: LogPlan): TestEvent[] {
  const events: TestEvent[] = [];
  const scripts = [ALICE, BOB, CAROL, DAVE].map(
    (workerSid, i) =>
      new WorkerScript(workerSid, ["Alice", "Bob", "Carol", "Dave"][i]!, {
        activity: [AVAILABLE, AVAILABLE, OFFLINE, BREAK][i]!,
        attributes: [{ skills: ["sales", "support"] }, { skills: ["support"] }, { skills: ["sales"] }, { skills: [] }][i],
        activitySinceMs: BASE - 10 * 3600_000,
      }),
  );
  plan.workers.forEach((changes, i) => {
    const worker = scripts[i]!;
    let at = BASE - 4 * 3600_000;
    for (const change of changes) {
      at += change.delayS * 1000;
      events.push(worker.setActivity(at, ACTIVITIES[change.activity]!));
    }
  });

  plan.tasks.forEach((p, n) => {
    const task = new TaskScript(sid("WT", 1000 + n), BASE + p.startS * 1000 + p.startMs, {
      priority: p.priority,
      dateCreated: p.dateCreated,
      // Tasks take capacity on their channel: chat and voice alternate.
      channel: n % 2 === 0 ? { sid: sid("TC", 1), uniqueName: "chat" } : { sid: sid("TC", 2), uniqueName: "voice" },
    });
    let at = task.createdAtMs;
    let d = 0;
    const next = () => (at += (p.delays[d++ % p.delays.length] ?? 1) * 1000);
    events.push(task.created(at));
    events.push(task.entered(next(), p.queues[0]!));
    p.queues.slice(1).forEach((queueSid, i) => {
      events.push(p.leaveBy[i] === "timeout" ? task.queueTimeout(next()) : task.moved(next()));
      events.push(task.entered(at, queueSid));
    });
    if (p.priorityChange !== undefined) events.push(task.updatePriority(next(), p.priorityChange));
    for (const attempt of p.attempts) {
      const worker = scripts[attempt.worker]!;
      const r = task.reserve(next(), worker);
      events.push(r.event);
      const end = next();
      if (attempt.outcome === "reject") events.push(task.reject(end, worker, r.reservationSid));
      else if (attempt.outcome === "timeout") events.push(task.reservationTimeout(end, worker, r.reservationSid));
      else if (attempt.outcome === "rescind") events.push(task.rescind(end, worker, r.reservationSid));
      else events.push(task.cancelReservation(end, worker, r.reservationSid));
    }
    const ending: Ending = p.ending;
    if (ending === "abandoned") events.push(task.canceled(next()));
    else if (ending === "deleted") events.push(task.deleted(next()));
    else if (ending === "system-deleted") events.push(task.systemDeleted(next()));
    else if (ending !== "still-waiting") {
      let worker = scripts[p.acceptedBy]!;
      const r = task.reserve(next(), worker);
      let holding = r.reservationSid;
      events.push(r.event, task.accept(next(), worker, r.reservationSid));
      const transfer = p.transfer;
      if (transfer !== undefined && (ending === "completed" || ending === "completed-after-wrapup" || ending === "still-assigned")) {
        const warm = transfer.mode === "WARM";
        events.push(task.transfer(next(), "initiated"));
        if (!warm) {
          events.push(task.handOver(at, worker, holding, "pending"));
          if (transfer.queue !== task.queueSid) events.push(task.moved(at), task.entered(at, transfer.queue));
        }
        const target = scripts[transfer.to]!;
        const keep = warm ? { TaskAssignmentStatus: "assigned" } : {};
        const offer = task.reserve(next(), target, { TaskQueueSid: transfer.queue, ...keep });
        events.push(offer.event);
        if (transfer.result === "completed") {
          events.push(task.accept(next(), target, offer.reservationSid), task.transfer(at, "completed"));
          if (warm) events.push(task.handOver(at, worker, holding, "assigned"));
          worker = target;
          holding = offer.reservationSid;
        } else if (transfer.result === "failed") {
          events.push(
            task.reject(next(), target, offer.reservationSid, keep),
            task.transfer(at, "attempt-failed"),
            task.transfer(at, "failed"),
          );
        } else {
          events.push(task.cancelReservation(next(), target, offer.reservationSid), task.transfer(at, "canceled"));
        }
      }
      if (ending === "completed") events.push(task.completed(next()), task.reservationCompleted(at, worker, holding));
      if (ending === "completed-after-wrapup")
        events.push(task.wrapup(next()), task.reservationWrapup(at, worker, holding), task.completed(next()));
      if (ending === "reservation-completed-only") events.push(task.reservationCompleted(next(), worker, r.reservationSid));
      if (ending === "canceled-after-accept") events.push(task.canceled(next()));
    }
  });

  const extra = (n: number) => BASE + n * 600_000;
  if (plan.extras.includes("expression"))
    events.push(
      makeEvent("task-queue.expression.updated", extra(1), { TaskQueueSid: BROKEN, TaskQueueTargetExpression: "skills HAS 'support'" }),
    );
  if (plan.extras.includes("attributes")) events.push(scripts[3]!.setAttributes(extra(2), { skills: ["sales"] }));
  if (plan.extras.includes("rename"))
    events.push(makeEvent("activity.updated", extra(3), { ActivitySid: BREAK.sid, ActivityName: "Pause", ActivityAvailable: "false" }));
  if (plan.extras.includes("new-worker"))
    events.push(new WorkerScript(ERIN, "Erin", { activity: AVAILABLE, attributes: { skills: ["support"] } }).created(extra(-2)));
  if (plan.extras.includes("delete-worker")) events.push(scripts[2]!.deleted(extra(4)));
  if (plan.extras.includes("capacity")) {
    events.push(
      scripts[0]!.channel(extra(5), "worker.capacity.update", {
        TaskChannelSid: sid("TC", 1),
        TaskChannelUniqueName: "chat",
        WorkerChannelCapacity: 3,
        WorkerChannelTaskCount: 1,
      }),
      // Raised to 4 with the documented fields only (available capacity + task count), then voice switched off.
      scripts[0]!.channel(extra(7), "worker.capacity.update", {
        TaskChannelSid: sid("TC", 1),
        TaskChannelUniqueName: "chat",
        WorkerChannelAvailableCapacity: 3,
        WorkerChannelTaskCount: 1,
        WorkerChannelPreviousCapacity: 3,
        WorkerChannelAvailable: true,
      }),
      scripts[1]!.channel(extra(8), "worker.channel.availability.update", {
        TaskChannelSid: sid("TC", 2),
        TaskChannelUniqueName: "voice",
        WorkerChannelAvailableCapacity: 1,
        WorkerChannelTaskCount: 0,
        WorkerChannelPreviousCapacity: 1,
        WorkerChannelAvailable: false,
      }),
    );
  }
  if (plan.extras.includes("new-queue"))
    events.push(
      makeEvent("task-queue.created", extra(-3), { TaskQueueSid: BILLING, TaskQueueName: "Billing", TaskQueueTargetExpression: "1==1" }),
    );
  if (plan.extras.includes("delete-queue"))
    events.push(makeEvent("task-queue.deleted", extra(6), { TaskQueueSid: SALES, TaskQueueName: "Sales" }));
  if (!plan.stripVersions) return events;
  return events.map((event, i) => {
    if (i % 3 !== 0) return event;
    const { TaskVersion: _task, WorkerVersion: _worker, ...params } = event.params;
    return toEvent(params);
  });
}

/** Deterministic PRNG (mulberry32) so a failing seed replays. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scrambled(events: TestEvent[], seed: number): TestEvent[] {
  const next = random(seed);
  const out: TestEvent[] = [];
  // Duplicates arrive as separate deliveries: equal content, not the same object.
  for (const event of events) {
    out.push(event);
    if (next() < 0.25) out.push(structuredClone(event));
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function fold(events: Iterable<TestEvent>): MetricsState {
  const state = createMetricsState(config(), SETTINGS);
  applyEvents(state, events);
  return state;
}

function views(state: MetricsState, now: number) {
  const midnight = startOfLocalDay(now, SETTINGS.timezone);
  return {
    today: buildSnapshot(state, { now, window: { kind: "today" } }),
    last15: buildSnapshot(state, { now, window: { kind: "minutes", minutes: 15 } }),
    last3h: buildSnapshot(state, { now, window: { kind: "minutes", minutes: 180 } }),
    support: buildSnapshot(state, { now, window: { kind: "today" }, queueSid: SUPPORT }),
    recentSeries: buildSeries(state, { now, fromMs: now - 3600_000, toMs: now, stepMs: 60_000 }),
    todaySeries: buildSeries(state, { now, fromMs: midnight, toMs: now, stepMs: 15 * 60_000, queueSid: SUPPORT }),
    worker: workerSnapshot(state, ALICE, now, { kind: "minutes", minutes: 60 }),
  };
}

function nowsFor(events: TestEvent[]): number[] {
  const last = Math.max(...events.map((e) => e.timeMs));
  return [BASE - 3600_000, BASE + 90 * 60_000, last, last + 10 * 60_000];
}

describe("order independence of the fold", () => {
  it("any permutation with duplicates gives the in-order snapshot, series and worker views", () => {
    fc.assert(
      fc.property(logPlan, fc.integer(), (plan, seed) => {
        const events = buildLog(plan);
        const inOrder = fold([...events].sort(compareEvents));
        const shuffled = fold(scrambled(events, seed));
        const reversed = fold([...events].sort(compareEvents).reverse());
        for (const now of nowsFor(events)) {
          const expected = views(inOrder, now);
          expect(views(shuffled, now)).toStrictEqual(expected);
          expect(views(reversed, now)).toStrictEqual(expected);
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it("each live task's facts are those a fresh derivation gives from its records", () => {
    fc.assert(
      fc.property(logPlan, fc.integer(), (plan, seed) => {
        const state = fold(scrambled(buildLog(plan), seed));
        settleTasks(state);
        for (const [taskSid, task] of state.tasks) expect(task.facts).toStrictEqual(deriveTaskFactsFromRecords(taskSid, task.records));
      }),
      { numRuns: 50 },
    );
  });

  it("reads in between (which keep caches) do not change what a later read gives", () => {
    fc.assert(
      fc.property(
        logPlan,
        fc.integer(),
        fc.integer({ min: 1, max: 7 }),
        fc.option(fc.integer({ min: -120, max: 240 })),
        (plan, seed, every, flipAt) => {
          const events = buildLog(plan);
          // Break becomes an available activity: worker time read before must not be reused.
          if (flipAt !== null)
            events.push(
              makeEvent("activity.updated", BASE + flipAt * 60_000, {
                ActivitySid: BREAK.sid,
                ActivityName: "Break",
                ActivityAvailable: "true",
              }),
            );
          const nows = nowsFor(events);
          const read = createMetricsState(config(), SETTINGS);
          scrambled(events, seed).forEach((event, i) => {
            applyEvent(read, event);
            // The same windows again and again, as the live pushes read them, and sometimes twice in a row.
            if (i % every === 0) views(read, nows[i % nows.length]!);
            if (i % (every * 3) === 0) views(read, nows[i % nows.length]!);
          });
          const fresh = fold(events);
          for (const now of nows) {
            const expected = views(fresh, now);
            expect(views(read, now)).toStrictEqual(expected);
            expect(views(read, now)).toStrictEqual(expected);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it("the generated logs exercise the metrics (not a vacuous equality)", () => {
    const seen = { abandoned: 0, accepted: 0, moved: 0, waiting: 0, wrapUp: 0 };
    fc.assert(
      fc.property(logPlan, (plan) => {
        const events = buildLog(plan);
        const snap = buildSnapshot(fold(events), {
          now: Math.max(...events.map((e) => e.timeMs)),
          window: { kind: "minutes", minutes: 1440 },
        });
        const c = snap.workspace.cumulative;
        seen.abandoned += c.tasksAbandoned;
        seen.accepted += c.waitDurationUntilAccepted.total > 0 ? 1 : 0;
        seen.moved += c.tasksMoved;
        seen.waiting += snap.workspace.realtime.tasksByStatus.pending;
        seen.wrapUp += c.wrapUpTime.total > 0 ? 1 : 0;
      }),
      { numRuns: 50, seed: 42 },
    );
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
  });
});
