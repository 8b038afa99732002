import { performance } from "node:perf_hooks";
import type { WorkspaceConfig } from "@/lib/config/types";
import { parseCallback } from "@/lib/events/parse";
import type { TaskRouterEvent } from "@/lib/events/types";
import { applyEvent, buildSnapshot, createMetricsState } from "@/lib/metrics";
import { taskLifecycle } from "@/tests/support/lifecycle";
import type { BenchResult } from "./types";

const QUEUES = 12;
const WORKERS = 60;
const TASKS = 20_000;

function syntheticDay(): { config: WorkspaceConfig; events: TaskRouterEvent[] } {
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
  const events: TaskRouterEvent[] = [];
  for (let t = 0; t < TASKS; t += 1) {
    const worker = workers[t % WORKERS]!;
    for (const params of taskLifecycle({
      startMs: start + t * 1000,
      taskSid: `WT${String(t).padStart(32, "0")}`,
      queueSid: queues[t % QUEUES]!.sid,
      worker: {
        sid: worker.sid,
        name: worker.friendlyName,
        availableActivity: { sid: activities[0]!.sid, name: "Available" },
        busyActivity: { sid: activities[1]!.sid, name: "Busy" },
      },
      sidPrefix: t.toString(36),
    })) {
      const parsed = parseCallback(params);
      if (parsed.ok) events.push(parsed.event);
    }
  }
  return {
    config: { workspace: { sid: "WS00000000000000000000000000000001", friendlyName: "Bench" }, activities, queues, workers, workflows: [] },
    events,
  };
}

/** Fold cost per event against the cost of JSON.parse of the same event (perf-anchors §6: ≤ 2×). */
export async function run(): Promise<BenchResult[]> {
  const { config, events } = syntheticDay();
  const settings = { timezone: "UTC", slaSeconds: 20, shortAbandonSeconds: 5, splitSeconds: [] };
  const serialized = events.map((event) => JSON.stringify(event.params));

  const parseStart = performance.now();
  let keep = 0;
  for (const text of serialized) keep += Object.keys(JSON.parse(text) as object).length;
  const parseMs = performance.now() - parseStart;

  const state = createMetricsState(config, settings);
  const foldStart = performance.now();
  for (const event of events) applyEvent(state, event);
  const foldMs = performance.now() - foldStart;

  const snapshotStart = performance.now();
  const rounds = 20;
  for (let i = 0; i < rounds; i += 1) keep += buildSnapshot(state, { now: Date.now(), window: { kind: "today" } }).queues.length;
  const snapshotMs = (performance.now() - snapshotStart) / rounds;
  if (keep < 0) console.log(keep);

  const perEvent = (ms: number) => (ms * 1000) / events.length;
  return [
    {
      name: `fold ${events.length} events`,
      value: perEvent(foldMs),
      unit: "µs/event",
      baseline: "JSON.parse of the same event",
      baselineValue: perEvent(parseMs),
      ratio: foldMs / parseMs,
      goal: "≤ 2× (lower is better)",
    },
    {
      name: `snapshot after ${TASKS} tasks`,
      value: snapshotMs,
      unit: "ms",
      baseline: "a 250 ms push interval",
      baselineValue: 250,
      ratio: snapshotMs / 250,
      goal: "≤ 0.1 (lower is better)",
    },
  ];
}
