import { performance } from "node:perf_hooks";
import type { WorkspaceConfig } from "@/lib/config/types";
import { parseCallback } from "@/lib/events/parse";
import type { TypedEvent } from "@/lib/events/types";
import { applyEvent, buildSnapshot, createMetricsState, type MetricsState, settleTasks } from "@/lib/metrics";
import { taskLifecycle } from "@/tests/support/lifecycle";
import { type BenchOptions, type BenchResult, benchRow } from "./types";

const QUEUES = 12;
const WORKERS = 60;

function syntheticDay(TASKS: number): { config: WorkspaceConfig; events: TypedEvent[]; params: Record<string, string>[] } {
  const activities = [
    { sid: "WA00000000000000000000000000000001", friendlyName: "Available", available: true },
    { sid: "WA00000000000000000000000000000002", friendlyName: "Busy", available: false },
  ];
  const queues = Array.from({ length: QUEUES }, (_, i) => ({
    sid: `WQ${String(i).padStart(32, "0")}`,
    friendlyName: `Queue ${i}`,
    targetWorkers: `skills HAS "q${i}"`,
  }));
  const workers = Array.from({ length: WORKERS }, (_, i) => ({
    sid: `WK${String(i).padStart(32, "0")}`,
    friendlyName: `Agent ${i}`,
    attributes: { skills: [`q${i % QUEUES}`, `q${(i + 1) % QUEUES}`] },
    activitySid: activities[0]!.sid,
  }));
  const start = Date.now() - 8 * 3600_000;
  const events: TypedEvent[] = [];
  const params: Record<string, string>[] = [];
  for (let t = 0; t < TASKS; t += 1) {
    const worker = workers[t % WORKERS]!;
    for (const callback of taskLifecycle({
      startMs: start + t * 1000,
      taskSid: `WT${String(t).padStart(32, "0")}`,
      queueSid: queues[t % QUEUES]!.sid,
      worker: {
        sid: worker.sid,
        name: worker.friendlyName,
        availableActivity: { sid: activities[0]!.sid, name: "Available" },
        busyActivity: { sid: activities[1]!.sid, name: "Busy" },
      },
      sidPrefix: `${t.toString(36)}z`,
    })) {
      const parsed = parseCallback(callback);
      if (parsed.ok) {
        events.push(parsed.value.event);
        params.push(callback);
      }
    }
  }
  return {
    config: { workspace: { sid: "WS00000000000000000000000000000001", friendlyName: "Bench" }, activities, queues, workers, workflows: [] },
    events,
    params,
  };
}

/** Folds every event, then derives the tasks they touched (as the first read after a rebuild does). */
function foldAll(state: MetricsState, events: readonly TypedEvent[]): void {
  for (const event of events) applyEvent(state, event);
  settleTasks(state);
}

const PUSH_INTERVAL_MS = 250;

/** Folds events in time order, deriving at every push interval of event time, as the live pushes read the state. */
function foldAsPushed(state: MetricsState, inTimeOrder: readonly TypedEvent[]): void {
  let slot = Number.NEGATIVE_INFINITY;
  for (const event of inTimeOrder) {
    const eventSlot = Math.floor(event.timeMs / PUSH_INTERVAL_MS);
    if (eventSlot !== slot) {
      settleTasks(state);
      slot = eventSlot;
    }
    applyEvent(state, event);
  }
  settleTasks(state);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] as number;
};

/**
 * Fold cost per event against the cost of JSON.parse of the same event (goal in BENCHMARKS.md: ≤ 2×).
 * The first two rows are single cold measurements (as this benchmark always printed them); the
 * rows after them repeat parse and fold alternately on warm code, so that a busy machine moves
 * both sides of the ratio alike, and read snapshots the way the live pushes do.
 */
