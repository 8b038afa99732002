/** One measured figure next to its baseline, run side by side on the same machine. */
export type BenchResult = {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  /** value ÷ baselineValue (for "lower is better" figures the goal says so). */
  ratio: number;
  goal: string;
};
