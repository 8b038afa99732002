/**
 * A strict RFC 4180 parser for the tests (csv-parse is not installed): CRLF record ends, fields
 * quoted with `"` and `""` for a quote inside; throws on anything malformed, so a test fails
 * when the exporter writes something a spreadsheet would misread.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return rows;
  for (;;) {
    let field = "";
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= n) throw new Error("unterminated quoted field");
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += c;
        i += 1;
      }
      if (i < n && text[i] !== "," && !text.startsWith("\r\n", i)) throw new Error(`garbage after a quoted field at ${i}`);
    } else {
      while (i < n && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
        if (text[i] === '"') throw new Error(`quote inside an unquoted field at ${i}`);
        field += text[i];
        i += 1;
      }
      if (i < n && (text[i] === "\n" || (text[i] === "\r" && text[i + 1] !== "\n")))
        throw new Error(`bare CR or LF outside quotes at ${i}`);
    }
    row.push(field);
    if (i >= n) throw new Error("the last record does not end with CRLF");
    if (text[i] === ",") {
      i += 1;
      continue;
    }
    // CRLF
    i += 2;
    rows.push(row);
    row = [];
    if (i >= n) return rows;
  }
}

/** Rows as objects keyed by the header row; checks every row has the header's width. */
export function parseCsvObjects(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...rest] = parseCsv(text);
  if (!header) throw new Error("no header row");
  const rows = rest.map((cells, index) => {
    if (cells.length !== header.length) throw new Error(`row ${index + 1} has ${cells.length} cells, the header ${header.length}`);
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""]));
  });
  return { header, rows };
}
