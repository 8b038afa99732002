/**
 * Forgetting what no served window reaches: every window the dashboard serves reads the same
 * numbers before and after, folding goes on as if nothing was forgotten, and the state shrinks.
 */
import { describe, expect, it } from "vitest";
import { parseCallback } from "@/lib/events/parse";
import type { TypedEvent } from "@/lib/events/types";
import {
  applyEvent,
  buildSeries,
  buildSnapshot,
  createMetricsState,
  forgetBefore,
  LIVE_HORIZON_MS,
  type MetricsState,
} from "@/lib/metrics";
import type { MetricsWindow } from "@/lib/metrics/types";
import { taskLifecycle } from "@/tests/support/lifecycle";
import { ALICE, AVAILABLE, BOB, BREAK, config, SALES, SETTINGS, SUPPORT } from "./metrics-fixture";

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 23, 5, 0, 0);

/** Tasks every 20 minutes over `hours`, alternating queues and agents; one task left open at the end. */
function events(hours: number): TypedEvent[] {
  const out: TypedEvent[] = [];
  const workers = [
    { sid: ALICE, name: "Alice", availableActivity: AVAILABLE, busyActivity: BREAK },
    { sid: BOB, name: "Bob", availableActivity: AVAILABLE, busyActivity: BREAK },
  ].map((w) => ({
    ...w,
    availableActivity: { sid: w.availableActivity.sid, name: w.availableActivity.name },
    busyActivity: { sid: w.busyActivity.sid, name: w.busyActivity.name },
  }));
  const count = (hours * 60) / 20;
  for (let i = 0; i < count; i++) {
    for (const params of taskLifecycle({
      startMs: START + i * 20 * 60_000,
      taskSid: `WT${String(i).padStart(32, "0")}`,
      queueSid: i % 2 === 0 ? SALES : SUPPORT,
      worker: workers[i % 2]!,
      // "z" ends the prefix: "6" + "01" and "60" + "1" would otherwise be one Sid.
      sidPrefix: `${i.toString(36)}z`,
    })) {
      const parsed = parseCallback(params, { nowMs: START + 10 * 24 * HOUR });
      if (!parsed.ok) throw new Error(parsed.error.message);
      out.push(parsed.value.event);
    }
  }
  return out;
}

function fold(list: readonly TypedEvent[], state = createMetricsState(config(), SETTINGS)): MetricsState {
  for (const event of list) applyEvent(state, event);
  return state;
}

const WINDOWS: MetricsWindow[] = [{ kind: "today" }, { kind: "minutes", minutes: 1440 }, { kind: "minutes", minutes: 60 }];

function readAll(state: MetricsState, now: number) {
  return {
    snapshots: WINDOWS.map((window) => buildSnapshot(state, { now, window })),
    series: buildSeries(state, { now, fromMs: now - 1440 * 60_000, toMs: now, stepMs: 60_000 }),
  };
}

describe("forgetting what no window reaches", () => {
  const all = events(72);
  const lastMs = Math.max(...all.map((e) => e.timeMs));
  const now = lastMs + 5 * 60_000;

  it("changes no number any served window shows, and shrinks the state", () => {
    const kept = fold(all);
    const forgetting = fold(all);
    const before = { tasks: forgetting.tasks.size, seen: forgetting.seen.size };
    const forgotten = forgetBefore(forgetting, now - LIVE_HORIZON_MS);
    expect(forgotten.tasks).toBeGreaterThan(100);
    expect(forgetting.tasks.size).toBeLessThan(before.tasks / 2);
    expect(forgetting.seen.size).toBe(before.seen - forgotten.sids);
    expect(readAll(forgetting, now)).toEqual(readAll(kept, now));
  });

  it("folds what comes after as if nothing was forgotten", () => {
    const later = events(80).slice(all.length);
    expect(later.length).toBeGreaterThan(0);
    const kept = fold(later, fold(all));
    const forgetting = fold(all);
    forgetBefore(forgetting, now - LIVE_HORIZON_MS);
    fold(later, forgetting);
    const laterNow = Math.max(...later.map((e) => e.timeMs)) + 60_000;
    expect(readAll(forgetting, laterNow)).toEqual(readAll(kept, laterNow));
  });

  it("keeps a task that is still open however old it is", () => {
    const opening = new Set(["task.created", "task-queue.entered", "reservation.created", "reservation.accepted"]);
    const firstTask = `WT${"0".repeat(32)}`;
    const state = fold(all.filter((e) => e.taskSid === firstTask && opening.has(e.eventType)));
    expect(state.tasks.has(firstTask)).toBe(true);
    forgetBefore(state, now - LIVE_HORIZON_MS);
    expect(state.tasks.has(firstTask)).toBe(true);
  });
});
