/**
 * bytes: what one `metrics` push weighs after one event, for a 500-agent, 50-queue centre.
 * The emulator and simulator run that centre at speed; its signed callbacks are parsed as the
 * route parses them and kept. Then they are folded one at a time, and after each one the hub's
 * push is made as the hub makes it (the wallboard's board view, delta against the previous push)
 * and weighed as JSON. Baseline: the whole snapshot, which every push carried before deltas.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { loadWorkspaceConfig } from "@/lib/config/load";
import { startEmulator, VirtualClock } from "@/lib/emulator";
import { parseCallback } from "@/lib/events/parse";
import type { TypedEvent } from "@/lib/events/types";
import { applyEvent, buildSnapshot, createMetricsState } from "@/lib/metrics";
import { diff, type Json } from "@/lib/realtime/patch";
import type { SnapshotView } from "@/lib/realtime/protocol";
import { viewOf } from "@/lib/realtime/views";
import { scaledContactCentre, startSimulator, trafficScaleFor } from "@/lib/simulator";
import { createTwilioClient } from "@/lib/twilio/client";
import { sleep } from "./support/paths";
import { type BenchOptions, type BenchResult, benchRow } from "./types";

const SIZE = { agents: 500, queues: 50 };
const ACCOUNT_SID = `AC${"b".repeat(32)}`;
const AUTH_TOKEN = "bench-auth-token";

/** Runs the scaled centre for `seconds` of wall time and returns its events, parsed. */
async function simulate(seconds: number, speed: number) {
  const events: TypedEvent[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const parsed = parseCallback(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
      if (parsed.ok) events.push(parsed.value.event);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const day = new Date(Date.now() - 7 * 86_400_000);
  const clock = new VirtualClock({ startMs: Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 8), speed });
  const emulator = await startEmulator({
    port: 0,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    clock,
    seed: 7,
    contactCentre: scaledContactCentre(SIZE),
    eventCallbackUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/taskrouter/events`,
    delivery: { concurrency: 16 },
  });
  const simulator = startSimulator({ emulator, seed: 7, trafficScale: trafficScaleFor(SIZE), log: null });
  try {
    await sleep(seconds * 1000);
    simulator.stop();
    await sleep(500);
    const config = await loadWorkspaceConfig(
      createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: emulator.baseUrl }),
      emulator.workspaceSid,
    );
    return { events: events.sort((a, b) => a.timeMs - b.timeMs), config };
  } finally {
    await emulator.close();
    clock.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}

export async function run({ quick, log }: BenchOptions): Promise<BenchResult[]> {
  const { events, config } = await simulate(quick ? 15 : 40, 30);
  log(`${config.workers.length} agents, ${config.queues.length} queues: ${events.length} events simulated`);
  const measured = Math.min(quick ? 400 : 2_000, Math.floor(events.length / 2));
  if (measured < 50) throw new Error(`only ${events.length} events simulated`);
  const settings = { timezone: "UTC", slaSeconds: 20, shortAbandonSeconds: 5, splitSeconds: [] };
  const state = createMetricsState(config, settings);
  const head = events.length - measured;
  for (let i = 0; i < head; i += 1) applyEvent(state, events[i]!);

  const views: SnapshotView[] = ["board", "full"];
  const previous = new Map<SnapshotView, Json>();
  const pushBytes = new Map<SnapshotView, number[]>(views.map((view) => [view, []]));
  const snapshotBytes = new Map<SnapshotView, number[]>(views.map((view) => [view, []]));
  const started = performance.now();
  let seq = 0;
  for (let i = head - 1; i < events.length; i += 1) {
    const event = events[i]!;
    if (i >= head) applyEvent(state, event);
    // A push a quarter of a second after the event, as the hub coalesces.
    const snapshot = buildSnapshot(state, { now: event.timeMs + 250, window: { kind: "today" } });
    seq += 1;
    for (const view of views) {
      const viewed = viewOf(snapshot, view) as unknown as Json;
      const before = previous.get(view);
      previous.set(view, viewed);
      if (before === undefined) continue;
      const patch = diff(before, viewed) ?? {};
      pushBytes.get(view)!.push(Buffer.byteLength(JSON.stringify({ seq, room: `workspace|today|${view}`, patch })));
      snapshotBytes.get(view)!.push(Buffer.byteLength(JSON.stringify({ seq, room: `workspace|today|${view}`, snapshot: viewed })));
    }
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  log(`${measured} events folded and pushed in ${(performance.now() - started).toFixed(0)} ms`);
  for (const view of views)
    log(
      `${view} view: push after one event ${mean(pushBytes.get(view)!).toFixed(0)} B mean, whole snapshot ${mean(snapshotBytes.get(view)!).toFixed(0)} B`,
    );
  return [
    benchRow({
      id: "bytes",
      name: `wallboard push after one event, ${SIZE.agents} agents, ${SIZE.queues} queues (mean of ${measured})`,
      value: mean(pushBytes.get("board")!),
      unit: "B",
      baseline: "whole snapshot per push (before deltas)",
      baselineValue: mean(snapshotBytes.get("full")!),
      goal: { on: "value", op: "≤", target: 2048, unit: "B" },
    }),
    benchRow({
      id: "bytes",
      name: "full-view push after one event (agents' pages)",
      value: mean(pushBytes.get("full")!),
      unit: "B",
      baseline: "whole snapshot per push (before deltas)",
      baselineValue: mean(snapshotBytes.get("full")!),
      goal: null,
    }),
  ];
}
