import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyPatch, diff, type Json } from "@/lib/realtime/patch";

/** What travels as JSON (it has no -0, for one). */
const wire = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

const roundTrip = (a: Json, b: Json) => {
  const patch = diff(a, b);
  const patched = patch === undefined ? a : applyPatch(a, JSON.parse(JSON.stringify(patch)) as Json);
  return patched;
};

/** Arrays of sid-keyed rows, as snapshots hold queues, workers and tasks. */
const rows = fc.uniqueArray(
  fc.record({
    sid: fc.constantFrom("WQ1", "WQ2", "WQ3", "WK1", "WK2", "~x"),
    n: fc.integer(),
    v: fc.oneof(fc.constant(null), fc.string()),
  }),
  { selector: (row) => row.sid, maxLength: 5 },
);
const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ rows, meta: fc.jsonValue({ maxDepth: 2 }) })) as fc.Arbitrary<Json>;

describe("snapshot patches", () => {
  it("turn any JSON value into any other", () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(roundTrip(wire(a), wire(b))).toEqual(wire(b));
      }),
      { numRuns: 500 },
    );
  });

  it("turn a value into an edited copy of itself, keyed rows reordered, added and removed", () => {
    fc.assert(
      fc.property(rows, rows, fc.jsonValue({ maxDepth: 2 }), (before, after, meta) => {
        const a = { rows: before, meta, keep: { sid: "x" } } as Json;
        const b = { rows: after, meta, keep: { sid: "x" } } as Json;
        expect(roundTrip(a, b)).toEqual(b);
      }),
      { numRuns: 500 },
    );
  });

  it("is undefined for equal values and carries only what changed", () => {
    const queue = (sid: string, entered: number) => ({
      sid,
      friendlyName: `Queue ${sid}`,
      cumulative: { tasksEntered: entered, percent: null },
    });
    const before = { generatedAt: "t0", queues: [queue("WQ1", 1), queue("WQ2", 5)], workers: [] as Json[] };
    expect(diff(before, structuredClone(before))).toBeUndefined();
    const after = { ...before, generatedAt: "t1", queues: [queue("WQ1", 1), queue("WQ2", 6)] };
    expect(diff(before, after)).toEqual({ generatedAt: "t1", queues: { "~p": { WQ2: { cumulative: { tasksEntered: 6 } } } } });
  });

  it("keeps null as a value and lists deleted keys", () => {
    expect(diff({ a: 1, b: 2 }, { a: null })).toEqual({ a: null, "~d": ["b"] });
    expect(applyPatch({ a: 1, b: 2 }, { a: null, "~d": ["b"] })).toEqual({ a: null });
  });

  it("replaces objects whose keys look like patch operations, and never mutates its input", () => {
    const before = { attributes: { "~r": 1 } };
    const after = { attributes: { "~r": 2, "~d": ["x"] } };
    const frozen = structuredClone(before);
    expect(applyPatch(before, diff(before, after) as Json)).toEqual(after);
    expect(before).toEqual(frozen);
  });

  it("keeps a key named __proto__ as data", () => {
    const before = JSON.parse('{"attributes":{"a":1}}') as Json;
    const after = JSON.parse('{"attributes":{"a":1,"__proto__":{"polluted":true}}}') as Json;
    const patched = applyPatch(before, JSON.parse(JSON.stringify(diff(before, after))) as Json);
    expect(JSON.stringify(patched)).toBe(JSON.stringify(after));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a patch that does not fit the value", () => {
    expect(() => applyPatch(3, { a: 1 })).toThrow(/not an object/);
    expect(() => applyPatch({}, { "~p": {} })).toThrow(/not an array/);
    expect(() => applyPatch([{ sid: "a" }], { "~p": {}, "~o": ["b"] })).toThrow(/no element b/);
  });
});
