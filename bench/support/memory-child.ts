/**
 * A simulated week folded into one live state, as a long-running instance would (forgetting
 * every 10 minutes what its windows no longer reach): heap and RSS after each simulated day (after a full GC). Events are made a day at a time and dropped once folded.
 */
import type { WorkspaceConfig } from "@/lib/config/types";
import { parseCallback } from "@/lib/events/parse";
import { applyEvent, buildSnapshot, createMetricsState, forgetBefore, LIVE_HORIZON_MS } from "@/lib/metrics";
import { taskLifecycle } from "@/tests/support/lifecycle";
import { serveCommands } from "./child";

const QUEUES = 12;
const WORKERS = 60;
const DAY_MS = 86_400_000;

function config(): WorkspaceConfig {
  const activities = [
    { sid: "WA00000000000000000000000000000001", friendlyName: "Available", available: true },
    { sid: "WA00000000000000000000000000000002", friendlyName: "Busy", available: false },
  ];
  return {
    workspace: { sid: "WS00000000000000000000000000000001", friendlyName: "Bench" },
    activities,
    queues: Array.from({ length: QUEUES }, (_, i) => ({
      sid: `WQ${String(i).padStart(32, "0")}`,
      friendlyName: `Queue ${i}`,
      targetWorkers: `skills HAS "q${i}"`,
    })),
    workers: Array.from({ length: WORKERS }, (_, i) => ({
      sid: `WK${String(i).padStart(32, "0")}`,
      friendlyName: `Agent ${i}`,
      attributes: { skills: [`q${i % QUEUES}`, `q${(i + 1) % QUEUES}`] },
      activitySid: activities[0]!.sid,
    })),
    workflows: [],
  };
}

/** heapTotal is what V8 holds for the heap (used or not); RSS adds code, stacks and native memory. */
export type DaySample = { day: number; heapMb: number; heapTotalMb: number; rssMb: number; events: number };

function week({ tasksPerDay, days }: { tasksPerDay: number; days: number }): DaySample[] {
  const workspace = config();
  const state = createMetricsState(workspace, { timezone: "UTC", slaSeconds: 20, shortAbandonSeconds: 5, splitSeconds: [] });
  const start = Date.UTC(2026, 0, 5);
  const spacing = DAY_MS / tasksPerDay;
  const samples: DaySample[] = [];
  let events = 0;
  let t = 0;
  for (let day = 1; day <= days; day += 1) {
    for (let n = 0; n < tasksPerDay; n += 1, t += 1) {
      // Every 10 simulated minutes, as the app forgets (lib/app.ts).
      if (n % Math.ceil(tasksPerDay / 144) === 0) forgetBefore(state, start + t * spacing - LIVE_HORIZON_MS);
      const worker = workspace.workers[t % WORKERS]!;
      for (const params of taskLifecycle({
        startMs: start + t * spacing,
        taskSid: `WT${String(t).padStart(32, "0")}`,
        queueSid: workspace.queues[t % QUEUES]!.sid,
        worker: {
          sid: worker.sid,
          name: worker.friendlyName,
          availableActivity: { sid: workspace.activities[0]!.sid, name: "Available" },
          busyActivity: { sid: workspace.activities[1]!.sid, name: "Busy" },
        },
        sidPrefix: `${t.toString(36)}z`,
      })) {
        const parsed = parseCallback(params);
        if (parsed.ok && applyEvent(state, parsed.value.event)) events += 1;
      }
    }
    // A read at the end of each day, as pushes do all day.
    buildSnapshot(state, { now: start + day * DAY_MS, window: { kind: "today" } });
    globalThis.gc?.();
    globalThis.gc?.();
    const usage = process.memoryUsage();
    samples.push({ day, heapMb: usage.heapUsed / 2 ** 20, heapTotalMb: usage.heapTotal / 2 ** 20, rssMb: usage.rss / 2 ** 20, events });
  }
  return samples;
}

serveCommands({ week: (args: { tasksPerDay: number; days: number }) => week(args) });
