import { stringify } from "csv-stringify/sync";

/** A cell as the report code produces it; null and undefined are written as an empty cell. */
export type Cell = string | number | null | undefined;

/** Column names, in order: the header row. */
export type Columns = readonly string[];

/**
 * Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"):
 * `= + - @`, and tab / carriage return, which some spreadsheets strip before looking.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes `'` to a text cell a spreadsheet would evaluate; numbers are ours and stay numbers. */
export function neutraliseCell(cell: Cell): string | number | null {
  if (cell === undefined || cell === null) return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : null;
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

const OPTIONS = {
  // RFC 4180: CRLF between records.
  record_delimiter: "windows",
  // csv-stringify quotes a field containing the record delimiter (CRLF) but not a lone CR or
  // LF; RFC 4180 (and every spreadsheet) needs those quoted too.
  quoted_match: /[\r\n]/,
} as const;

/** RFC 4180 text for `rows` (each row ends with CRLF), every cell neutralised. */
export function csvRows(rows: readonly (readonly Cell[])[]): string {
  if (rows.length === 0) return "";
  return stringify(
    rows.map((row) => row.map(neutraliseCell)),
    OPTIONS,
  );
}

export function csvHeader(columns: Columns): string {
  return csvRows([columns]);
}
