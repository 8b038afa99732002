import { IANAZone } from "luxon";
import type { Cell, Columns } from "./csv";
import type { ReportDirectory } from "./directory";
import type { SqlRunner } from "./event-log";
import type { ReportParams } from "./params";

/** What one export needs: the log, the validated request, names, and the time it runs at. */
export type ReportContext = {
  run: SqlRunner;
  /** Only this workspace's events (and those naming none) count, as in the live view; null: all. */
  workspaceSid: string | null;
  params: ReportParams;
  directory: ReportDirectory;
  now: number;
};

export type ReportBatch = Cell[][];

/** One export: its header, and its rows a batch at a time. */
export type Report = {
  columns: Columns;
  batches: AsyncIterable<ReportBatch>;
};

/** Time after which nothing has happened yet: ranges reaching into the future stop at now. */
export function effectiveEnd(context: ReportContext): number {
  return Math.min(context.params.toMs, context.now);
}

export function zoneOf(context: ReportContext): IANAZone {
  return IANAZone.create(context.params.timezone);
}

/** Rounds to `digits` decimals for averages and percentages (sums stay exact). */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
