import { describe, expect, it } from "vitest";
import { csvHeader, csvRows, neutraliseCell } from "@/lib/reports/csv";
import { csvStream } from "@/lib/reports/stream";
import { parseCsv } from "./support/csv-parse";

describe("neutraliseCell", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+44 20 7946 0000", "'+44 20 7946 0000"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=cmd", "'\t=cmd"],
    ["\r=cmd", "'\r=cmd"],
    ["Sales", "Sales"],
    [" =not first", " =not first"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it("leaves numbers (ours) as numbers, even negative, and writes null/NaN as empty", () => {
    expect(neutraliseCell(-3)).toBe(-3);
    expect(neutraliseCell(null)).toBe(null);
    expect(neutraliseCell(undefined)).toBe(null);
    expect(neutraliseCell(Number.NaN)).toBe(null);
  });
});

describe("csvRows (RFC 4180)", () => {
  it("ends records with CRLF and quotes commas, quotes, CR and LF", () => {
    expect(csvHeader(["a", "b"])).toBe("a,b\r\n");
    expect(csvRows([["x,y", 'say "hi"', "line\nbreak", "cr\ronly", 1.5, null]])).toBe(
      '"x,y","say ""hi""","line\nbreak","cr\ronly",1.5,\r\n',
    );
  });

  it("round-trips awkward text through a strict parser, formulas neutralised", () => {
    const nasty = ["Ünïcødé 🚀", "a,b", '"quoted"', "multi\r\nline", '=HYPERLINK("http://x")', "-1+2", "@me", "\ttab"];
    const text = csvHeader(["v"]) + csvRows(nasty.map((value) => [value]));
    const parsed = parseCsv(text);
    expect(parsed.slice(1).map((row) => row[0])).toEqual([
      "Ünïcødé 🚀",
      "a,b",
      '"quoted"',
      "multi\r\nline",
      '\'=HYPERLINK("http://x")',
      "'-1+2",
      "'@me",
      "'\ttab",
    ]);
  });
});

describe("csvStream", () => {
  async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
    return new Response(stream).text();
  }

  it("writes the header, then each non-empty batch", async () => {
    async function* batches() {
      yield [["1", 2]];
      yield [];
      yield [
        ["3", 4],
        ["5", 6],
      ];
    }
    expect(await read(csvStream(["a", "b"], batches()))).toBe("a,b\r\n1,2\r\n3,4\r\n5,6\r\n");
  });

  it("produces a batch only when the reader asks for it (back-pressure reaches the source)", async () => {
    let produced = 0;
    async function* batches() {
      for (let i = 0; i < 100; i++) {
        produced += 1;
        yield [[i]];
      }
    }
    const reader = csvStream(["n"], batches()).getReader();
    await reader.read();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(produced).toBeLessThanOrEqual(3);
    await reader.cancel();
  });

  it("stops the source when the reader cancels, and errors the stream when the source fails", async () => {
    let finished = false;
    async function* endless() {
      try {
        for (;;) yield [["x"]];
      } finally {
        finished = true;
      }
    }
    const reader = csvStream(["v"], endless()).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);

    const errors: unknown[] = [];
    async function* failing() {
      yield [["ok"]];
      throw new Error("database went away");
    }
    await expect(read(csvStream(["v"], failing(), { onError: (e) => errors.push(e) }))).rejects.toThrow("database went away");
    expect(errors).toHaveLength(1);
  });

  it("reports no error when the reader leaves while a batch is still being produced", async () => {
    let release = () => {};
    async function* slow() {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      yield [["late"]];
    }
    const errors: unknown[] = [];
    const reader = csvStream(["v"], slow(), { onError: (e) => errors.push(e) }).getReader();
    await reader.read();
    const pending = reader.read();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const cancelled = reader.cancel();
    release();
    await cancelled;
    expect((await pending).done).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(errors).toEqual([]);
  });
});
