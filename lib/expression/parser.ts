/**
 * Recursive-descent parser from tokens to the AST.
 *
 *   expression := and ( (OR | "||") and )*
 *   and        := group ( (AND | "&&") group )*
 *   group      := "(" expression ")" | comparison
 *   comparison := value operator value
 *   operator   := == | = | != | < | <= | > | >= | HAS | IN | NOT IN | CONTAINS
 *   value      := string | number | TRUE | FALSE | NULL | "[" constants "]" | path
 *
 * AND binds tighter than OR. Comparisons do not chain (`a == b == c` is an error) and a bare value is
 * not a condition: the docs describe expressions as "simple comparisons ... grouped together by
 * parenthesis and logical operators". Only parentheses recurse, and their depth is capped.
 */
import type { ComparisonOperator, ExpressionNode, PathSegment, Scalar, ValueNode } from "./ast";
import { tokenize, type Token } from "./tokenizer";
import { ExpressionSyntaxError, type ExpressionOptions } from "./types";

/** Parenthesis nesting beyond this is rejected rather than risking the call stack. */
export const MAX_NESTING_DEPTH = 64;

export function parseExpression(source: string, options: ExpressionOptions = {}): ExpressionNode {
  const tokens = tokenize(source);
  let index = 0;
  let depth = 0;

  function fail(message: string, position: number): never {
    throw new ExpressionSyntaxError(message, source, position);
  }
  const peek = (): Token => tokens[index] as Token;
  const next = (): Token => tokens[index++] as Token;
  const text = (token: Token): string => source.slice(token.start, token.end);
  const previousText = (): string => {
    const previous = tokens[index - 1];
    return previous === undefined ? "" : text(previous);
  };

  const isOr = (t: Token) => (t.kind === "keyword" && t.keyword === "OR") || (t.kind === "operator" && t.operator === "||");
  const isAnd = (t: Token) => (t.kind === "keyword" && t.keyword === "AND") || (t.kind === "operator" && t.operator === "&&");

  function parseOr(): ExpressionNode {
    const operands = [parseAnd()];
    while (isOr(peek())) {
      next();
      operands.push(parseAnd());
    }
    return operands.length === 1 ? (operands[0] as ExpressionNode) : { kind: "or", operands };
  }

  function parseAnd(): ExpressionNode {
    const operands = [parseGroup()];
    while (isAnd(peek())) {
      next();
      operands.push(parseGroup());
    }
    return operands.length === 1 ? (operands[0] as ExpressionNode) : { kind: "and", operands };
  }

  function parseGroup(): ExpressionNode {
    const token = peek();
    if (token.kind === "punct" && token.char === "(") {
      if (depth >= MAX_NESTING_DEPTH)
        fail(`Expression is nested too deeply (more than ${MAX_NESTING_DEPTH} levels of parentheses)`, token.start);
      next();
      depth++;
      const inner = parseOr();
      depth--;
      const close = peek();
      if (!(close.kind === "punct" && close.char === ")")) {
        if (close.kind === "end") fail("Unclosed '('", token.start);
        fail(`Expected ')' or a logical operator but found '${text(close)}'`, close.start);
      }
      next();
      return inner;
    }
    if (token.kind === "end") fail(`Unexpected end of expression: expected a condition${afterPrevious()}`, token.start);
    if (token.kind === "keyword" && token.keyword === "NOT") fail("NOT is only supported as part of 'NOT IN'", token.start);
    return parseComparison();
  }

  const afterPrevious = (): string => (index > 0 ? ` after '${previousText()}'` : "");

  function parseComparison(): ExpressionNode {
    const left = parseValue();
    const operator = parseOperator();
    const right = parseValue();
    const after = peek();
    if (after.kind === "operator" && after.operator !== "&&" && after.operator !== "||") {
      fail(`Comparisons cannot be chained; join them with AND or OR (found '${text(after)}')`, after.start);
    }
    if (after.kind === "keyword" && ["HAS", "IN", "NOT", "CONTAINS"].includes(after.keyword)) {
      fail(`Comparisons cannot be chained; join them with AND or OR (found '${text(after)}')`, after.start);
    }
    return { kind: "comparison", operator, left, right };
  }

  function parseOperator(): ComparisonOperator {
    const token = peek();
    const subject = previousText();
    if (token.kind === "operator") {
      if (token.operator === "&&" || token.operator === "||") {
        fail(`Expected a comparison operator after '${subject}' but found '${text(token)}'; a bare value is not a condition`, token.start);
      }
      next();
      return token.operator;
    }
    if (token.kind === "keyword") {
      switch (token.keyword) {
        case "HAS":
        case "IN":
        case "CONTAINS":
          next();
          return token.keyword;
        case "NOT": {
          next();
          const following = peek();
          if (following.kind === "keyword" && following.keyword === "IN") {
            next();
            return "NOT IN";
          }
          return fail("Expected 'IN' after 'NOT'", following.start);
        }
        default:
          return fail(
            `Expected a comparison operator after '${subject}' but found '${text(token)}'; a bare value is not a condition`,
            token.start,
          );
      }
    }
    if (token.kind === "end") return fail(`Unexpected end of expression: expected a comparison operator after '${subject}'`, token.start);
    if (token.kind === "path") return fail(`Unknown operator '${text(token)}'`, token.start);
    return fail(`Expected a comparison operator after '${subject}' but found '${text(token)}'`, token.start);
  }

  function parseValue(): ValueNode {
    const token = peek();
    const constant = constantOf(token);
    if (constant !== undefined) {
      next();
      return { kind: "literal", value: constant.value };
    }
    if (token.kind === "punct" && token.char === "[") return parseArray();
    if (token.kind === "path") {
      next();
      return resolveReference(token.segments, token.start);
    }
    if (token.kind === "end") return fail(`Unexpected end of expression: expected a value${afterPrevious()}`, token.start);
    return fail(`Expected a value${afterPrevious()} but found '${text(token)}'`, token.start);
  }

  function parseArray(): ValueNode {
    const open = next();
    const items: Scalar[] = [];
    const isClose = (t: Token) => t.kind === "punct" && t.char === "]";
    if (isClose(peek())) {
      next();
      return { kind: "array", items };
    }
    for (;;) {
      const token = peek();
      if (token.kind === "end") fail("Unclosed '['", open.start);
      const constant = constantOf(token);
      if (constant === undefined)
        fail(`Array literals may only contain constants (strings, numbers, true, false, null); found '${text(token)}'`, token.start);
      next();
      items.push(constant.value);
      const separator = peek();
      if (isClose(separator)) {
        next();
        return { kind: "array", items };
      }
      if (separator.kind === "end") fail("Unclosed '['", open.start);
      if (!(separator.kind === "punct" && separator.char === ","))
        fail(`Expected ',' or ']' in array literal but found '${text(separator)}'`, separator.start);
      next();
    }
  }

  function resolveReference(segments: PathSegment[], position: number): ValueNode {
    const [head, second] = segments;
    // `worker.x` / `task.x` pick the document; anything else is a key of the default document.
    if ((head === "worker" || head === "task") && typeof second === "string") {
      return { kind: "reference", scope: head, path: segments.slice(1) };
    }
    if (options.defaultScope === undefined) {
      fail(`Attribute '${String(head)}' must be prefixed with 'worker.' or 'task.'`, position);
    }
    return { kind: "reference", scope: options.defaultScope, path: segments };
  }

  const tree = parseOr();
  const rest = peek();
  if (rest.kind !== "end") {
    if (rest.kind === "punct" && rest.char === ")") fail("Unmatched ')'", rest.start);
    fail(`Expected AND, OR or the end of the expression but found '${text(rest)}'`, rest.start);
  }
  return tree;
}

function constantOf(token: Token): { value: Scalar } | undefined {
  switch (token.kind) {
    case "string":
    case "number":
      return { value: token.value };
    case "keyword":
      if (token.keyword === "TRUE") return { value: true };
      if (token.keyword === "FALSE") return { value: false };
      if (token.keyword === "NULL") return { value: null };
      return undefined;
    default:
      return undefined;
  }
}
