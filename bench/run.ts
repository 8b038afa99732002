// `npm run bench [name…]`: every benchmark prints its figure next to a baseline measured in the
// same run on the same machine; only the ratios mean anything across machines.
import type { BenchResult } from "./types";

const suites: Record<string, () => Promise<{ run(): Promise<BenchResult[]> }>> = {
  fold: () => import("./fold"),
  ingest: () => import("./ingest"),
  simulator: () => import("./simulator"),
  reports: () => import("./reports"),
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const names = wanted.length ? wanted : Object.keys(suites);
const rows: BenchResult[] = [];
for (const name of names) {
  const load = suites[name];
  if (!load) {
    console.error(`Unknown benchmark ${name}; known: ${Object.keys(suites).join(", ")}`);
    process.exit(2);
  }
  console.log(`▶ ${name}`);
  try {
    const results = await (await load()).run();
    for (const result of results) {
      rows.push(result);
      console.log(
        `  ${result.name}: ${result.value.toFixed(2)} ${result.unit} vs ${result.baseline} ${result.baselineValue.toFixed(2)} → ratio ${result.ratio.toFixed(3)} (goal ${result.goal})`,
      );
    }
  } catch (error) {
    console.error(`  ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  }
}
console.table(
  rows.map((r) => ({
    name: r.name,
    value: `${r.value.toFixed(2)} ${r.unit}`,
    baseline: `${r.baselineValue.toFixed(2)} (${r.baseline})`,
    ratio: r.ratio.toFixed(3),
    goal: r.goal,
  })),
);
process.exit();