export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
  const TASKS = quick ? 5_000 : 20_000;
  const { config, events, params } = syntheticDay(TASKS);
  const settings = { timezone: "UTC", slaSeconds: 20, shortAbandonSeconds: 5, splitSeconds: [] };
  const serialized = params.map((callback) => JSON.stringify(callback));

  const parseStart = performance.now();
  let keep = 0;
  for (const text of serialized) keep += Object.keys(JSON.parse(text) as object).length;
  const parseMs = performance.now() - parseStart;

  const state = createMetricsState(config, settings);
  const foldStart = performance.now();
  foldAll(state, events);
  const foldMs = performance.now() - foldStart;

  const snapshotStart = performance.now();
  const rounds = 20;
  for (let i = 0; i < rounds; i += 1) keep += buildSnapshot(state, { now: Date.now(), window: { kind: "today" } }).queues.length;
  const snapshotMs = (performance.now() - snapshotStart) / rounds;

  // Warm, alternating rounds: a fresh state each time; the ratio is taken per round, then the median.
  const inTimeOrder = [...events].sort((a, b) => a.timeMs - b.timeMs);
  const warmRounds = 5;
  const warmParse: number[] = [];
  const warmFold: number[] = [];
  const pushedFold: number[] = [];
  const firstSnapshot: number[] = [];
  // Each fold's state is dropped before the next one starts, so no fold runs beside another's heap.
  const bulkRound = (): void => {
    const fresh = createMetricsState(config, settings);
    let t = performance.now();
    foldAll(fresh, events);
    warmFold.push(performance.now() - t);
    t = performance.now();
    keep += buildSnapshot(fresh, { now: Date.now(), window: { kind: "today" } }).queues.length;
    firstSnapshot.push(performance.now() - t);
  };
  const pushedRound = (): void => {
    const live = createMetricsState(config, settings);
    const t = performance.now();
    foldAsPushed(live, inTimeOrder);
    pushedFold.push(performance.now() - t);
  };
  for (let round = 0; round < warmRounds; round += 1) {
    const t = performance.now();
    for (const text of serialized) keep += Object.keys(JSON.parse(text) as object).length;
    warmParse.push(performance.now() - t);
    bulkRound();
    pushedRound();
  }

  // Live-like: the day's last events arrive 8 at a time, a "today" snapshot after each batch.
  const live = createMetricsState(config, settings);
  const head = events.length - 8 * 400;
  for (let i = 0; i < head; i += 1) applyEvent(live, events[i] as TypedEvent);
  keep += buildSnapshot(live, { now: Date.now(), window: { kind: "today" } }).queues.length;
  const liveSnapshot: number[] = [];
  for (let i = head; i < events.length; i += 8) {
    for (let j = i; j < i + 8 && j < events.length; j += 1) applyEvent(live, events[j] as TypedEvent);
    const t = performance.now();
    keep += buildSnapshot(live, { now: Date.now(), window: { kind: "today" } }).queues.length;
    liveSnapshot.push(performance.now() - t);
  }
  if (keep < 0) console.log(keep);

  const perEvent = (ms: number) => (ms * 1000) / events.length;
  return [
    benchRow({
      id: "fold",
      name: `fold ${events.length} events, first (cold) pass`,
      value: perEvent(foldMs),
      unit: "µs/event",
      baseline: "JSON.parse of the same event",
      baselineValue: perEvent(parseMs),
      goal: null,
    }),
    benchRow({
      id: "fold",
      name: `snapshot after ${TASKS} tasks`,
      value: snapshotMs,
      unit: "ms",
      baseline: "a 250 ms push interval",
      baselineValue: 250,
      goal: { on: "ratio", op: "≤", target: 0.1 },
    }),
    benchRow({
      id: "fold",
      name: `fold, warm, median of ${warmRounds} alternating rounds`,
      value: perEvent(median(warmFold)),
      unit: "µs/event",
      baseline: "JSON.parse, warm, same rounds",
      baselineValue: perEvent(median(warmParse)),
      goal: { on: "ratio", op: "≤", target: 2 },
    }),
    benchRow({
      id: "fold",
      name: `fold in time order, derived every ${PUSH_INTERVAL_MS} ms of event time (as live pushes read), warm`,
      value: perEvent(median(pushedFold)),
      unit: "µs/event",
      baseline: "JSON.parse, warm, same rounds",
      baselineValue: perEvent(median(warmParse)),
      goal: { on: "ratio", op: "≤", target: 2 },
    }),
    benchRow({
      id: "fold",
      name: "first snapshot after a rebuild (cold)",
      value: median(firstSnapshot),
      unit: "ms",
      baseline: "a 250 ms push interval",
      baselineValue: 250,
      goal: null,
    }),
    benchRow({
      id: "fold",
      name: "snapshot every 8 events, median",
      value: median(liveSnapshot),
      unit: "ms",
      baseline: "a 250 ms push interval",
      baselineValue: 250,
      goal: { on: "ratio", op: "≤", target: 0.1 },
    }),
    benchRow({
      id: "fold",
      name: "snapshot every 8 events, p90",
      value: quantile(liveSnapshot, 0.9),
      unit: "ms",
      baseline: "a 250 ms push interval",
      baselineValue: 250,
      goal: { on: "ratio", op: "≤", target: 0.1 },
    }),
  ];
}
