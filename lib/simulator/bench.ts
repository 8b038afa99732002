/**
 * Throughput of emulator + simulator: a simulated contact centre replaying history at high speed,
 * with every event delivered as a signed callback to a local receiver that answers 204.
 * Returns delivered callbacks per wall-clock second.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, VirtualClock } from "@/lib/emulator";
import { startSimulator } from "./simulator";

export type ThroughputOptions = {
  seconds: number;
  /** Clock speed while replaying (default 3000×: hours of a day per wall minute). */
  speed?: number;
  seed?: number;
};

export type ThroughputDetail = {
  eventsPerSecond: number;
  emittedPerSecond: number;
  delivered: number;
  emitted: number;
  failed: number;
  seconds: number;
};

const BENCH_ACCOUNT_SID = `AC${"b".repeat(32)}`;
const BENCH_AUTH_TOKEN = "bench-auth-token";

export async function measureSimulatorThroughputDetail(options: ThroughputOptions): Promise<ThroughputDetail> {
  let received = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received += 1;
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as AddressInfo).port;

  // A working day a week back (08:00 UTC): busy hours, and the clock never catches up meanwhile.
  const day = new Date(Date.now() - 7 * 86_400_000);
  const startMs = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 8, 0, 0);
  const clock = new VirtualClock({ startMs, speed: options.speed ?? 3000 });
  const emulator = await startEmulator({
    port: 0,
    accountSid: BENCH_ACCOUNT_SID,
    authToken: BENCH_AUTH_TOKEN,
    clock,
    seed: options.seed ?? 42,
    eventCallbackUrl: `http://127.0.0.1:${port}/api/taskrouter/events`,
    delivery: { concurrency: 16 },
  });
  const simulator = startSimulator({ emulator, seed: options.seed ?? 42, log: null });
  // Warm-up: agents log in during the first simulated minutes.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const sentBefore = emulator.delivery.stats.sent;
  const emittedBefore = simulator.summary().events;
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
  const seconds = (Date.now() - started) / 1000;
  const delivered = emulator.delivery.stats.sent - sentBefore;
  const emitted = simulator.summary().events - emittedBefore;
  const failed = emulator.delivery.stats.failed;
  simulator.stop();
  await emulator.close();
  clock.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  void received;
  return { eventsPerSecond: delivered / seconds, emittedPerSecond: emitted / seconds, delivered, emitted, failed, seconds };
}

/** Delivered signed callbacks per second (what `npm run bench` reports). */
export async function measureSimulatorThroughput(options: { seconds: number; speed?: number }): Promise<number> {
  return (await measureSimulatorThroughputDetail(options)).eventsPerSecond;
}
