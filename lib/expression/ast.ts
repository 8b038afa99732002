/**
 * The syntax tree the parser produces and the evaluator walks. It carries no source positions: all
 * errors are reported while parsing, so evaluation never needs them.
 */
import type { ExpressionScope } from "./types";

/** A constant as written in an expression. */
export type Scalar = string | number | boolean | null;

export type ComparisonOperator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "HAS" | "IN" | "NOT IN" | "CONTAINS";

/** One step of an attribute path: a key (`.name`) or an array index (`[2]`). */
export type PathSegment = string | number;

export type ValueNode =
  | { kind: "literal"; value: Scalar }
  | { kind: "array"; items: Scalar[] }
  | { kind: "reference"; scope: ExpressionScope; path: PathSegment[] };

export type ExpressionNode =
  | { kind: "comparison"; operator: ComparisonOperator; left: ValueNode; right: ValueNode }
  // AND / OR chains are n-ary (not nested binary nodes) so a long chain cannot deepen the tree.
  | { kind: "and"; operands: ExpressionNode[] }
  | { kind: "or"; operands: ExpressionNode[] };
