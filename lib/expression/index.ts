/**
 * The TaskRouter expression language (targetWorkers, workflow filters and targets).
 * Implementation lives in this folder; this file is its public surface.
 *
 * - TaskQueue TargetWorkers: `compileExpression(targetWorkers, { defaultScope: "worker" })`
 * - Workflow filter:         `compileExpression(filter.expression, { defaultScope: "task" })`
 * - Workflow target:         `compileExpression(target.expression)` (every attribute must say `worker.`
 *   or `task.`, as Twilio requires; put `sid`, `friendly_name`, `activity_sid`, `activity_name` into
 *   the worker context alongside its attributes).
 * Semantics and what the Twilio docs confirm are described at the top of ./evaluator.ts.
 */
export type { ExpressionScope, ExpressionContext, ExpressionOptions, CompiledExpression } from "./types";
export { ExpressionSyntaxError } from "./types";
export type { ExpressionNode, ValueNode, ComparisonOperator, PathSegment, Scalar } from "./ast";
export { compileExpression, validateExpression, expressionCacheSize, EXPRESSION_CACHE_LIMIT } from "./compile";
export type { ExpressionValidation } from "./compile";
export { parseExpression, MAX_NESTING_DEPTH } from "./parser";
export { evaluateExpression } from "./evaluator";
