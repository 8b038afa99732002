import { describe, expect, it } from "vitest";
import { compileExpression, ExpressionSyntaxError, MAX_NESTING_DEPTH, validateExpression } from "@/lib/expression";

type ErrorCase = [source: string, fragment: string, position: number];

function expectSyntaxError(source: string, fragment: string, position: number) {
  let caught: unknown;
  try {
    compileExpression(source, { defaultScope: "worker" });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ExpressionSyntaxError);
  const error = caught as ExpressionSyntaxError;
  expect(error.detail).toContain(fragment);
  expect(error.position).toBe(position);
  expect(error.expression).toBe(source);
  expect(error.message).toContain(`at position ${position} in ${JSON.stringify(source)}`);
  expect(validateExpression(source, { defaultScope: "worker" })).toEqual({ ok: false, message: error.message, position });
}

describe("syntax errors report what and where", () => {
  it.each<ErrorCase>([
    // empty input
    ["", "Unexpected end of expression: expected a condition", 0],
    ["   ", "Unexpected end of expression: expected a condition", 3],
    // unterminated strings: position of the opening quote
    ['team == "Blue', "Unterminated string", 8],
    ["team == 'Blue", "Unterminated string", 8],
    ["team == \"Blue'", "Unterminated string", 8],
    ['team == "Blue\\"', "Unterminated string", 8],
    // bad escapes
    ['team == "a\\qb"', "Unknown escape sequence '\\q'", 10],
    ['team == "\\u12"', "Invalid \\u escape", 9],
    // dangling operators: position is the end of input
    ["skills HAS", "expected a value after 'HAS'", 10],
    ["level >=", "expected a value after '>='", 8],
    ["level == 1 AND", "expected a condition after 'AND'", 14],
    ["level == 1 OR ", "expected a condition after 'OR'", 14],
    ["level == 1 &&", "expected a condition after '&&'", 13],
    ["team NOT", "Expected 'IN' after 'NOT'", 8],
    ["team NOT HAS 'x'", "Expected 'IN' after 'NOT'", 9],
    ["team", "expected a comparison operator after 'team'", 4],
    ["AND level == 1", "Expected a value but found 'AND'", 0],
    ["== 1", "Expected a value but found '=='", 0],
    // unbalanced parentheses
    ["(level == 1", "Unclosed '('", 0],
    ["((level == 1)", "Unclosed '('", 0],
    ["level == 1)", "Unmatched ')'", 10],
    ["(level == 1))", "Unmatched ')'", 12],
    ["()", "Expected a value after '(' but found ')'", 1],
    ["(level == 1 team == 2)", "Expected ')' or a logical operator but found 'team'", 12],
    // unknown operators
    ["level === 1", "Unknown operator '==='", 6],
    ["level <> 1", "Unknown operator '<>'", 6],
    ["level => 1", "Unknown operator '=>'", 6],
    ["level & 1", "Unknown operator '&'", 6],
    ["level | 1", "Unknown operator '|'", 6],
    ["level ! 1", "Unknown operator '!'", 6],
    ["!(level == 1)", "Unknown operator '!'", 0],
    ["team LIKE 'B%'", "Unknown operator 'LIKE'", 5],
    ["level ~ 1", "Unexpected character '~'", 6],
    ["level == 1 # comment", "Unexpected character '#'", 11],
    // NOT is only NOT IN
    ["NOT level == 1", "NOT is only supported as part of 'NOT IN'", 0],
    ["level == 1 AND NOT (team == 'x')", "NOT is only supported as part of 'NOT IN'", 15],
    // missing operator / chaining / bare values
    ['skills "billing"', "Expected a comparison operator after 'skills' but found '\"billing\"'", 7],
    ["1 == 1 == 1", "Comparisons cannot be chained", 7],
    ["skills HAS 'a' HAS 'b'", "Comparisons cannot be chained", 15],
    ["active AND level == 1", "a bare value is not a condition", 7],
    ["true", "expected a comparison operator after 'true'", 4],
    ["level == 1 level == 2", "Expected AND, OR or the end of the expression but found 'level'", 11],
    // hyphens
    ["skill-level == 1", "Hyphens are not supported in attribute names", 5],
    ["worker.skill-level == 1", "Hyphens are not supported in attribute names", 12],
    ["level == - 1", "hyphens are only allowed as the sign of a number", 9],
    ["level-1 == 1", "Hyphens are not supported in attribute names", 5],
    // numbers
    ["level == 1.", "Expected digits after the decimal point", 11],
    ["level == 1.x", "Expected digits after the decimal point", 11],
    ["level == 12abc", "Unexpected character 'a' after a number", 11],
    ["level == 1.2.3", "Unexpected character '.' after a number", 12],
    // paths
    ["worker. == 1", "Expected an attribute name after '.'", 7],
    ["skills[x] == 1", "Expected a non-negative integer array index", 6],
    ["skills[1 == 1", "Expected a non-negative integer array index", 6],
    ["skills[-1] == 1", "Expected a non-negative integer array index", 6],
    // array literals
    ["team IN ['a', 'b'", "Unclosed '['", 8],
    ["team IN [", "Unclosed '['", 8],
    ["team IN ['a',, 'b']", "Array literals may only contain constants", 13],
    ["team IN ['a', team]", "Array literals may only contain constants", 14],
    ["team IN ['a' 'b']", "Expected ',' or ']' in array literal", 13],
    ["team IN [['a']]", "Array literals may only contain constants", 9],
  ])("%j → %s @%d", (source, fragment, position) => {
    expectSyntaxError(source, fragment, position);
  });

  it("rejects bare attributes when no default scope is given", () => {
    const result = validateExpression("worker.sid == task.sid AND skills HAS 'x'");
    expect(result).toMatchObject({ ok: false, position: 27 });
    expect(!result.ok && result.message).toContain("Attribute 'skills' must be prefixed with 'worker.' or 'task.'");
  });
});

describe("nesting depth is bounded", () => {
  const nested = (levels: number) => `${"(".repeat(levels)}1 == 1${")".repeat(levels)}`;

  it(`accepts ${MAX_NESTING_DEPTH} levels of parentheses`, () => {
    expect(compileExpression(nested(MAX_NESTING_DEPTH), { defaultScope: "worker" })({})).toBe(true);
  });

  it("rejects one more level with a clear error at the offending parenthesis", () => {
    expectSyntaxError(nested(MAX_NESTING_DEPTH + 1), "nested too deeply", MAX_NESTING_DEPTH);
  });

  it("rejects absurd nesting without overflowing the stack", () => {
    const result = validateExpression(nested(100_000), { defaultScope: "worker" });
    expect(result).toMatchObject({ ok: false, position: MAX_NESTING_DEPTH });
  });
});
