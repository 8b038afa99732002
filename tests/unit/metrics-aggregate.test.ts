/** The bucketed aggregate answers any window exactly as a scan of its facts would. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addFact, emptyAgg, ScopeAggregate, type Thresholds } from "@/lib/metrics/aggregate";
import { COUNTER_KINDS, type CumulativeFact } from "@/lib/metrics/task-facts";

const THRESHOLDS: Thresholds = { splitSeconds: [20, 60], slaSeconds: 20, shortAbandonSeconds: 5 };
const START = Date.UTC(2026, 0, 15, 3, 17, 11, 123);
const SPAN = 6 * 3600_000;

const fact = fc.record({
  offset: fc.integer({ min: 0, max: SPAN }),
  kind: fc.constantFrom<CumulativeFact["kind"]>(
    "accepted",
    "reservationAccepted",
    "abandoned",
    "canceled",
    "handle",
    "workerHandle",
    "workerTalk",
    "wrapUp",
    "tasksCompleted",
    "reservationsCreated",
    "transfersInitiated",
  ),
  valueMs: fc.integer({ min: 0, max: 120_000 }),
  inQueue: fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: null }),
  removed: fc.boolean(),
});

const window = fc
  .tuple(fc.integer({ min: -60_000, max: SPAN + 60_000 }), fc.integer({ min: 0, max: SPAN }))
  .map(([from, length]) => [START + from, START + from + length] as const);

describe("ScopeAggregate", () => {
  it("query(from, to) equals a scan of the facts in [from, to), after adds and removals", () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 200 }), fc.array(window, { minLength: 1, maxLength: 8 }), (specs, windows) => {
        const scope = new ScopeAggregate(THRESHOLDS);
        const facts: CumulativeFact[] = specs.map((f, i) => ({
          id: `f${i}`,
          kind: f.kind,
          atMs: START + f.offset,
          queueSid: null,
          workerSid: null,
          workflowSid: null,
          valueMs: f.valueMs,
          inQueueMs: f.inQueue,
        }));
        for (const f of facts) scope.add(f);
        // Read once so that cached minute and hour aggregates exist before the removals.
        scope.query(START - 60_000, START + SPAN + 60_000);
        for (const [i, f] of facts.entries()) if (specs[i]?.removed) scope.remove(f);
        const kept = facts.filter((_, i) => !specs[i]?.removed);
        for (const [from, to] of windows) {
          const expected = emptyAgg(THRESHOLDS);
          for (const f of kept) if (f.atMs >= from && f.atMs < to) addFact(expected, f, THRESHOLDS);
          expect(scope.query(from, to)).toStrictEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("windows read again and again (a live push reads one window every 250 ms) stay exact as facts come and go", () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant("add" as const), f: fact }),
      fc.record({ op: fc.constant("remove" as const), index: fc.nat() }),
      fc.record({
        op: fc.constant("read" as const),
        window: fc.integer({ min: 0, max: 2 }),
        moveMs: fc.constantFrom(0, 1, 999, 30_000, 60_000, 90_001),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const scope = new ScopeAggregate(THRESHOLDS);
        const live: CumulativeFact[] = [];
        // Two windows with a fixed start (like "today") and one whose start moves (like "last N minutes").
        let now = START + SPAN / 2;
        let n = 0;
        for (const s of steps) {
          if (s.op === "add") {
            const f: CumulativeFact = {
              id: `f${n++}`,
              kind: s.f.kind,
              atMs: START + s.f.offset,
              queueSid: null,
              workerSid: null,
              workflowSid: null,
              valueMs: s.f.valueMs,
              inQueueMs: s.f.inQueue,
            };
            scope.add(f);
            live.push(f);
          } else if (s.op === "remove") {
            const [f] = live.splice(s.index % Math.max(1, live.length), 1);
            if (f !== undefined) scope.remove(f);
          } else {
            now += s.moveMs;
            const from = [START, START + 3 * 3600_000, now - 15 * 60_000][s.window]!;
            const expected = emptyAgg(THRESHOLDS);
            for (const f of live) if (f.atMs >= from && f.atMs < now + 1) addFact(expected, f, THRESHOLDS);
            expect(scope.query(from, now + 1)).toStrictEqual(expected);
            expect(scope.query(from, now + 1)).toStrictEqual(expected);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("an empty aggregate lists the counters in COUNTER_KINDS order", () => {
    expect(Object.keys(emptyAgg(THRESHOLDS).counts)).toEqual(COUNTER_KINDS);
  });
});
