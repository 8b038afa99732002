/**
 * Turns expression source into tokens. Attribute paths (`worker.skills.level`, `object.array[2]`)
 * are read as one token so whitespace inside a path is not accepted, and so the parser never has to
 * tell a path's `[` from an array literal's.
 */
import type { PathSegment } from "./ast";
import { ExpressionSyntaxError } from "./types";

export type Keyword = "AND" | "OR" | "HAS" | "IN" | "NOT" | "CONTAINS" | "TRUE" | "FALSE" | "NULL";
export type SymbolOperator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||";

type Span = { start: number; end: number };

export type Token = Span &
  (
    | { kind: "string"; value: string }
    | { kind: "number"; value: number }
    | { kind: "keyword"; keyword: Keyword }
    | { kind: "path"; segments: PathSegment[] }
    | { kind: "operator"; operator: SymbolOperator }
    | { kind: "punct"; char: "(" | ")" | "[" | "]" | "," }
    | { kind: "end" }
  );

const KEYWORDS: ReadonlySet<string> = new Set(["AND", "OR", "HAS", "IN", "NOT", "CONTAINS", "TRUE", "FALSE", "NULL"]);

// `=` is accepted as `==`: Twilio's own time-of-day example uses `taskrouter.dayOfWeek = 'Sat'`.
const SYMBOL_OPERATORS: Readonly<Record<string, SymbolOperator>> = {
  "==": "==",
  "=": "==",
  "!=": "!=",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
  "&&": "&&",
  "||": "||",
};

const OPERATOR_CHARS = "=!<>&|";
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isNameStart = (c: string | undefined): boolean => c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_");
const isNameChar = (c: string | undefined): boolean => isNameStart(c) || isDigit(c);
const isSpace = (c: string): boolean => c === " " || c === "\t" || c === "\n" || c === "\r";

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  function fail(message: string, position: number): never {
    throw new ExpressionSyntaxError(message, source, position);
  }
  let i = 0;

  while (i < source.length) {
    const c = source[i] as string;
    const start = i;

    if (isSpace(c)) {
      i++;
      continue;
    }

    if (c === '"' || c === "'") {
      let value = "";
      i++;
      for (;;) {
        const ch = source[i];
        if (ch === undefined) fail("Unterminated string", start);
        if (ch === c) break;
        if (ch === "\\") {
          const esc = source[i + 1];
          if (esc === "u") {
            const hex = source.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("Invalid \\u escape (expected four hex digits)", i);
            value += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            continue;
          }
          if (esc === undefined) fail("Unterminated string", start);
          const decoded = ESCAPES[esc];
          if (decoded === undefined) fail(`Unknown escape sequence '\\${esc}'`, i);
          value += decoded;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      i++; // closing quote
      tokens.push({ kind: "string", value, start, end: i });
      continue;
    }

    // A '-' is only the sign of a number: the docs say "Hyphens are not supported in TaskRouter expressions".
    if (isDigit(c) || (c === "-" && isDigit(source[i + 1]))) {
      if (c === "-") i++;
      while (isDigit(source[i])) i++;
      if (source[i] === ".") {
        if (!isDigit(source[i + 1])) fail("Expected digits after the decimal point", i + 1);
        i++;
        while (isDigit(source[i])) i++;
      }
      if (isNameChar(source[i]) || source[i] === ".") fail(`Unexpected character '${source[i]}' after a number`, i);
      // Number("0800") is 800, which is what Twilio's `taskrouter.currentTime > 0800` example needs.
      tokens.push({ kind: "number", value: Number(source.slice(start, i)), start, end: i });
      continue;
    }

    if (isNameStart(c)) {
      const readName = (): string => {
        const from = i;
        while (isNameChar(source[i])) i++;
        return source.slice(from, i);
      };
      const first = readName();
      // A keyword stays a keyword unless a '.' makes it the start of a path; this keeps `x IN[1]` an array literal.
      if (KEYWORDS.has(first.toUpperCase()) && source[i] !== ".") {
        tokens.push({ kind: "keyword", keyword: first.toUpperCase() as Keyword, start, end: i });
      } else {
        const segments: PathSegment[] = [first];
        for (;;) {
          if (source[i] === ".") {
            if (!isNameChar(source[i + 1])) fail("Expected an attribute name after '.'", i + 1);
            i++;
            segments.push(readName());
          } else if (source[i] === "[") {
            const open = i;
            i++;
            const from = i;
            while (isDigit(source[i])) i++;
            if (i === from || source[i] !== "]") fail("Expected a non-negative integer array index and ']' after '['", open);
            segments.push(Number(source.slice(from, i)));
            i++;
          } else {
            break;
          }
        }
        tokens.push({ kind: "path", segments, start, end: i });
      }
      if (source[i] === "-") fail("Hyphens are not supported in attribute names", i);
      continue;
    }

    if (OPERATOR_CHARS.includes(c)) {
      while (i < source.length && OPERATOR_CHARS.includes(source[i] as string)) i++;
      const text = source.slice(start, i);
      const operator = SYMBOL_OPERATORS[text];
      if (operator === undefined) {
        const hint = text === "!" ? " (only '!=' and 'NOT IN' negate)" : "";
        fail(`Unknown operator '${text}'${hint}`, start);
      }
      tokens.push({ kind: "operator", operator: operator as SymbolOperator, start, end: i });
      continue;
    }

    if (c === "(" || c === ")" || c === "[" || c === "]" || c === ",") {
      i++;
      tokens.push({ kind: "punct", char: c, start, end: i });
      continue;
    }

    if (c === "-") fail("Unexpected '-': hyphens are only allowed as the sign of a number", i);
    fail(`Unexpected character '${c}'`, i);
  }

  tokens.push({ kind: "end", start: source.length, end: source.length });
  return tokens;
}
