/** Which goal of the benchmark suite a row measures (see BENCHMARKS.md). */
export const BENCH_IDS = ["P1", "P2", "P3", "P4", "P5", "bytes", "fold", "memory"] as const;
export type BenchId = (typeof BENCH_IDS)[number];

/** A goal on the ratio (value ÷ baseline) or on the value itself. */
export type Goal = { on: "ratio" | "value"; op: "≥" | "≤"; target: number; unit?: string };

/** One measured figure next to its baseline, run side by side on the same machine. */
export type BenchResult = {
  id: BenchId;
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  /** value ÷ baselineValue. */
  ratio: number;
  goal: string;
  /** null for figures printed for context, without a goal of their own. */
  met: boolean | null;
};

export type BenchOptions = {
  /** Smaller sizes that let the whole suite finish in minutes on a shared machine. */
  quick: boolean;
  log(line: string): void;
};

export type BenchSuite = { run(options: BenchOptions): Promise<BenchResult[]> };

export function describeGoal(goal: Goal | null): string {
  if (!goal) return "—";
  return goal.on === "ratio" ? `ratio ${goal.op} ${goal.target}` : `${goal.op} ${goal.target}${goal.unit ? ` ${goal.unit}` : ""}`;
}

/** Builds a row: the ratio and whether the goal is met follow from the figures. */
export function benchRow(fields: Omit<BenchResult, "ratio" | "goal" | "met"> & { goal: Goal | null }): BenchResult {
  const { goal, ...rest } = fields;
  const ratio = fields.baselineValue === 0 ? Number.NaN : fields.value / fields.baselineValue;
  const measured = goal?.on === "value" ? fields.value : ratio;
  const met = goal === null ? null : Number.isFinite(measured) && (goal.op === "≥" ? measured >= goal.target : measured <= goal.target);
  return { ...rest, ratio, goal: describeGoal(goal), met };
}

/** The q-quantile of a list of numbers (nearest rank); NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))] as number;
}
