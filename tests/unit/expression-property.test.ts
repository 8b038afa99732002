import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compileExpression,
  evaluateExpression,
  parseExpression,
  type ComparisonOperator,
  type ExpressionContext,
  type ExpressionNode,
  type PathSegment,
  type Scalar,
  type ValueNode,
} from "@/lib/expression";

// ---- A tiny printer: AST → source, in one of several equivalent spellings. ----

type Style = { symbols: boolean; lowercase: boolean; bare: boolean; parens: boolean; singleEquals: boolean };

const KEYWORDS = new Set(["and", "or", "has", "in", "not", "contains", "true", "false", "null"]);

function printString(s: string, single: boolean): string {
  if (!single) return JSON.stringify(s);
  let out = "'";
  for (const ch of s) {
    if (ch === "'" || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch.charCodeAt(0) < 0x20) out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}'`;
}

function printScalar(value: Scalar, style: Style): string {
  if (typeof value === "string") return printString(value, value.length % 2 === 1);
  if (typeof value === "number") return String(value);
  const word = String(value);
  return style.lowercase ? word : word.toUpperCase();
}

function printPath(path: PathSegment[]): string {
  return path.map((segment, i) => (typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join("");
}

function printValue(node: ValueNode, style: Style): string {
  switch (node.kind) {
    case "literal":
      return printScalar(node.value, style);
    case "array":
      return `[${node.items.map((item) => printScalar(item, style)).join(", ")}]`;
    case "reference": {
      const head = node.path[0];
      const canBeBare =
        style.bare && node.scope === "worker" && typeof head === "string" && head !== "worker" && head !== "task" && !KEYWORDS.has(head);
      return canBeBare ? printPath(node.path) : `${node.scope}.${printPath(node.path)}`;
    }
  }
}

function printOperator(operator: ComparisonOperator, style: Style): string {
  if (operator === "==" && style.singleEquals) return "=";
  return style.lowercase ? operator.toLowerCase() : operator;
}

function print(node: ExpressionNode, style: Style): string {
  if (node.kind === "comparison") {
    const text = `${printValue(node.left, style)} ${printOperator(node.operator, style)} ${printValue(node.right, style)}`;
    return style.parens ? `(${text})` : text;
  }
  const joiner = node.kind === "and" ? (style.symbols ? "&&" : "AND") : style.symbols ? "||" : "OR";
  const word = style.lowercase ? joiner.toLowerCase() : joiner;
  // Compound operands are always parenthesised so the printed form parses back to the same tree.
  return node.operands
    .map((operand) => (operand.kind === "comparison" ? print(operand, style) : `(${print(operand, style)})`))
    .join(` ${word} `);
}

// ---- Generators ----

// Small pools, weighted towards values that collide, so comparisons are true often enough to matter.
const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  { arbitrary: fc.constantFrom("a", "b", "B", "ab", "", "3", " 3", "-1.5", "x'y", 'q"z', "back\\slash", "new\nline", "ünï"), weight: 4 },
  { arbitrary: fc.string({ maxLength: 4 }), weight: 1 },
  { arbitrary: fc.integer({ min: -3, max: 3 }), weight: 3 },
  { arbitrary: fc.integer({ min: -300, max: 300 }).map((n) => n / 100), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
);

const attributeValue: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 4 }),
  fc.constant(undefined), // a missing key
);

// `list` keys are usually arrays so HAS / IN / NOT IN get real work.
const listValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.array(scalar, { minLength: 1, maxLength: 6 }), weight: 4 },
  { arbitrary: attributeValue, weight: 1 },
);

const documentArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    a: attributeValue,
    b: attributeValue,
    list: listValue,
    nested: fc.record({ x: attributeValue, list: listValue }),
  })
  .map((doc) => JSON.parse(JSON.stringify(doc)) as Record<string, unknown>); // drop undefined keys, like real JSON

const contextArb: fc.Arbitrary<ExpressionContext> = fc.record({ worker: documentArb, task: documentArb });

const paths: PathSegment[][] = [
  ["a"],
  ["b"],
  ["list"],
  ["list", 0],
  ["list", 2],
  ["nested", "x"],
  ["nested", "list", 1],
  ["missing"],
  ["nested", "missing", "deep"],
];

