// `npm run bench [id…] [-- --quick]`: every figure is printed next to a baseline measured in the
// same run on the same machine; only the ratios mean anything across machines.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BENCH_IDS, type BenchId, type BenchResult, type BenchSuite } from "./types";

process.env.NEXT_TELEMETRY_DISABLED = "1";

const suites: Record<BenchId, () => Promise<BenchSuite>> = {
  P1: () => import("./ingest"),
  P2: () => import("./freshness"),
  P3: () => import("./fanout"),
  P4: () => import("./startup"),
  P5: () => import("./reports"),
  bytes: () => import("./bytes"),
  fold: () => import("./fold"),
  memory: () => import("./memory"),
};

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const wanted = args.filter((arg) => !arg.startsWith("-"));
const unknown = wanted.filter((id) => !(BENCH_IDS as readonly string[]).includes(id));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(", ")}; known: ${BENCH_IDS.join(", ")}`);
  process.exit(2);
}
const ids = (wanted.length ? wanted : BENCH_IDS) as BenchId[];
const resultsPath = fileURLToPath(new URL("./results.json", import.meta.url));

const format = (n: number) => (Number.isFinite(n) ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(n < 1 ? 3 : 2)) : "n/a");
const rows: BenchResult[] = [];
for (const id of ids) {
  console.log(`▶ ${id}${quick ? " (quick)" : ""}`);
  const started = Date.now();
  try {
    const suite = await suites[id]();
    const results = await suite.run({ quick, log: (line) => console.log(`  [${id}] ${line}`) });
    for (const result of results) {
      rows.push(result);
      console.log(
        `  ${result.name}: ${format(result.value)} ${result.unit} vs ${format(result.baselineValue)} (${result.baseline}) → ratio ${format(result.ratio)}; goal ${result.goal}${result.met === null ? "" : result.met ? " ✓" : " ✗"}`,
      );
    }
  } catch (error) {
    console.error(`  ${id} failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  }
  console.log(`  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

console.table(
  rows.map((r) => ({
    id: r.id,
    figure: r.name,
    value: `${format(r.value)} ${r.unit}`,
    baseline: `${format(r.baselineValue)} (${r.baseline})`,
    ratio: format(r.ratio),
    goal: r.goal,
    met: r.met === null ? "—" : r.met ? "yes" : "NO",
  })),
);

// A partial run replaces only its own rows, so `npm run bench P3` refreshes one line of the file.
let previous: BenchResult[] = [];
try {
  previous = JSON.parse(readFileSync(resultsPath, "utf8")) as BenchResult[];
} catch {
  previous = [];
}
const merged = [...previous.filter((row) => !ids.includes(row.id)), ...rows].sort(
  (a, b) => BENCH_IDS.indexOf(a.id) - BENCH_IDS.indexOf(b.id),
);
writeFileSync(resultsPath, `${JSON.stringify(merged, null, 2)}\n`);
console.log(`Wrote ${resultsPath}${quick ? " (quick sizes)" : ""}`);
process.exit();
