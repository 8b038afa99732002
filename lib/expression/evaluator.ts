/**
 * Evaluates a parsed expression against worker and/or task attributes.
 *
 * Confirmed in Twilio's "Using TaskRouter Expressions" page (twilio.com/docs/taskrouter/expression-syntax):
 * - Constants: single- or double-quoted strings, integer or floating point numbers, unquoted true/false;
 *   "Constants can be the left or right values of a comparison operator".
 * - Keys are unquoted, dot notation for sub-properties, square brackets for array indices
 *   (`object.array[2]` is "c" for ["a","b","c"], so 0-based). "If the document does not contain the
 *   requested key, it resolves to NULL."
 * - Scalar operators: > >= == != <= < and CONTAINS ("does the scalar value on the left contain the
 *   scalar value on the right"). Array operators: HAS ("does Array on the left contain the value on
 *   the right"), IN and NOT IN ("does the scalar value on the left (not) exist in the array on the
 *   right"). "Using scalar operators on Arrays results in false. Using array operators on two scalar
 *   values also returns false."
 * - Logical operators: AND, OR, parentheses. No unary NOT is documented, so none is accepted.
 * - "Hyphens are not supported in TaskRouter expressions."
 * - Target (routing step) expressions: "All attributes must be prefixed by task. or worker." and may use
 *   the worker fields sid, friendly_name, activity_sid, activity_name (callers put those in `worker`).
 * - Time-of-day page: `taskrouter.dayOfWeek = 'Sat'` (single `=`), `taskrouter.currentHour > 8` where
 *   currentHour "is a string", and `currentTime > 0800`.
 * - Lowercase `and` / `not in` appear in working customer expressions, so keywords are case-insensitive.
 *
 * Decided here (the docs are silent), each covered by tests:
 * - NULL (missing key or `null`) equals only NULL. So `attr == null` tests absence and `attr != 'x'` is
 *   TRUE when attr is missing: `!=` is the negation of `==` for scalars. Production Flex configurations
 *   rely on this (`task.transferTargetType != 'worker'` routing tasks that have no transferTargetType;
 *   `flexOutboundDialerTargetWorker != null`). Two missing keys compare equal.
 * - Every other operator is false when either side is NULL, except NOT IN with a NULL left side, which
 *   is true (it is the AND of `!=` against each element).
 * - A number and a numeric string compare as numbers, for == != and the ordering operators (needed for
 *   the currentHour example). Two strings compare as strings, case-sensitively, by UTF-16 code units.
 *   Booleans only equal booleans; no other coercion.
 * - CONTAINS is substring search between two strings, case-sensitive; false for anything else,
 *   including an array on the left (the docs list CONTAINS as a scalar operator; use HAS for arrays).
 * - HAS needs an array on the left and a non-NULL scalar on the right; IN / NOT IN need a scalar on the
 *   left and an array on the right. An array literal is as good as an array attribute on either side.
 * - Only own properties of plain objects are followed, so `constructor` or `__proto__` resolve to NULL.
 */
import type { ComparisonOperator, ExpressionNode, Scalar, ValueNode } from "./ast";
import type { ExpressionContext } from "./types";

export function evaluateExpression(node: ExpressionNode, context: ExpressionContext): boolean {
  switch (node.kind) {
    case "and":
      for (const operand of node.operands) if (!evaluateExpression(operand, context)) return false;
      return true;
    case "or":
      for (const operand of node.operands) if (evaluateExpression(operand, context)) return true;
      return false;
    case "comparison":
      return compare(node.operator, operandValue(node.left, context), operandValue(node.right, context));
  }
}

function operandValue(node: ValueNode, context: ExpressionContext): unknown {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "array":
      return node.items;
    case "reference": {
      let current: unknown = node.scope === "worker" ? context.worker : context.task;
      for (const segment of node.path) {
        if (typeof segment === "number") {
          if (!Array.isArray(current) || segment >= current.length) return null;
          current = current[segment];
        } else {
          if (current === null || typeof current !== "object" || Array.isArray(current) || !Object.hasOwn(current, segment)) {
            return null;
          }
          current = (current as Record<string, unknown>)[segment];
        }
      }
      return current === undefined ? null : current;
    }
  }
}

const isScalar = (v: unknown): v is Scalar =>
  v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && !Number.isNaN(v));

// Plain decimal notation only, so "0x1F", "Infinity" or "" never become numbers.
const NUMERIC_STRING = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The string as a number when it is written as one, else undefined. */
function numericString(s: string): number | undefined {
  return NUMERIC_STRING.test(s) ? Number(s) : undefined;
}

function scalarEquals(a: Scalar, b: Scalar): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "string") return numericString(b) === a;
  if (typeof a === "string" && typeof b === "number") return numericString(a) === b;
  return false;
}

/** Negative, zero or positive for an ordered pair; undefined when the pair has no order. */
function order(a: Scalar, b: Scalar): number | undefined {
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === "number" ? a : typeof a === "string" && typeof b === "number" ? numericString(a) : undefined;
  const y = typeof b === "number" ? b : typeof b === "string" && typeof a === "number" ? numericString(b) : undefined;
  return x === undefined || y === undefined ? undefined : x - y;
}

const arrayHas = (array: unknown[], value: Scalar): boolean => array.some((item) => isScalar(item) && scalarEquals(item, value));

function compare(operator: ComparisonOperator, left: unknown, right: unknown): boolean {
  switch (operator) {
    case "==":
      return isScalar(left) && isScalar(right) && scalarEquals(left, right);
    case "!=":
      return isScalar(left) && isScalar(right) && !scalarEquals(left, right);
    case "<":
    case "<=":
    case ">":
    case ">=": {
      if (!isScalar(left) || !isScalar(right)) return false;
      const difference = order(left, right);
      if (difference === undefined) return false;
      if (operator === "<") return difference < 0;
      if (operator === "<=") return difference <= 0;
      if (operator === ">") return difference > 0;
      return difference >= 0;
    }
    case "CONTAINS":
      return typeof left === "string" && typeof right === "string" && left.includes(right);
    case "HAS":
      return Array.isArray(left) && isScalar(right) && right !== null && arrayHas(left, right);
    case "IN":
      return isScalar(left) && left !== null && Array.isArray(right) && arrayHas(right, left);
    case "NOT IN":
      return isScalar(left) && Array.isArray(right) && !arrayHas(right, left);
  }
}
