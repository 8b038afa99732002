/** The bucketed aggregate answers any window exactly as a scan of its facts would. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addFact, emptyAgg, ScopeAggregate, type Thresholds } from "@/lib/metrics/aggregate";
import type { CumulativeFact } from "@/lib/metrics/task-facts";

const THRESHOLDS: Thresholds = { splitSeconds: [20, 60], slaSeconds: 20, shortAbandonSeconds: 5 };
const START = Date.UTC(2026, 0, 15, 3, 17, 11, 123);
const SPAN = 6 * 3600_000;

const fact = fc.record({
  offset: fc.integer({ min: 0, max: SPAN }),
  kind: fc.constantFrom<CumulativeFact["kind"]>("accepted", "abandoned", "handle", "wrapUp", "tasksCompleted", "reservationsCreated"),
  valueMs: fc.integer({ min: 0, max: 120_000 }),
  inQueue: fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: null }),
  removed: fc.boolean(),
});

const window = fc.tuple(fc.integer({ min: -60_000, max: SPAN + 60_000 }), fc.integer({ min: 0, max: SPAN })).map(([from, length]) => [START + from, START + from + length] as const);

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
          valueMs: f.valueMs,
          inQueueMs: f.inQueue,
        }));
        for (const f of facts) scope.add(f);
        // Read once so that cached minute and hour aggregates exist before the removals.
        scope.query(START - 60_000, START + SPAN + 60_000);
        facts.forEach((f, i) => specs[i]?.removed && scope.remove(f));
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
});
