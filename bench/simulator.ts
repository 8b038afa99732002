import { measureSimulatorThroughput } from "@/lib/simulator/bench";
import type { BenchResult } from "./types";

/** The simulator must sustain at least 200 events/s when asked (the emulator issue). */
export async function run(): Promise<BenchResult[]> {
  const eventsPerSecond = await measureSimulatorThroughput({ seconds: 10 });
  return [
    {
      name: "simulator throughput, delivered signed callbacks",
      value: eventsPerSecond,
      unit: "events/s",
      baseline: "required rate",
      baselineValue: 200,
      ratio: eventsPerSecond / 200,
      goal: "≥ 1",
    },
  ];
}