const literalArb = scalar.map((value): ValueNode => ({ kind: "literal", value }));
const arrayLiteralArb = fc.array(scalar, { maxLength: 4 }).map((items): ValueNode => ({ kind: "array", items }));
const referenceArb = fc
  .record({ scope: fc.constantFrom("worker" as const, "task" as const), path: fc.constantFrom(...paths) })
  .map(({ scope, path }): ValueNode => ({ kind: "reference", scope, path: [...path] }));
const scalarSide = fc.oneof(literalArb, referenceArb);
const arraySide = fc.oneof(arrayLiteralArb, referenceArb);
const anySide = fc.oneof(literalArb, arrayLiteralArb, referenceArb);

const operators: ComparisonOperator[] = ["==", "!=", "<", "<=", ">", ">=", "HAS", "IN", "NOT IN", "CONTAINS"];

// Mostly well-typed operands for each operator, sometimes anything (which must then be false, not throw).
const comparisonArb: fc.Arbitrary<ExpressionNode> = fc.constantFrom(...operators).chain((operator) => {
  const [left, right] =
    operator === "HAS"
      ? [arraySide, scalarSide]
      : operator === "IN" || operator === "NOT IN"
        ? [scalarSide, arraySide]
        : [scalarSide, scalarSide];
  const sides = fc.oneof({ arbitrary: fc.tuple(left, right), weight: 4 }, { arbitrary: fc.tuple(anySide, anySide), weight: 1 });
  return sides.map(([l, r]): ExpressionNode => ({ kind: "comparison", operator, left: l, right: r }));
});

const { expression: expressionArb } = fc.letrec<{ expression: ExpressionNode }>((tie) => ({
  expression: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    comparisonArb,
    fc.array(tie("expression"), { minLength: 2, maxLength: 4 }).map((operands): ExpressionNode => ({ kind: "and", operands })),
    fc.array(tie("expression"), { minLength: 2, maxLength: 4 }).map((operands): ExpressionNode => ({ kind: "or", operands })),
  ),
}));

const styleArb: fc.Arbitrary<Style> = fc.record({
  symbols: fc.boolean(),
  lowercase: fc.boolean(),
  bare: fc.boolean(),
  parens: fc.boolean(),
  singleEquals: fc.boolean(),
});

// ---- Properties ----

describe("expression properties", () => {
  it("compiling the printed form of an AST gives the same truth value as evaluating the AST", () => {
    fc.assert(
      fc.property(expressionArb, styleArb, contextArb, (tree, style, context) => {
        const source = print(tree, style);
        const compiled = compileExpression(source, { defaultScope: "worker" });
        expect(compiled(context)).toBe(evaluateExpression(tree, context));
      }),
      { numRuns: 2000 },
    );
  });

  it("printing then parsing gives back the same AST", () => {
    fc.assert(
      fc.property(expressionArb, styleArb, (tree, style) => {
        expect(parseExpression(print(tree, style), { defaultScope: "worker" })).toEqual(tree);
      }),
      { numRuns: 1000 },
    );
  });

  it("comparisons are symmetric: a < b ⇔ b > a, a <= b ⇔ b >= a, a == b ⇔ b == a, a != b ⇔ b != a", () => {
    const literal = (value: Scalar): ValueNode => ({ kind: "literal", value });
    const run = (operator: ComparisonOperator, left: Scalar, right: Scalar) =>
      evaluateExpression({ kind: "comparison", operator, left: literal(left), right: literal(right) }, {});
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        expect(run("<", a, b)).toBe(run(">", b, a));
        expect(run("<=", a, b)).toBe(run(">=", b, a));
        expect(run("==", a, b)).toBe(run("==", b, a));
        expect(run("!=", a, b)).toBe(run("!=", b, a));
        expect(run("!=", a, b)).toBe(!run("==", a, b)); // for scalars, != is exactly the negation of ==
      }),
      { numRuns: 2000 },
    );
  });

  it("IN and NOT IN partition scalars against any array; HAS mirrors IN", () => {
    fc.assert(
      fc.property(scalar, fc.array(scalar, { maxLength: 5 }), (value, items) => {
        const context: ExpressionContext = { worker: { value, items } };
        const is = (source: string) => compileExpression(source, { defaultScope: "worker" })(context);
        if (value !== null) expect(is("value IN items")).toBe(!is("value NOT IN items"));
        expect(is("items HAS value")).toBe(is("value IN items"));
      }),
      { numRuns: 1000 },
    );
  });
});
