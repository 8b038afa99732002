/**
 * memory: a simulated week at high speed folded into one live state; heap after day 7 against
 * heap after day 1 (goal ≤ 1.1: a live state that forgets what falls out of its longest window).
 */
import { startChild } from "./support/child";
import type { DaySample } from "./support/memory-child";
import { childModule } from "./support/paths";
import { type BenchOptions, type BenchResult, benchRow } from "./types";

export async function run({ quick, log }: BenchOptions): Promise<BenchResult[]> {
  const tasksPerDay = quick ? 1_500 : 20_000;
  const child = await startChild(childModule("memory-child"));
  try {
    const samples = await child.call<DaySample[]>("week", { tasksPerDay, days: 7 });
    for (const s of samples)
      log(
        `day ${s.day}: ${s.events} events folded, heap ${s.heapMb.toFixed(1)} MB (V8 holds ${s.heapTotalMb.toFixed(0)} MB), RSS ${s.rssMb.toFixed(0)} MB`,
      );
    const [first, last] = [samples[0]!, samples.at(-1)!];
    return [
      benchRow({
        id: "memory",
        name: `live state heap after 7 simulated days (${tasksPerDay} tasks/day)`,
        value: last.heapMb,
        unit: "MB",
        baseline: "heap after day 1",
        baselineValue: first.heapMb,
        goal: { on: "ratio", op: "≤", target: 1.1 },
      }),
      benchRow({
        id: "memory",
        name: "process RSS after 7 simulated days",
        value: last.rssMb,
        unit: "MB",
        baseline: "RSS after day 1",
        baselineValue: first.rssMb,
        goal: { on: "ratio", op: "≤", target: 1.1 },
      }),
    ];
  } finally {
    await child.stop();
  }
}
